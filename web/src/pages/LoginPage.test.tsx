import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setTokens } from '../api/session';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { problem, renderAt, stubFetch } from '../components/account/testing';
import { LoginPage } from './LoginPage';

const tokens = { accessToken: 'a', tokenType: 'Bearer', refreshToken: 'r', expiresIn: 600, sessionId: 's1', userId: 7, twoFactorSetupRequired: false };
const profile = { id: 7, email: 'ann@example.com', emailVerified: true, twoFactorEnabled: true, twoFactorRequired: false, admin: false, createdAt: 0 };

afterEach(() => {
  vi.unstubAllGlobals();
  setTokens(null); // the session module outlives a test; localStorage alone is cleared by test-setup
});

describe('LoginPage', () => {
  it('asks for the authentication code after two_factor_required and signs in with it, keeping email and password', async () => {
    const calls = stubFetch({
      'POST /api/v1/auth/login': [problem(401, 'two_factor_required', 'Enter the code from your authenticator app (or a recovery code).'), { status: 200, body: tokens }],
      'GET /api/v1/account': [{ status: 200, body: profile }],
    });
    const user = userEvent.setup();
    renderAt('/login?next=%2Fwallet', '/login', <LoginPage />);

    expect(screen.queryByLabelText('Authentication code')).toBeNull();
    await user.type(screen.getByLabelText('Email'), 'ann@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const code = await screen.findByLabelText('Authentication code');
    expect(document.activeElement).toBe(code);
    expect((screen.getByLabelText('Email') as HTMLInputElement).value).toBe('ann@example.com');
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('correct horse battery');
    expect(screen.queryByRole('alert')).toBeNull();

    await user.type(code, '123 456');
    await user.keyboard('{Enter}');

    expect((await screen.findByTestId('landed')).textContent).toBe('/wallet');
    const logins = calls.filter((c) => c.path === '/api/v1/auth/login');
    expect(logins.map((c) => c.body)).toEqual([
      { email: 'ann@example.com', password: 'correct horse battery' },
      { email: 'ann@example.com', password: 'correct horse battery', code: '123456' },
    ]);
    expect(JSON.parse(localStorage.getItem('bourse.session') ?? 'null')).toMatchObject({ sessionId: 's1' });
  });

  it('shows a wrong code next to the code field', async () => {
    stubFetch({
      'POST /api/v1/auth/login': [
        problem(401, 'two_factor_required', 'Enter the code.'),
        problem(401, 'invalid_two_factor_code', 'The two-factor code is wrong, expired or already used.'),
      ],
    });
    const user = userEvent.setup();
    renderAt('/login', '/login', <LoginPage />);
    await user.type(screen.getByLabelText('Email'), 'ann@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await user.type(await screen.findByLabelText('Authentication code'), '000000');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const code = screen.getByLabelText('Authentication code');
    await waitFor(() => expect(code.getAttribute('aria-invalid')).toBe('true'));
    const description = document.getElementById(code.getAttribute('aria-describedby') ?? '');
    expect(description?.textContent).toBe('The two-factor code is wrong, expired or already used.');
  });

  it('says when a locked account can try again', async () => {
    stubFetch({
      'POST /api/v1/auth/login': [problem(429, 'account_locked', 'Too many failed sign-ins; try again later.', { retryAfterSeconds: 840 })],
    });
    const user = userEvent.setup();
    renderAt('/login', '/login', <LoginPage />);
    await user.type(screen.getByLabelText('Email'), 'ann@example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong password!');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Too many failed sign-ins; try again later\. Try again in 14 min \(at .+\)\.$/);
  });

  it('goes to ?next= after signing in, but never off the site', async () => {
    stubFetch({ 'POST /api/v1/auth/login': [{ status: 200, body: tokens }], 'GET /api/v1/account': [{ status: 200, body: profile }] });
    const user = userEvent.setup();
    renderAt('/login?next=%2F%2Fevil.example%2Fx', '/login', <LoginPage />);
    await user.type(screen.getByLabelText('Email'), 'ann@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByTestId('landed')).textContent).toBe('/');
  });
});
