import { render } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { AuthProvider } from '../api/AuthContext';
import type { Me } from '../api/admin';
import { AdminArea } from './AdminArea';

export const signedIn = { accessToken: 'a1', refreshToken: 'r1', expiresIn: 600, sessionId: 's1', userId: 1 };

export const everyPermission: Me = {
  userId: 1,
  email: 'ops-a@example.com',
  roles: ['support', 'compliance', 'treasury', 'listing', 'admin'],
  permissions: [
    'usersRead',
    'usersFreeze',
    'usersManage',
    'auditRead',
    'adjustmentsPropose',
    'adjustmentsApprove',
    'reconciliationRead',
    'listingManage',
    'operatorsManage',
    'dashboardRead',
  ],
};

function Landed() {
  const location = useLocation();
  return <p data-testid="landed">{location.pathname + location.search}</p>;
}

/** The admin area as App.tsx mounts it, at `path`, with a marker route (data-testid=landed) for where it navigated outside. */
export function renderAdmin(path: string) {
  return render(
    <AuthProvider>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/admin/*" element={<AdminArea />} />
          <Route path="*" element={<Landed />} />
        </Routes>
      </MemoryRouter>
    </AuthProvider>,
  );
}
