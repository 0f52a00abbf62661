import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { forgotPassword } from '../api/auth';
import { AuthCard } from '../components/account/AuthCard';
import { accountErrorMessage, fieldOf } from '../components/account/errors';
import { Button, ErrorText, Field } from '../components/ui';

/** Asks for a reset link; the server answers the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await forgotPassword(email.trim());
      setSent(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const onEmail = fieldOf(error, { invalid_email: 'email' }) === 'email';
  return (
    <AuthCard title="Reset your password" footer={<Link to="/login">Back to sign in</Link>}>
      {sent ? (
        <p className="notice" role="status">
          If an account exists for <strong>{email.trim()}</strong>, we emailed it a link to set a new password. The link works
          once and expires in 30 minutes.
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          <p className="muted">Enter the email you signed up with and we will send you a link to set a new password.</p>
          <Field
            label="Email"
            type="email"
            autoComplete="email"
            required
            value={email}
            error={onEmail ? accountErrorMessage(error) : undefined}
            onChange={(e) => setEmail(e.target.value)}
          />
          {!onEmail && <ErrorText error={error ? accountErrorMessage(error) : null} />}
          <Button type="submit" busy={busy}>
            Send reset link
          </Button>
        </form>
      )}
    </AuthCard>
  );
}
