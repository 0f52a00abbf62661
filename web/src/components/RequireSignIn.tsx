import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useAuth } from '../api/AuthContext';

/** Pages of the account: signed-out visitors go to the sign-in page and come back after. */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const { tokens } = useAuth();
  const location = useLocation();
  if (!tokens) {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  return <>{children}</>;
}
