import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { adminServer, Authenticator, latestMail, linkIn, screenshot, storeSession, uniqueEmail, unnamedElements } from './support';

/**
 * The back office's journey (issue 15) on its own quiet server: two operators made with `bourse admin create` and set
 * up through their setup links (A in the browser, B through the API), each enrolling 2FA; operator A proposes a credit
 * to a new user, operator B approves it and the user's wallet shows it; a market halted in the admin UI shows as halted on the trade page; a
 * listing file applied with the command line (`bourse listing apply`) shows up on the admin listing page; the
 * dashboard reconciles and the audit chain verifies.
 */
test.describe.configure({ mode: 'serial' });

const password = 'Operator-Journey-4kd-River';
const run = promisify(execFile);

async function post<T>(url: string, route: string, body?: unknown, token?: string): Promise<T> {
  const response = await fetch(`${url}${route}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`POST ${route} failed: ${response.status} ${await response.text()}`);
  }
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A new account with its email verified (the demo mail sink has the link); answers its user id. */
async function verifiedAccount(url: string, email: string): Promise<number> {
  await post(url, '/api/v1/auth/signup', { email, password });
  const token = new URL(linkIn((await latestMail(url, email, 'Verify')).body)).searchParams.get('token');
  await post(url, '/api/v1/auth/verify-email', { token });
  return (await post<{ userId: number }>(url, '/api/v1/auth/login', { email, password })).userId;
}

/**
 * Makes an operator the real way, on the server's machine: `bourse admin create --email E --roles … --data-dir DIR`
 * against the admin server's data directory (the server keeps running); answers the one-time setup link it prints.
 */
async function createOperator(email: string, roles: string[]): Promise<string> {
  const { url, dataDir, serverDll } = adminServer();
  const { stdout } = await run(
    'dotnet',
    [serverDll, 'admin', 'create', '--email', email, '--roles', roles.join(','), '--data-dir', dataDir, '--Bourse:PublicUrl', url],
    { cwd: dataDir, timeout: 60_000 },
  );
  const made = /^operator (\d+) (\S+), roles (\S+) \(2FA required\)$/m.exec(stdout);
  expect(made, stdout).not.toBeNull();
  expect(made?.[2]).toBe(email);
  expect(made?.[3].split(',').sort()).toEqual([...roles].sort());
  const link = linkIn(stdout);
  expect(link.startsWith(`${url}/admin/setup?token=`), `setup link ${link}`).toBe(true);
  return link;
}

/**
 * An operator set up through the API: the setup link's token and a password (POST /api/v1/auth/operator-setup), a
 * sign-in that owes 2FA (roles reach no token before it), enrollment confirmed with a code and the password; answers
 * their authenticator. They still have to sign in again with a code to get a token with their roles.
 */
async function setUpOperatorByApi(url: string, email: string, setupLink: string): Promise<Authenticator> {
  await post(url, '/api/v1/auth/operator-setup', { token: new URL(setupLink).searchParams.get('token'), password });
  const signedIn = await post<{ accessToken: string; twoFactorSetupRequired: boolean }>(url, '/api/v1/auth/login', { email, password });
  expect(signedIn.twoFactorSetupRequired).toBe(true);
  const refused = await fetch(`${url}/api/v1/admin/me`, { headers: { Authorization: `Bearer ${signedIn.accessToken}` } });
  expect(refused.status).toBe(403);
  const { secret } = await post<{ secret: string }>(url, '/api/v1/account/2fa/enroll', undefined, signedIn.accessToken);
  const authenticator = new Authenticator(secret);
  await post(url, '/api/v1/account/2fa/confirm', { code: await authenticator.code(), password }, signedIn.accessToken);
  return authenticator;
}

/**
 * An operator set up in the browser, as a person would: the setup link's page (/admin/setup) to choose a password, the
 * ordinary sign-in, which sends an account owing 2FA to the Security page, enrollment there (the secret as shown, a code
 * and the password, recovery codes acknowledged); answers their authenticator.
 */
async function setUpOperatorInBrowser(browser: Browser, email: string, setupLink: string): Promise<Authenticator> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(setupLink);
  await expect(page.getByRole('heading', { name: 'Set up your operator account', level: 1 })).toBeVisible();
  expect(await unnamedElements(page), 'unnamed elements on /admin/setup').toEqual([]);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByRole('status')).toContainText('Password set.');
  await page.getByRole('link', { name: 'Go to sign in' }).click();

  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/security$/);
  await expect(page.getByText('Your account requires two-factor authentication. Turn it on below to continue.')).toBeVisible();

  const twoFactor = page.locator('section', { has: page.getByRole('heading', { name: 'Two-factor authentication' }) });
  await twoFactor.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
  const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  const authenticator = new Authenticator(secret);
  await twoFactor.getByLabel('Authentication code').fill(await authenticator.code());
  await twoFactor.getByLabel('Password', { exact: true }).fill(password);
  await twoFactor.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10);
  await expect(page.getByRole('status').filter({ hasText: 'Two-factor authentication is on.' })).toBeVisible();
  await page.getByRole('button', { name: 'I saved my recovery codes' }).click();

  // Signed in without a code, the session carries no role: the back office says so until a sign-in with a code.
  await page.goto(`${adminServer().url}/admin`);
  await expect(page.getByRole('heading', { name: 'Not an operator', level: 1 })).toBeVisible();
  await context.close();
  return authenticator;
}

/** Signs an operator in through the ordinary sign-in page, with a code, and lands on the dashboard. */
async function signInToAdmin(browser: Browser, url: string, email: string, authenticator: Authenticator): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${url}/login?next=/admin`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByLabel('Authentication code').fill(await authenticator.code());
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  return page;
}

test('operators credit a user under four eyes, halt a market, and see a listing file applied from the command line', async ({ browser }) => {
  test.setTimeout(300_000);
  const { url, operators, serverDll } = adminServer();
  const [emailA, emailB] = operators;
  // A administers the back office, lists and moves money; B only moves money (the second pair of eyes).
  const linkA = await createOperator(emailA, ['admin', 'treasury', 'listing']);
  const linkB = await createOperator(emailB, ['treasury']);
  const authA = await setUpOperatorInBrowser(browser, emailA, linkA);
  const authB = await setUpOperatorByApi(url, emailB, linkB);
  const a = await signInToAdmin(browser, url, emailA, authA);

  const traderEmail = uniqueEmail('credited');
  const traderId = await verifiedAccount(url, traderEmail);
  const reference = `BANK-${Date.now().toString(36)}`;

  await test.step('operator A proposes a 250 USDT credit; A cannot approve it', async () => {
    await a.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Proposals' }).click();
    await a.getByLabel('User id').fill(String(traderId));
    await a.getByLabel('Asset').fill('USDT');
    await a.getByLabel('Amount', { exact: true }).fill('250');
    await a.getByLabel('Reason').fill('Bank deposit received');
    await a.getByLabel('Reference').fill(reference);
    await a.getByRole('button', { name: 'Propose' }).click();
    await expect(a.getByRole('status').filter({ hasText: 'waiting for another operator' })).toBeVisible();
    const mine = a.getByRole('listitem').filter({ hasText: reference });
    await expect(mine).toContainText('Credit 250 USDT');
    await expect(mine.getByRole('button', { name: 'Approve' })).toHaveCount(0);
    await expect(mine).toContainText('Another operator must decide your own proposal.');
  });

  await test.step('operator B approves it and the user’s wallet shows the credit', async () => {
    const b = await signInToAdmin(browser, url, emailB, authB);
    await b.goto(`${url}/admin/proposals`);
    const proposal = b.getByRole('listitem').filter({ hasText: reference });
    // The approval is the engine command: it answers the proposal executed, not merely approved.
    const approved = b.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/v1\/admin\/adjustments\/\d+\/approve$/.test(r.url()));
    await proposal.getByRole('button', { name: 'Approve' }).click();
    const answer = await approved;
    expect(answer.status()).toBe(200);
    expect(await answer.json()).toMatchObject({ userId: traderId, asset: 'USDT', reference, status: 'executed', failure: null });
    await expect(b.getByRole('listitem').filter({ hasText: reference })).toHaveCount(0);
    await b.getByLabel('Show').selectOption('all');
    await expect(b.getByRole('listitem').filter({ hasText: reference }).getByTestId('proposal-status')).toHaveText('Executed');
    await b.context().close();

    const wallet = await (await browser.newContext()).newPage();
    await storeSession(wallet, url, traderEmail, password);
    await wallet.goto(`${url}/wallet`);
    await expect(wallet.getByTestId('free-USDT')).toHaveText('250.00');
    await wallet.context().close();

    await a.goto(`${url}/admin/users/${traderId}`);
    await expect(a.getByTestId('user-balance-USDT')).toContainText('250');
  });

  await test.step('a market halted in the back office shows as halted on the trade page', async () => {
    await a.goto(`${url}/admin/listing`);
    const market = a.getByTestId('market-SOLUSDT');
    await market.getByLabel('Status of SOLUSDT').selectOption('HALTED');
    await market.getByLabel('Reason for SOLUSDT').fill('Incident drill');
    await market.getByRole('button', { name: 'Change status' }).click();
    await expect(market.getByTestId('market-status')).toHaveText('Halted');

    const trade = await (await browser.newContext()).newPage();
    await storeSession(trade, url, traderEmail, password);
    await trade.goto(`${url}/trade/SOLUSDT`);
    await expect(trade.getByRole('region', { name: 'Market' }).getByTestId('market-status')).toHaveText('Halted');
    await expect(trade.getByTestId('market-closed')).toBeVisible();
    await trade.context().close();

    // Back to trading, as an operator would after the drill.
    await market.getByLabel('Status of SOLUSDT').selectOption('TRADING');
    await market.getByLabel('Reason for SOLUSDT').fill('Drill over');
    await market.getByRole('button', { name: 'Change status' }).click();
    await expect(market.getByTestId('market-status')).toHaveText('Trading');
  });

  await test.step('a listing file applied with the command line shows up on the listing page', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'bourse-listing-'));
    try {
      const file = path.join(directory, 'listing.json');
      writeFileSync(
        file,
        JSON.stringify({
          assets: [{ code: 'ADA', name: 'Cardano', scale: 8, depositsEnabled: true, withdrawalsEnabled: true }],
          markets: [
            {
              symbol: 'ADAUSDT',
              baseAsset: 'ADA',
              quoteAsset: 'USDT',
              tickSize: '0.0001',
              lotSize: '0.1',
              minQuantity: '0.1',
              maxQuantity: '1000000',
              minNotional: '5',
              status: 'TRADING',
            },
          ],
        }),
      );
      const { stdout } = await run(
        'dotnet',
        [serverDll, 'listing', 'apply', file, '--server', url, '--email', emailA, '--otp', await authA.code()],
        { env: { ...process.env, BOURSE_PASSWORD: password }, timeout: 60_000 },
      );
      // The plan as a diff, then what was applied.
      expect(stdout).toMatch(/^\+ asset ADA: .*"name":"Cardano"/m);
      expect(stdout).toMatch(/^\+ market ADAUSDT: .*"baseAsset":"ADA"/m);
      expect(stdout).toContain('applied 2 change(s)');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }

    await a.goto(`${url}/admin/listing`);
    await expect(a.getByTestId('asset-ADA')).toContainText('Cardano');
    await expect(a.getByTestId('market-ADAUSDT').getByTestId('market-status')).toHaveText('Trading');
  });

  await test.step('the dashboard reconciles and the audit chain verifies', async () => {
    await a.goto(`${url}/admin`);
    await expect(a.getByTestId('dashboard-reconciliation')).toHaveText('Balanced');
    await expect(a.getByTestId('dashboard-market-ADAUSDT')).toBeVisible();
    await screenshot(a, 'admin-dashboard');
    await a.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Audit log' }).click();
    await expect(a.getByTestId('audit-entries')).toContainText('SOLUSDT');
    await a.getByRole('button', { name: 'Verify chain' }).click();
    await expect(a.getByTestId('chain-result')).toContainText('Intact');
  });

  await test.step('every back-office page names its controls and has one h1', async () => {
    for (const route of ['/admin', '/admin/listing', '/admin/users?q=example', `/admin/users/${traderId}`, '/admin/proposals', '/admin/audit', '/admin/operators']) {
      await a.goto(`${url}${route}`);
      await expect(a.locator('h1')).toHaveCount(1);
      await a.waitForLoadState('networkidle').catch(() => undefined);
      expect(await unnamedElements(a), `unnamed elements on ${route}`).toEqual([]);
      // The forms folded away behind a disclosure (New asset, New market) too, opened.
      if ((await a.locator('details:not([open])').count()) > 0) {
        await a.locator('details:not([open]) > summary').evaluateAll((summaries) => summaries.forEach((s) => (s as HTMLElement).click()));
        expect(await unnamedElements(a), `unnamed elements on ${route}, disclosures open`).toEqual([]);
      }
    }
    await a.goto(`${url}/admin/setup?token=x`);
    expect(await unnamedElements(a), 'unnamed elements on /admin/setup').toEqual([]);
  });
});

test('a signed-in trader is told the back office is for operators', async ({ browser }) => {
  const { url } = adminServer();
  const email = uniqueEmail('not-operator');
  await verifiedAccount(url, email);
  const page = await (await browser.newContext()).newPage();
  await storeSession(page, url, email, password);
  await page.goto(`${url}/admin`);
  await expect(page.getByRole('heading', { name: 'Not an operator', level: 1 })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Back office' }).getByRole('link')).toHaveCount(0);
});
