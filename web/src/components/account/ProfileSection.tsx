import { useState } from 'react';
import type { Profile } from '../../api/AuthContext';
import { resendVerification } from '../../api/auth';
import { Button, ErrorText, Loading, Panel } from '../ui';
import { accountErrorMessage } from './errors';

/** Email and whether it is verified, with a way to get a fresh verification link. */
export function ProfileSection({ profile }: { profile: Profile | null }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);

  const resend = async () => {
    setBusy(true);
    setError(null);
    try {
      await resendVerification();
      setSent(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Panel title="Profile">
      {!profile ? (
        <Loading />
      ) : (
        <dl className="security-facts">
          <dt>Email</dt>
          <dd className="security-email">{profile.email}</dd>
          <dt>Status</dt>
          <dd>
            {profile.emailVerified ? (
              <span className="badge good">Verified</span>
            ) : (
              <div className="stack">
                <span className="badge warn">Not verified</span>
                <span className="muted">Verify your email to create API keys.</span>
                {sent ? (
                  <p className="notice" role="status">
                    Verification email sent to {profile.email}.
                  </p>
                ) : (
                  <Button type="button" className="button subtle" busy={busy} onClick={() => void resend()}>
                    Resend verification email
                  </Button>
                )}
                <ErrorText error={error ? accountErrorMessage(error) : null} />
              </div>
            )}
          </dd>
          <dt>Member since</dt>
          <dd>{new Date(profile.createdAt).toLocaleDateString(undefined, { dateStyle: 'medium' })}</dd>
        </dl>
      )}
    </Panel>
  );
}
