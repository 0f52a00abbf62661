import { expect, test, type Browser, type Page } from '@playwright/test';
import { apiPlaceOrder, apiSignIn, Authenticator, demoAccount, latestMail, linkIn, quietServer, uniqueEmail } from './support';

/**
 * The whole story of issue 6 in one new trader's browser, on a server without the market maker (every order in the
 * book is the test's): sign up, verify, turn on 2FA, sign in with a code, claim demo funds, sell SOL with a limit
 * order and see it in the book, have a second trader fill it and watch the trade, balances and history update live,
 * convert, stake, transfer, and revoke a session.
 */
test.describe.configure({ mode: 'serial' });

const password = 'Journey-Trader-7fq-Lake';

async function signIn(page: Page, url: string, email: string, secret: string | null, authenticator?: Authenticator) {
  await page.goto(`${url}/login`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(secret ?? password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  if (authenticator) {
    const code = page.getByLabel('Authentication code');
    await expect(code).toBeVisible();
    await code.fill(await authenticator.code());
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }
  await expect(page).not.toHaveURL(/\/login/);
}

function section(page: Page, heading: string) {
  return page.locator('section', { has: page.getByRole('heading', { name: heading, exact: true }) });
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

test('a new trader signs up, secures the account, trades, converts, stakes, transfers and revokes a session', async ({ browser }) => {
  test.setTimeout(300_000);
  const { url, dataDir } = quietServer();
  const email = uniqueEmail('journey');
  const page = await newPage(browser);

  await test.step('sign up and verify the email', async () => {
    await page.goto(`${url}/signup`);
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText(/Check your email/)).toBeVisible();
    const mail = await latestMail(url, email, 'Verify');
    await page.goto(linkIn(mail.body));
    await expect(page.getByRole('heading', { name: 'Email verified' })).toBeVisible();
  });

  await signIn(page, url, email, null);

  let authenticator!: Authenticator;
  await test.step('turn on two-factor authentication', async () => {
    await page.goto(`${url}/security`);
    const twoFactor = section(page, 'Two-factor authentication');
    await twoFactor.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    await expect(twoFactor.getByAltText('QR code for your authenticator app')).toBeVisible();
    const secret = (await twoFactor.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
    authenticator = new Authenticator(secret);
    await twoFactor.getByLabel('Authentication code').fill(await authenticator.code());
    await twoFactor.getByLabel('Password', { exact: true }).fill(password);
    await twoFactor.getByRole('button', { name: 'Confirm' }).click();
    await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
    await page.getByRole('button', { name: 'I saved my recovery codes' }).click();
    await expect(twoFactor.getByText('On', { exact: true })).toBeVisible();
  });

  await test.step('sign out and sign in again with a code', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
    await signIn(page, url, email, null, authenticator);
  });

  await test.step('claim demo funds', async () => {
    await page.goto(`${url}/wallet`);
    await page.getByRole('button', { name: 'Claim demo funds' }).click();
    await expect(page.getByTestId('free-SOL')).toHaveText('100.00');
    await expect(page.getByTestId('free-USDT')).toHaveText('10,000.00');
  });

  // A second tab of the same session stays on the wallet to watch the balances change live.
  const wallet = await page.context().newPage();
  await wallet.goto(`${url}/wallet`);
  await expect(wallet.getByTestId('free-SOL')).toHaveText('100.00');

  await test.step('sell 2 SOL at 150 with a limit order and see it in the book', async () => {
    await page.goto(`${url}/trade/SOLUSDT`);
    const form = page.getByRole('region', { name: 'Place order' });
    await form.getByRole('button', { name: 'Sell', exact: true }).click();
    await form.getByRole('tab', { name: 'Limit', exact: true }).click();
    await form.getByLabel('Price', { exact: true }).fill('150');
    await form.getByLabel('Amount', { exact: true }).fill('2');
    await form.getByRole('button', { name: 'Sell SOL' }).click();
    await expect(page.getByRole('region', { name: 'Order book' }).getByTestId('ask-150.00')).toBeVisible();
    await expect(wallet.getByTestId('free-SOL')).toHaveText('98.00');
  });

  await test.step('a second trader fills it; the trade, balances and history update live', async () => {
    const bobAccount = demoAccount(dataDir, 'bob');
    const bob = await newPage(browser);
    await signIn(bob, url, bobAccount.email, bobAccount.password);
    await bob.goto(`${url}/trade/SOLUSDT`);
    await bob.getByRole('region', { name: 'Order book' }).getByTestId('ask-150.00').click();
    const bobForm = bob.getByRole('region', { name: 'Place order' });
    await expect(bobForm.getByLabel('Price', { exact: true })).toHaveValue(/^150(\.0+)?$/);
    await bobForm.getByRole('button', { name: 'Buy', exact: true }).click();
    await bobForm.getByLabel('Amount', { exact: true }).fill('2');
    await bobForm.getByRole('button', { name: 'Buy SOL' }).click();

    // 2 × 150 = 300 USDT less the 0.1 % maker fee.
    await expect(wallet.getByTestId('free-USDT')).toHaveText('10,299.70');
    await expect(page.getByRole('region', { name: 'Order book' }).getByTestId('ask-150.00')).toHaveCount(0);
    await page.getByRole('tab', { name: 'Trade history' }).click();
    await expect(page.getByTestId('my-trade')).toHaveCount(1);
    await expect(page.getByTestId('my-trade')).toContainText('150');
    await bob.context().close();
  });

  await test.step('convert 1 SOL to USDT at a live quote', async () => {
    const bobAccount = demoAccount(dataDir, 'bob');
    const token = await apiSignIn(url, bobAccount.email, bobAccount.password);
    await apiPlaceOrder(url, token, { symbol: 'SOLUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '10.00', price: '149.00' });
    await page.goto(`${url}/convert`);
    await page.getByLabel('From').selectOption('SOL');
    await page.getByLabel('To').selectOption('USDT');
    await page.getByLabel('Amount', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Get quote' }).click();
    await expect(page.getByText(/Expires in \d+s/)).toBeVisible();
    await page.getByRole('button', { name: 'Convert', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Converted' })).toContainText('Converted 1.00 SOL to');
    await expect(page.getByTestId('convert-history')).toContainText('SOL');
    await expect(wallet.getByTestId('free-SOL')).toHaveText('97.00');
  });

  await test.step('stake 10 SOL', async () => {
    await page.goto(`${url}/earn`);
    const product = page.getByTestId('product-SOL');
    await product.getByLabel('Amount', { exact: true }).fill('10');
    await product.getByRole('button', { name: 'Stake', exact: true }).click();
    await expect(product).toContainText('10');
    await expect(wallet.getByTestId('free-SOL')).toHaveText('87.00');
  });

  await test.step('transfer 25 USDT to another user with a 2FA code', async () => {
    await page.goto(`${url}/wallet`);
    await page.getByLabel('Recipient email').fill(demoAccount(dataDir, 'alice').email);
    await page.getByLabel('Asset').selectOption('USDT');
    await page.getByLabel('Amount', { exact: true }).fill('25');
    await page.getByLabel('Authentication code').fill(await authenticator.code());
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Sent' })).toContainText('Sent 25.00 USDT');
    await expect(page.getByTestId('wallet-history')).toContainText('25');
  });

  await test.step('revoke another session; that browser is signed out', async () => {
    const other = await newPage(browser);
    await signIn(other, url, email, null, authenticator);
    await page.goto(`${url}/security`);
    const sessions = section(page, 'Sessions');
    // Every earlier session of this account ended (sign-out, 2FA turned on): only the other browser's is revocable.
    await expect(sessions.getByRole('button', { name: 'Revoke' })).toHaveCount(1);
    await sessions.getByRole('button', { name: 'Revoke' }).click();
    await expect(sessions.getByRole('button', { name: 'Revoke' })).toHaveCount(0);
    await other.goto(`${url}/wallet`);
    await expect(other).toHaveURL(/\/login/);
  });
});
