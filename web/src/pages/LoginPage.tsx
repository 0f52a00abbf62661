import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/ApiError';
import { useAuth } from '../api/AuthContext';
import { currentTokens } from '../api/session';
import { AuthCard } from '../components/account/AuthCard';
import { accountErrorMessage, cleanCode, safeNext } from '../components/account/errors';
import { Button, ErrorText, Field } from '../components/ui';
import './LoginPage.css';

/**
 * Sign-in. With 2FA on the server first answers two_factor_required: the code field appears (email and password stay
 * filled) and "Sign in" sends all three; a recovery code goes in the same field.
 */
export function LoginPage() {
  const { tokens, signIn } = useAuth();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const next = safeNext(search.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needCode, setNeedCode] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [signedInHere, setSignedInHere] = useState(false);

  if (tokens && !signedInHere) {
    // Already signed in (another tab, or a bookmarked /login): go where the visitor was heading.
    return <Navigate to={next} replace />;
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setSignedInHere(true);
      await signIn(email.trim(), password, needCode ? cleanCode(code) : undefined);
      // An account that must turn on 2FA first can reach nothing else until it has.
      navigate(currentTokens()?.twoFactorSetupRequired ? '/security' : next, { replace: true });
    } catch (failure) {
      setSignedInHere(false);
      if (failure instanceof ApiError && failure.code === 'two_factor_required') {
        setNeedCode(true);
      } else {
        setError(failure);
      }
    } finally {
      setBusy(false);
    }
  };

  const codeError = error instanceof ApiError && error.code === 'invalid_two_factor_code' ? error.message : undefined;
  return (
    <AuthCard
      title="Sign in"
      footer={
        <>
          <Link to="/forgot-password">Forgot password?</Link>
          <span>
            New here? <Link to="/signup">Create an account</Link>
          </span>
        </>
      }
    >
      <form onSubmit={submit} noValidate>
        <Field label="Email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {needCode && (
          <>
            <p className="login-code-prompt" role="status">
              Two-factor authentication is on for this account. Enter the 6-digit code from your authenticator app, or one of
              your recovery codes.
            </p>
            <Field
              autoFocus
              label="Authentication code"
              autoComplete="one-time-code"
              inputMode="text"
              spellCheck={false}
              autoCapitalize="off"
              required
              value={code}
              error={codeError}
              onChange={(e) => setCode(e.target.value)}
            />
          </>
        )}
        {!codeError && <ErrorText error={error ? accountErrorMessage(error) : null} />}
        <Button type="submit" busy={busy}>
          Sign in
        </Button>
      </form>
    </AuthCard>
  );
}
