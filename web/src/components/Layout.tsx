import { Suspense } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router-dom';
import { useAuth } from '../api/AuthContext';
import { Loading } from './ui';
import './Layout.css';

const links = [
  { to: '/', label: 'Markets', end: true },
  { to: '/trade/BTCUSDT', label: 'Trade' },
  { to: '/wallet', label: 'Wallet' },
  { to: '/convert', label: 'Convert' },
  { to: '/earn', label: 'Earn' },
  { to: '/portfolio', label: 'Portfolio' },
  { to: '/security', label: 'Security' },
];

export function Layout() {
  const { tokens, profile, signOut } = useAuth();
  const navigate = useNavigate();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand" aria-label="Bourse home">
          Bourse
        </NavLink>
        <nav aria-label="Main" className="nav">
          {links.map((link) => (
            <NavLink key={link.to} to={link.to} end={link.end} className={({ isActive }) => (isActive ? 'active' : undefined)}>
              {link.label}
            </NavLink>
          ))}
        </nav>
        <div className="account">
          {tokens ? (
            <>
              <span className="who" title={profile?.email}>
                {profile?.email ?? '…'}
              </span>
              <button
                className="button subtle"
                onClick={() => {
                  void signOut().then(() => navigate('/login'));
                }}
              >
                Sign out
              </button>
            </>
          ) : (
            <>
              <NavLink to="/login">Sign in</NavLink>
              <NavLink to="/signup" className="button">
                Sign up
              </NavLink>
            </>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {/* Pages loaded on first visit (the chart pages) show this under the top bar meanwhile. */}
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
