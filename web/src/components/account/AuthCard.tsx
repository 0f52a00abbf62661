import type { ReactNode } from 'react';
import './AuthCard.css';

/** The narrow centred card of the sign-in, sign-up and password pages. */
export function AuthCard({ title, children, footer }: { title: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="page auth-page">
      <section className="panel auth-card">
        <h1>{title}</h1>
        {children}
        {footer && <div className="auth-footer">{footer}</div>}
      </section>
    </div>
  );
}
