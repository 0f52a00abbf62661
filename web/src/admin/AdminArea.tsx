import { createContext, lazy, Suspense, useContext, type ReactNode } from 'react';
import { Link, Navigate, NavLink, Outlet, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { admin, can, type Me, type Permission } from '../api/admin';
import { ApiError } from '../api/ApiError';
import { useAuth } from '../api/AuthContext';
import { ErrorText, Loading } from '../components/ui';
import { useLoad } from '../lib/useLoad';
import { SetupPage } from './pages/SetupPage';
import '../components/Layout.css';
import './admin.css';

/*
 * /admin: the back office, a route tree of its own with its own layout, loaded only when an /admin address is opened
 * (App.tsx imports this module lazily), so traders' pages do not carry it. Only operators see it: the guard asks the
 * server who the signed-in user is as an operator (GET /api/v1/admin/me); the navigation shows the sections the
 * operator's permissions allow, and each page checks its own permission too (the server checks every call anyway).
 */

const DashboardPage = lazy(() => import('./pages/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const ListingPage = lazy(() => import('./pages/ListingPage').then((m) => ({ default: m.ListingPage })));
const UsersPage = lazy(() => import('./pages/UsersPage').then((m) => ({ default: m.UsersPage })));
const UserPage = lazy(() => import('./pages/UserPage').then((m) => ({ default: m.UserPage })));
const ProposalsPage = lazy(() => import('./pages/ProposalsPage').then((m) => ({ default: m.ProposalsPage })));
const AuditPage = lazy(() => import('./pages/AuditPage').then((m) => ({ default: m.AuditPage })));
const OperatorsPage = lazy(() => import('./pages/OperatorsPage').then((m) => ({ default: m.OperatorsPage })));

interface Section {
  to: string;
  label: string;
  permission: Permission;
  end?: boolean;
}

/** The sections in navigation order, each with the permission that opens it. */
export const sections: Section[] = [
  { to: '/admin', label: 'Dashboard', permission: 'dashboardRead', end: true },
  { to: '/admin/listing', label: 'Listing', permission: 'listingManage' },
  { to: '/admin/users', label: 'Users', permission: 'usersRead' },
  { to: '/admin/proposals', label: 'Proposals', permission: 'adjustmentsPropose' },
  { to: '/admin/audit', label: 'Audit log', permission: 'auditRead' },
  { to: '/admin/operators', label: 'Operators', permission: 'operatorsManage' },
];

/** The sections an operator may open. */
export function allowedSections(me: Me): Section[] {
  return sections.filter((s) => can(me, s.permission) || (s.permission === 'adjustmentsPropose' && can(me, 'adjustmentsApprove')));
}

const OperatorContext = createContext<Me | null>(null);

/** The signed-in operator (inside the admin area's guard). */
export function useOperator(): Me {
  const me = useContext(OperatorContext);
  if (!me) {
    throw new Error('useOperator outside the admin area');
  }
  return me;
}

export function AdminArea() {
  return (
    <Routes>
      {/* The setup link is opened before the operator has a password: no guard. */}
      <Route path="setup" element={<AdminShell me={null}><SetupPage /></AdminShell>} />
      <Route element={<OperatorGuard />}>
        <Route index element={<Allowed permission="dashboardRead"><DashboardPage /></Allowed>} />
        <Route path="listing" element={<Allowed permission="listingManage"><ListingPage /></Allowed>} />
        <Route path="users" element={<Allowed permission="usersRead"><UsersPage /></Allowed>} />
        <Route path="users/:userId" element={<Allowed permission="usersRead"><UserPage /></Allowed>} />
        <Route path="proposals" element={<Allowed permission={['adjustmentsPropose', 'adjustmentsApprove']}><ProposalsPage /></Allowed>} />
        <Route path="audit" element={<Allowed permission="auditRead"><AuditPage /></Allowed>} />
        <Route path="operators" element={<Allowed permission="operatorsManage"><OperatorsPage /></Allowed>} />
        <Route path="*" element={<AdminNotFound />} />
      </Route>
    </Routes>
  );
}

/** Signed out → sign in first (and come back); signed in → the area only if /admin/me answers. */
function OperatorGuard() {
  const { tokens } = useAuth();
  const location = useLocation();
  const me = useLoad(() => (tokens ? admin.me() : Promise.resolve(null)), [tokens?.sessionId]);
  if (!tokens) {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  if (me.loading && !me.data) {
    return (
      <AdminShell me={null}>
        <div className="page">
          <h1>Back office</h1>
          <Loading label="Checking your operator access…" />
        </div>
      </AdminShell>
    );
  }
  if (!me.data) {
    return (
      <AdminShell me={null}>
        <NotAnOperator error={me.error} />
      </AdminShell>
    );
  }
  return (
    <OperatorContext.Provider value={me.data}>
      <AdminShell me={me.data}>
        <Outlet />
      </AdminShell>
    </OperatorContext.Provider>
  );
}

function NotAnOperator({ error }: { error: unknown }) {
  const refused = error instanceof ApiError && error.status === 403;
  const needsTwoFactor = error instanceof ApiError && error.code === 'two_factor_setup_required';
  return (
    <div className="page">
      <h1>{refused ? 'Not an operator' : 'Back office unavailable'}</h1>
      {needsTwoFactor ? (
        <p>
          Operators must use two-factor authentication. <Link to="/security">Turn it on</Link>, then sign in again with a code.
        </p>
      ) : refused ? (
        <p>
          This account has no operator role. Operators sign in with two-factor authentication; if yours is new, sign out and
          sign in again with a code. <Link to="/">Back to the exchange</Link>
        </p>
      ) : (
        <ErrorText error={error} />
      )}
    </div>
  );
}

/** A page that needs a permission (any of several): a clear refusal instead of a page of failed calls. */
function Allowed({ permission, children }: { permission: Permission | Permission[]; children: ReactNode }) {
  const me = useOperator();
  const needed = Array.isArray(permission) ? permission : [permission];
  if (!needed.some((p) => can(me, p))) {
    return (
      <div className="page">
        <h1>Not allowed</h1>
        <p>Your roles ({me.roles.join(', ') || 'none'}) do not open this section.</p>
      </div>
    );
  }
  return <>{children}</>;
}

function AdminNotFound() {
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>
        <Link to="/admin">Back to the dashboard</Link>
      </p>
    </div>
  );
}

/** The admin layout: its own top bar (sections by permission, the operator, sign out) and the page. */
function AdminShell({ me, children }: { me: Me | null; children: ReactNode }) {
  const { tokens, signOut } = useAuth();
  const navigate = useNavigate();
  return (
    <div className="app admin-app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar admin-topbar">
        <NavLink to="/admin" className="brand" aria-label="Bourse back office">
          Bourse <span className="admin-badge">admin</span>
        </NavLink>
        <nav aria-label="Back office" className="nav">
          {me &&
            allowedSections(me).map((section) => (
              <NavLink key={section.to} to={section.to} end={section.end} className={({ isActive }) => (isActive ? 'active' : undefined)}>
                {section.label}
              </NavLink>
            ))}
        </nav>
        <div className="account">
          <Link to="/">Exchange</Link>
          {me && (
            <span className="who" title={`${me.email} (${me.roles.join(', ')})`}>
              {me.email}
            </span>
          )}
          {tokens && (
            <button
              className="button subtle"
              onClick={() => {
                void signOut().then(() => navigate('/login?next=/admin'));
              }}
            >
              Sign out
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>{children}</Suspense>
      </main>
    </div>
  );
}
