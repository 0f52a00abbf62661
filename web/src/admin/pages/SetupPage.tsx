import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { completeOperatorSetup } from '../../api/admin';
import { ApiError } from '../../api/ApiError';
import { currentTokens, setTokens } from '../../api/session';
import { AuthCard } from '../../components/account/AuthCard';
import { accountErrorMessage, fieldOf } from '../../components/account/errors';
import { NewPasswordField } from '../../components/account/PasswordField';
import { Button, ErrorText } from '../../components/ui';

/**
 * /admin/setup?token=… — the one-time link `bourse admin create` or an admin's invitation prints: the new operator
 * chooses a password, then signs in and turns on two-factor authentication through the ordinary pages (operators always
 * use it; the back office opens only to a session signed in with a code).
 */
export function SetupPage() {
  const [search] = useSearchParams();
  const token = search.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await completeOperatorSetup(token, password);
      // Whoever was signed in in this browser is not the new operator.
      if (currentTokens()) {
        setTokens(null);
      }
      setDone(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  if (!token) {
    return (
      <AuthCard title="Set up your operator account">
        <p className="error" role="alert">
          This link has no setup token. Open the link you were given again, or ask an admin for a new one.
        </p>
      </AuthCard>
    );
  }

  if (done) {
    return (
      <AuthCard title="Set up your operator account" footer={<Link to="/login?next=/admin">Go to sign in</Link>}>
        <p className="notice" role="status">
          Password set. Sign in with it, then turn on two-factor authentication on the Security page when asked: the back office
          opens only to sessions signed in with a code.
        </p>
      </AuthCard>
    );
  }

  const onPassword = fieldOf(error, { weak_password: 'password' }) === 'password';
  const expired = error instanceof ApiError && error.code === 'invalid_token';
  return (
    <AuthCard title="Set up your operator account">
      <form onSubmit={submit} noValidate>
        <NewPasswordField
          label="Password"
          value={password}
          error={onPassword ? accountErrorMessage(error) : undefined}
          onChange={(e) => setPassword(e.target.value)}
        />
        {!onPassword && <ErrorText error={error ? accountErrorMessage(error) + (expired ? ' Ask an admin for a new link.' : '') : null} />}
        <Button type="submit" busy={busy}>
          Set password
        </Button>
      </form>
    </AuthCard>
  );
}
