import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/ApiError';
import { resetPassword } from '../api/auth';
import { currentTokens, setTokens } from '../api/session';
import { AuthCard } from '../components/account/AuthCard';
import { accountErrorMessage, fieldOf } from '../components/account/errors';
import { NewPasswordField } from '../components/account/PasswordField';
import { Button, ErrorText } from '../components/ui';

/** Sets a new password with the emailed token (?token=…); the server then ends every session of the account. */
export function ResetPasswordPage() {
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
      await resetPassword(token, password);
      // Every session of the account just ended, this browser's included.
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
      <AuthCard title="Set a new password" footer={<Link to="/forgot-password">Request a new link</Link>}>
        <p className="error" role="alert">
          This link has no reset token. Open the link from the email again, or request a new one.
        </p>
      </AuthCard>
    );
  }

  if (done) {
    return (
      <AuthCard title="Set a new password" footer={<Link to="/login">Go to sign in</Link>}>
        <p className="notice" role="status">
          Password changed. Every device was signed out; sign in again with the new password.
        </p>
      </AuthCard>
    );
  }

  const onPassword = fieldOf(error, { weak_password: 'password' }) === 'password';
  const expired = error instanceof ApiError && error.code === 'invalid_token';
  return (
    <AuthCard title="Set a new password" footer={<Link to="/forgot-password">Request a new link</Link>}>
      <form onSubmit={submit} noValidate>
        <NewPasswordField
          label="New password"
          value={password}
          error={onPassword ? accountErrorMessage(error) : undefined}
          onChange={(e) => setPassword(e.target.value)}
        />
        {!onPassword && <ErrorText error={error ? accountErrorMessage(error) + (expired ? ' Request a new link below.' : '') : null} />}
        <Button type="submit" busy={busy}>
          Set new password
        </Button>
      </form>
    </AuthCard>
  );
}
