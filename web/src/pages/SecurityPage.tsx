import { useState } from 'react';
import { useAuth } from '../api/AuthContext';
import { ApiKeysSection } from '../components/account/ApiKeysSection';
import { PasswordSection } from '../components/account/PasswordSection';
import { ProfileSection } from '../components/account/ProfileSection';
import { SecurityLogSection } from '../components/account/SecurityLogSection';
import { SessionsSection } from '../components/account/SessionsSection';
import { TwoFactorSection } from '../components/account/TwoFactorSection';
import './SecurityPage.css';

/**
 * Account security: profile, 2FA, password, sessions, API keys and the security log. An account that must turn on 2FA
 * first (operator policy) sees only the profile and 2FA until it has: the server refuses everything else meanwhile.
 */
export function SecurityPage() {
  const { tokens, profile } = useAuth();
  // Bumped by any change that ends sessions or writes security events, so those lists load again.
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  const setupFirst = tokens?.twoFactorSetupRequired ?? false;

  return (
    <div className="page security-page">
      <h1>Security</h1>
      {setupFirst && (
        <p className="notice" role="status">
          Your account requires two-factor authentication. Turn it on below to continue.
        </p>
      )}
      <div className="security-grid">
        <ProfileSection profile={profile} />
        <TwoFactorSection onChanged={changed} />
        {!setupFirst && (
          <>
            <PasswordSection onChanged={changed} />
            <div className="security-wide">
              <SessionsSection version={version} onChanged={changed} />
            </div>
            <div className="security-wide">
              <ApiKeysSection onChanged={changed} />
            </div>
            <div className="security-wide">
              <SecurityLogSection version={version} />
            </div>
          </>
        )}
      </div>
    </div>
  );
}
