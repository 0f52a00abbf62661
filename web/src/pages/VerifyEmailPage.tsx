import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useAuth } from '../api/AuthContext';
import { verifyEmail } from '../api/auth';
import { AuthCard } from '../components/account/AuthCard';
import { accountErrorMessage } from '../components/account/errors';
import { Loading } from '../components/ui';

// A token verifies once: StrictMode's double effect (and a re-render) must share the one request, not send a second
// that the server would refuse as already used.
const verifications = new Map<string, Promise<void>>();

function verify(token: string): Promise<void> {
  let pending = verifications.get(token);
  if (!pending) {
    pending = verifyEmail(token);
    verifications.set(token, pending);
  }
  return pending;
}

/** The link from the verification email (/verify-email?token=…): verifies on load. */
export function VerifyEmailPage() {
  const [search] = useSearchParams();
  const token = search.get('token') ?? '';
  const { tokens, reloadProfile } = useAuth();
  const [state, setState] = useState<{ status: 'verifying' | 'verified' | 'failed'; error?: unknown }>({ status: 'verifying' });

  useEffect(() => {
    if (!token) {
      setState({ status: 'failed', error: 'This link has no verification token. Open the link from the email again.' });
      return;
    }
    let live = true;
    verify(token).then(
      () => {
        if (live) {
          setState({ status: 'verified' });
          reloadProfile();
        }
      },
      (error: unknown) => live && setState({ status: 'failed', error }),
    );
    return () => {
      live = false;
    };
  }, [token]);

  if (state.status === 'verifying') {
    return (
      <AuthCard title="Verifying your email">
        <Loading label="Verifying…" />
      </AuthCard>
    );
  }

  if (state.status === 'verified') {
    return (
      <AuthCard title="Email verified">
        <p className="notice" role="status">
          Your email address is confirmed.
        </p>
        <p>{tokens ? <Link to="/security">Back to your account</Link> : <Link to="/login">Sign in</Link>}</p>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Email not verified">
      <p className="error" role="alert">
        {accountErrorMessage(state.error)}
      </p>
      <p className="muted">
        Links work once and expire after 24 hours. Sign in and use “Resend verification email” on the Security page for a new
        one.
      </p>
      <p>
        <Link to={tokens ? '/security' : '/login?next=%2Fsecurity'}>{tokens ? 'Go to Security' : 'Sign in'}</Link>
      </p>
    </AuthCard>
  );
}
