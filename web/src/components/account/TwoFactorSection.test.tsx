import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryRouter } from 'react-router-dom';
import { AuthProvider } from '../../api/AuthContext';
import { setTokens } from '../../api/session';
import { RecoveryCodes } from './RecoveryCodes';
import { problem, stubFetch } from './testing';
import { TwoFactorSection } from './TwoFactorSection';

const codes = ['abcde-fghjk', 'mnpqr-stuvw', 'xyz23-45678', '9abcd-efghj'];
const signedIn = { accessToken: 'a1', refreshToken: 'r1', expiresIn: 600, sessionId: 's1', userId: 7, twoFactorSetupRequired: true };
const profile = { id: 7, email: 'ann@example.com', emailVerified: true, twoFactorEnabled: false, twoFactorRequired: true, admin: false, createdAt: 0 };

afterEach(() => {
  vi.unstubAllGlobals();
  setTokens(null); // the session module outlives a test; localStorage alone is cleared by test-setup
});

describe('RecoveryCodes', () => {
  it('lists one code per item and lets the user say they are saved', async () => {
    const done = vi.fn();
    render(<RecoveryCodes codes={codes} onDone={done} />);
    const items = within(screen.getByTestId('recovery-codes')).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual(codes);
    await userEvent.setup().click(screen.getByRole('button', { name: 'I saved my recovery codes' }));
    expect(done).toHaveBeenCalledOnce();
  });
});

describe('TwoFactorSection', () => {
  beforeEach(() => {
    setTokens(signedIn);
  });

  it('enrolls: QR image and secret, confirm with code and password, refreshes the token, shows the recovery codes once', async () => {
    const calls = stubFetch({
      'GET /api/v1/account': [{ status: 200, body: profile }],
      'GET /api/v1/account/2fa': [
        { status: 200, body: { enabled: false, required: true, recoveryCodesLeft: 0 } },
        { status: 200, body: { enabled: true, required: true, recoveryCodesLeft: 10 } },
      ],
      'POST /api/v1/account/2fa/enroll': [{ status: 200, body: { secret: 'JBSWY3DPEHPK3PXP', otpauthUri: 'otpauth://totp/x', qrSvg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' } }],
      'POST /api/v1/account/2fa/confirm': [
        problem(401, 'invalid_two_factor_code', 'The two-factor code is wrong, expired or already used.'),
        { status: 200, body: { recoveryCodes: codes } },
      ],
      'POST /api/v1/auth/refresh': [{ status: 200, body: { ...signedIn, accessToken: 'a2', refreshToken: 'r2', twoFactorSetupRequired: false } }],
    });
    const changed = vi.fn();
    const user = userEvent.setup();
    render(
      <AuthProvider>
        <MemoryRouter>
          <TwoFactorSection onChanged={changed} />
        </MemoryRouter>
      </AuthProvider>,
    );

    await user.click(await screen.findByRole('button', { name: 'Turn on two-factor authentication' }));
    const qr = await screen.findByRole('img', { name: 'QR code for your authenticator app' });
    expect(qr.getAttribute('src')).toBe(`data:image/svg+xml;charset=utf-8,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg"></svg>')}`);
    expect(screen.getByTestId('totp-secret').textContent).toBe('JBSWY3DPEHPK3PXP');

    await user.type(screen.getByLabelText('Authentication code'), '111111');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The two-factor code is wrong, expired or already used.');

    await user.clear(screen.getByLabelText('Authentication code'));
    await user.type(screen.getByLabelText('Authentication code'), '222222');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));

    const list = await screen.findByTestId('recovery-codes');
    expect(within(list).getAllByRole('listitem').map((item) => item.textContent)).toEqual(codes);
    expect(calls.filter((c) => c.path === '/api/v1/account/2fa/confirm').map((c) => c.body)).toEqual([
      { code: '111111', password: 'correct horse battery' },
      { code: '222222', password: 'correct horse battery' },
    ]);
    expect(calls.some((c) => c.path === '/api/v1/auth/refresh')).toBe(true);
    expect(JSON.parse(localStorage.getItem('bourse.session') ?? 'null')).toMatchObject({ accessToken: 'a2', twoFactorSetupRequired: false });
    expect(changed).toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'I saved my recovery codes' }));
    await waitFor(() => expect(screen.queryByTestId('recovery-codes')).toBeNull());
    expect(await screen.findByText('On')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Turn off' })).toBeNull(); // required for this account
  });
});
