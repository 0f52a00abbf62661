import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { AuthProvider } from '../../api/AuthContext';

/** For component tests: a page inside the providers it expects (signed out unless tokens were stored). */
export function renderInApp(page: ReactElement) {
  return render(
    <AuthProvider>
      <MemoryRouter>{page}</MemoryRouter>
    </AuthProvider>,
  );
}
