import Big from 'big.js';
import { expect, test, type Page } from '@playwright/test';
import { apiPlaceOrder, apiSignIn, demoAccount, latestMail, linkIn, livelyServer, quietServer, screenshot, signedInPage, storeSession, uniqueEmail } from './support';

/**
 * The money pages over the real servers: wallet (balances, transfer by email, history, demo faucet), earn (stake),
 * convert (quote and accept, with the reference in the history) and portfolio (total, allocation).
 */

/** The amount a balance cell shows ("1,000,025.00") as a number to compare exactly. */
async function amountIn(page: Page, testId: string): Promise<Big> {
  const cell = page.getByTestId(testId);
  await expect(cell).toHaveText(/\d/);
  return new Big((await cell.innerText()).replace(/,/g, ''));
}

function shown(amount: Big): string {
  return amount.toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

test('alice sends USDT to bob by email: both histories show it and bob’s wallet goes up live', async ({ page, browser }) => {
  const { url, dataDir } = quietServer();
  const alice = demoAccount(dataDir, 'alice');
  const bob = demoAccount(dataDir, 'bob');

  const bobPage = await signedInPage(browser, url, bob.email, bob.password);
  await bobPage.goto(`${url}/wallet`);
  const bobBefore = await amountIn(bobPage, 'free-USDT');

  await storeSession(page, url, alice.email, alice.password);
  await page.goto(`${url}/wallet`);
  await expect(page.getByRole('heading', { name: 'Wallet', exact: true })).toBeVisible();
  const aliceBefore = await amountIn(page, 'free-USDT');

  // The form checks before sending.
  await page.getByLabel('Recipient email').fill('not-an-email');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('Enter the recipient’s email address.')).toBeVisible();

  await page.getByLabel('Recipient email').fill(bob.email);
  await page.getByLabel('Asset').selectOption('USDT');
  await page.getByLabel('Amount').fill('25');
  await page.getByLabel('Amount').press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Sent' })).toContainText('Sent 25.00 USDT');

  await expect(page.getByTestId('free-USDT')).toHaveText(shown(aliceBefore.minus(25)));
  const aliceHistory = page.getByTestId('wallet-history');
  await expect(aliceHistory.locator('tbody tr').first()).toContainText('Sent');
  await expect(aliceHistory.locator('tbody tr').first()).toContainText('-25.00');

  // Bob did nothing: the user stream brings the new balance and the history row.
  await expect(bobPage.getByTestId('free-USDT')).toHaveText(shown(bobBefore.plus(25)));
  await expect(bobPage.getByTestId('wallet-history').locator('tbody tr').first()).toContainText('Received');
  await expect(bobPage.getByTestId('wallet-history').locator('tbody tr').first()).toContainText('+25.00');

  // The kind filter asks the server for that kind only.
  await page.getByLabel('Kind').selectOption('transfer_out');
  await expect(aliceHistory.locator('tbody tr').first()).toContainText('Sent');
  await expect(aliceHistory.locator('tbody tr', { hasText: 'Deposit' })).toHaveCount(0);
  await bobPage.context().close();
});

test('alice stakes SOL on Earn and sees the position', async ({ page }) => {
  const { url, dataDir } = quietServer();
  const alice = demoAccount(dataDir, 'alice');
  await storeSession(page, url, alice.email, alice.password);
  await page.goto(`${url}/earn`);
  const card = page.getByTestId('product-SOL');
  await expect(card).toContainText('APR');
  await card.getByLabel('Amount').fill('3');
  await card.getByRole('button', { name: 'Stake', exact: true }).click();
  await expect(card.getByRole('status')).toContainText('Staked 3.00 SOL');
  await expect(card.getByTestId('staked-SOL')).not.toHaveText('0.00');
  await expect(page.getByTestId('position-SOL')).toBeVisible();

  await card.getByLabel('Amount').fill('1');
  await card.getByRole('button', { name: 'Unstake' }).click();
  await expect(card.getByRole('status')).toContainText('Unstaked 1.00 SOL');

  await page.goto(`${url}/wallet`);
  await expect(page.getByTestId('staked-SOL')).not.toHaveText('0.00');
});

test('a new user claims the demo funds once; the second claim is refused', async ({ page }) => {
  const { url } = quietServer();
  const email = uniqueEmail('faucet');
  const password = 'correct horse battery staple 42';
  const signup = await fetch(`${url}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(signup.status, await signup.clone().text()).toBe(202);
  const mail = await latestMail(url, email, 'Verify');
  const token = new URL(linkIn(mail.body)).searchParams.get('token');
  expect(token).toBeTruthy();
  const verified = await fetch(`${url}/api/v1/auth/verify-email`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  expect(verified.status).toBe(204);

  await storeSession(page, url, email, password);
  await page.goto(`${url}/wallet`);
  await expect(page.getByTestId('free-SOL')).toHaveText('0.00');
  await page.getByRole('button', { name: 'Claim demo funds' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Demo funds credited' })).toContainText('100.00 SOL');
  await expect(page.getByTestId('free-SOL')).toHaveText('100.00');
  await expect(page.getByTestId('free-USDT')).toHaveText('10,000.00');
  await expect(page.getByTestId('wallet-history').locator('tbody tr', { hasText: 'Deposit' })).toHaveCount(2);

  await page.getByRole('button', { name: 'Claim demo funds' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'already claimed' })).toBeVisible();
  await expect(page.getByTestId('free-SOL')).toHaveText('100.00');
});

test('alice converts SOL to USDT at a quote and finds it by reference in the history', async ({ page }) => {
  // The quiet server, with bob's bid as the liquidity: on the lively one the market maker re-quotes every second and
  // a quote is refused as "price moved" as often as not on a loaded machine.
  const { url, dataDir } = quietServer();
  const alice = demoAccount(dataDir, 'alice');
  const bob = demoAccount(dataDir, 'bob');
  await apiPlaceOrder(url, await apiSignIn(url, bob.email, bob.password), {
    symbol: 'SOLUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '2.00', price: '149.00',
  });
  await storeSession(page, url, alice.email, alice.password);
  await page.goto(`${url}/convert`);
  await page.getByLabel('From').selectOption('SOL');
  await page.getByLabel('To').selectOption('USDT');
  await page.getByLabel('Amount').fill('1.5');

  // Another test's order may still move the book: a quote refused as "price moved" is asked for again (a few times).
  let reference = '';
  for (let attempt = 0; attempt < 4 && !reference; attempt++) {
    await page.getByRole('button', { name: 'Get quote' }).click();
    const quote = page.getByTestId('convert-quote');
    await expect(quote).toContainText(/Expires in \d+s/);
    await expect(quote).toContainText('1 SOL =');
    await expect(page.getByTestId('quote-receive')).toContainText('USDT');
    if (attempt === 0) {
      await screenshot(page, 'convert');
    }
    await page.getByRole('button', { name: 'Convert' }).click();
    const outcome = page.getByRole('status').filter({ hasText: 'Converted' }).or(page.getByRole('alert').filter({ hasText: /price moved|expired/ }));
    await expect(outcome).toBeVisible();
    if (await page.getByTestId('convert-reference').isVisible()) {
      reference = await page.getByTestId('convert-reference').innerText();
    }
  }
  expect(reference).toMatch(/^\S+$/);
  await expect(page.getByRole('status').filter({ hasText: 'Converted' })).toContainText('Converted 1.50 SOL to');
  await expect(page.getByTestId('convert-history').locator('tbody tr', { hasText: reference })).toContainText('1.50 SOL');

  await page.goto(`${url}/wallet`);
  await expect(page.getByTestId('wallet-history').locator('tbody tr', { hasText: `ref ${reference}` })).toContainText('Convert');
});

test('the money pages look alive on the lively server (screenshots), and the portfolio shows a total and allocation', async ({ page }) => {
  const { url, dataDir } = livelyServer();
  const alice = demoAccount(dataDir, 'alice');
  await storeSession(page, url, alice.email, alice.password);

  await page.goto(`${url}/earn`);
  const card = page.getByTestId('product-SOL');
  await card.getByLabel('Amount').fill('25');
  await card.getByRole('button', { name: 'Stake', exact: true }).click();
  await expect(card.getByRole('status')).toContainText('Staked 25.00 SOL');
  await expect(page.getByTestId('position-SOL')).toBeVisible();
  await screenshot(page, 'earn');

  await page.goto(`${url}/wallet`);
  await expect(page.getByTestId('free-BTC')).toHaveText(/\d/);
  await expect(page.getByTestId('staked-SOL')).not.toHaveText('0.00');
  await expect(page.getByTestId('wallet-history').locator('tbody tr').first()).toBeVisible();
  await screenshot(page, 'wallet');

  await page.goto(`${url}/portfolio`);
  const total = page.getByTestId('portfolio-total');
  await expect(total).toHaveText(/^[\d,]+\.\d{2}$/);
  expect(new Big((await total.innerText()).replace(/,/g, '')).gt(0)).toBe(true);
  for (const asset of ['BTC', 'USDT', 'SOL']) {
    await expect(page.getByTestId(`allocation-${asset}`)).toContainText('%');
  }
  // The shares the table shows add up to 100%.
  const shares = await page.getByTestId('allocation-table').locator('tbody td:last-child').allInnerTexts();
  expect(shares.reduce((sum, text) => sum.plus(text.replace('%', '')), new Big(0)).toFixed(2)).toBe('100.00');
  await expect(page.locator('.allocation-donut path')).toHaveCount(shares.length);
  await expect(page.getByTestId('pnl-BTC')).toBeVisible();
  await expect(page.getByTestId('portfolio-statistics')).toContainText('Deposits');
  await expect(page.locator('.value-chart canvas').first()).toBeVisible();
  await screenshot(page, 'portfolio');
});

test('the money pages fit a phone screen without sideways scrolling', async ({ page }) => {
  const { url, dataDir } = quietServer();
  const alice = demoAccount(dataDir, 'alice');
  await page.setViewportSize({ width: 390, height: 844 });
  await storeSession(page, url, alice.email, alice.password);
  for (const [path, heading] of [
    ['/wallet', 'Wallet'],
    ['/convert', 'Convert'],
    ['/earn', 'Earn'],
    ['/portfolio', 'Portfolio'],
  ]) {
    await page.goto(`${url}${path}`);
    await expect(page.getByRole('heading', { name: heading, exact: true }).first()).toBeVisible();
    await page.waitForLoadState('networkidle').catch(() => undefined);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: test.info().outputPath(`${heading.toLowerCase()}-phone.png`), fullPage: true });
  }
});
