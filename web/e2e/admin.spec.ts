import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { adminServer, Authenticator, latestMail, linkIn, screenshot, storeSession, uniqueEmail, unnamedElements } from './support';

/**
 * The back office's journey (issue 15) on its own quiet server: operator A proposes a credit to a new user, operator B
 * approves it and the user's wallet shows it; a market halted in the admin UI shows as halted on the trade page; a
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
 * An operator with 2FA on; answers their authenticator. Interim: the address is one of Bourse:Identity:Admins
 * (global-setup.ts), so an ordinary verified account with 2FA holds every role. With operator accounts this becomes
 * `bourse admin create --email E --roles …`, the setup link (/admin/setup) and 2FA enrollment on /security.
 */
async function makeOperator(url: string, email: string): Promise<Authenticator> {
  await verifiedAccount(url, email);
  const { accessToken } = await post<{ accessToken: string }>(url, '/api/v1/auth/login', { email, password });
  const { secret } = await post<{ secret: string }>(url, '/api/v1/account/2fa/enroll', undefined, accessToken);
  const authenticator = new Authenticator(secret);
  await post(url, '/api/v1/account/2fa/confirm', { code: await authenticator.code(), password }, accessToken);
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
  const [authA, authB] = [await makeOperator(url, emailA), await makeOperator(url, emailB)];
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
    await proposal.getByRole('button', { name: 'Approve' }).click();
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
      expect(stdout).toContain('ADAUSDT');
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
