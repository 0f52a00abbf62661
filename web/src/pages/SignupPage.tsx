import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { signUp } from '../api/auth';
import { AuthCard } from '../components/account/AuthCard';
import { accountErrorMessage, fieldOf } from '../components/account/errors';
import { NewPasswordField } from '../components/account/PasswordField';
import { Button, ErrorText, Field } from '../components/ui';

const fieldsByCode = { weak_password: 'password', invalid_email: 'email' };

/** Sign-up: the server answers the same for a new and a taken email (no enumeration), so success only says to check mail. */
export function SignupPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signUp(email.trim(), password);
      setSentTo(email.trim());
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  if (sentTo) {
    return (
      <AuthCard title="Create your account" footer={<Link to="/login">Go to sign in</Link>}>
        <p className="notice" role="status">
          Check your email: we sent a link to <strong>{sentTo}</strong> to confirm the address. It works once and expires in 24
          hours.
        </p>
      </AuthCard>
    );
  }

  const field = fieldOf(error, fieldsByCode);
  const message = error ? accountErrorMessage(error) : undefined;
  return (
    <AuthCard
      title="Create your account"
      footer={
        <span>
          Already registered? <Link to="/login">Go to sign in</Link>
        </span>
      }
    >
      <form onSubmit={submit} noValidate>
        <Field
          label="Email"
          type="email"
          autoComplete="email"
          required
          value={email}
          error={field === 'email' ? message : undefined}
          onChange={(e) => setEmail(e.target.value)}
        />
        <NewPasswordField value={password} error={field === 'password' ? message : undefined} onChange={(e) => setPassword(e.target.value)} />
        {field !== 'email' && field !== 'password' && <ErrorText error={message} />}
        <Button type="submit" busy={busy}>
          Create account
        </Button>
      </form>
    </AuthCard>
  );
}
