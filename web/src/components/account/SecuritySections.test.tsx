import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import type { ReactNode } from 'react';
import { AuthProvider } from '../../api/AuthContext';
import { currentTokens, setTokens } from '../../api/session';
import { ApiKeysSection, parseIpList } from './ApiKeysSection';
import { SecurityLogSection } from './SecurityLogSection';
import { SessionsSection } from './SessionsSection';
import { problem, stubFetch } from './testing';

const signedIn = { accessToken: 'a1', refreshToken: 'r1', expiresIn: 600, sessionId: 's1', userId: 7 };
const profile = { id: 7, email: 'ann@example.com', emailVerified: true, twoFactorEnabled: true, twoFactorRequired: false, admin: false, createdAt: 0 };
const chrome = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';

function renderSigned(children: ReactNode) {
  return render(
    <AuthProvider>
      <MemoryRouter initialEntries={['/security']}>
        <Routes>
          <Route path="/security" element={children} />
          <Route path="/login" element={<p>login page</p>} />
        </Routes>
      </MemoryRouter>
    </AuthProvider>,
  );
}

beforeEach(() => {
  setTokens(signedIn);
});

afterEach(() => {
  vi.unstubAllGlobals();
  setTokens(null);
});

describe('ApiKeysSection', () => {
  it('creates a key with label, permissions, IP list and code, and shows the secret once with a warning', async () => {
    const key = { apiKey: 'K'.repeat(64), label: 'bot', permissions: ['read', 'trade'], ipAllowList: ['10.0.0.0/8', '::1'], createdAt: 0 };
    const calls = stubFetch({
      'GET /api/v1/account': [{ status: 200, body: profile }],
      'GET /api/v1/api-keys': [{ status: 200, body: [] }, { status: 200, body: [key] }],
      'POST /api/v1/api-keys': [
        problem(401, 'invalid_two_factor_code', 'The two-factor code is wrong, expired or already used.'),
        { status: 201, body: { ...key, secretKey: 'S3cr3t'.repeat(10) } },
      ],
    });
    const user = userEvent.setup();
    renderSigned(<ApiKeysSection onChanged={() => undefined} />);
    await screen.findByText('No API keys yet.');

    await user.type(screen.getByLabelText('Label'), 'bot');
    await user.click(screen.getByRole('checkbox', { name: /trade/ }));
    await user.type(screen.getByLabelText('Allowed IPs (optional)'), '10.0.0.0/8, ::1');
    const code = await screen.findByLabelText('Authentication code');
    await user.type(code, '000000');
    await user.click(screen.getByRole('button', { name: 'Create API key' }));
    expect(await screen.findByText('The two-factor code is wrong, expired or already used.')).toBeTruthy();
    expect(code.getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByTestId('api-secret')).toBeNull();

    await user.clear(code);
    await user.type(code, '123456');
    await user.click(screen.getByRole('button', { name: 'Create API key' }));
    expect((await screen.findByTestId('api-secret')).textContent).toBe('S3cr3t'.repeat(10));
    expect(screen.getByText(/shown only once/)).toBeTruthy();
    expect(screen.getByRole('button', { name: /Copy secret/ })).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)[1]).toEqual({
      label: 'bot',
      permissions: ['read', 'trade'],
      ipAllowList: ['10.0.0.0/8', '::1'],
      code: '123456',
    });
    const row = await screen.findByTestId('api-key-row');
    expect(within(row).getByRole('button', { name: 'Revoke bot' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByTestId('api-secret')).toBeNull();
  });

  it('reads an IP allow-list separated by commas, spaces or lines', () => {
    expect(parseIpList(' 1.2.3.4,10.0.0.0/8\n::1 ;; ')).toEqual(['1.2.3.4', '10.0.0.0/8', '::1']);
    expect(parseIpList('  ')).toEqual([]);
  });
});

describe('SessionsSection', () => {
  const sessions = [
    { id: 's2', createdAt: 1, lastSeenAt: 2, ip: '10.1.1.1', userAgent: chrome, current: false, active: true },
    { id: 's1', createdAt: 1, lastSeenAt: 2, ip: '127.0.0.1', userAgent: chrome, current: true, active: true },
    { id: 's0', createdAt: 1, lastSeenAt: 2, ip: '127.0.0.1', userAgent: chrome, current: false, active: false, revokedAt: 2, revokeReason: 'logout' },
  ];

  it('marks this device, offers Revoke on other live sessions only, and revokes one', async () => {
    const calls = stubFetch({
      'GET /api/v1/account': [{ status: 200, body: profile }],
      'GET /api/v1/sessions': [{ status: 200, body: sessions }],
      'DELETE /api/v1/sessions/s2': [{ status: 204 }],
    });
    const changed = vi.fn();
    const user = userEvent.setup();
    renderSigned(<SessionsSection version={0} onChanged={changed} />);
    const rows = await screen.findAllByTestId('session-row');
    expect(rows).toHaveLength(3);
    expect(within(rows[0]).getByText('Chrome on Linux')).toBeTruthy();
    expect(within(rows[1]).getByText('This device')).toBeTruthy();
    expect(rows.map((row) => within(row).queryByRole('button', { name: 'Revoke' }) !== null)).toEqual([true, false, false]);
    expect(rows[2].textContent).toContain('Ended (logout)');

    await user.click(within(rows[0]).getByRole('button', { name: 'Revoke' }));
    expect(calls.some((c) => c.method === 'DELETE' && c.path === '/api/v1/sessions/s2')).toBe(true);
    expect(changed).toHaveBeenCalledOnce();
    expect(currentTokens()).not.toBeNull();
  });

  it('ending this session signs out here', async () => {
    stubFetch({
      'GET /api/v1/account': [{ status: 200, body: profile }],
      'GET /api/v1/sessions': [{ status: 200, body: sessions }],
      'DELETE /api/v1/sessions/s1': [{ status: 204 }],
    });
    const user = userEvent.setup();
    renderSigned(<SessionsSection version={0} onChanged={() => undefined} />);
    await user.click(await screen.findByRole('button', { name: 'End this session' }));
    expect(await screen.findByText('login page')).toBeTruthy();
    expect(currentTokens()).toBeNull();
  });
});

describe('SecurityLogSection', () => {
  it('pages back with the server cursor', async () => {
    const event = (id: number, type: string) => ({ id, userId: 7, type, ip: '127.0.0.1', userAgent: chrome, detail: '', time: id * 1000 });
    const calls = stubFetch({
      'GET /api/v1/account': [{ status: 200, body: profile }],
      'GET /api/v1/account/security-log': [
        { status: 200, body: { events: [event(9, 'login'), event(8, 'api_key_created')], nextBefore: 8 } },
        { status: 200, body: { events: [event(3, 'signup')], nextBefore: null } },
      ],
    });
    const user = userEvent.setup();
    renderSigned(<SecurityLogSection version={0} />);
    expect(await screen.findByText('API key created')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Show older events' }));
    expect(await screen.findByText('Account created')).toBeTruthy();
    expect(screen.getAllByRole('row')).toHaveLength(4); // header + 3 events
    expect(screen.queryByRole('button', { name: 'Show older events' })).toBeNull();
    expect(calls.filter((c) => c.path.startsWith('/api/v1/account/security-log')).map((c) => c.path)).toEqual([
      '/api/v1/account/security-log?limit=20',
      '/api/v1/account/security-log?limit=20&before=8',
    ]);
  });
});
