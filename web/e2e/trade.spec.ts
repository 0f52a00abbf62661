import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import Big from 'big.js';
import { formatTrimmed } from '../src/lib/format';
import { demoAccount, livelyServer, quietServer, screenshot, storeSession, type SessionTokens } from './support';

type Tokens = SessionTokens;

/** A browser context signed in as a demo trader (tokens stored the way src/api/session.ts keeps them). */
async function signedIn(browser: Browser, url: string, dataDir: string, name: 'alice' | 'bob'): Promise<{ context: BrowserContext; page: Page; tokens: Tokens }> {
  const account = demoAccount(dataDir, name);
  const context = await browser.newContext();
  const tokens = await storeSession(context, url, account.email, account.password);
  return { context, page: await context.newPage(), tokens };
}

async function apiAs<T>(url: string, tokens: Tokens, path: string, method = 'GET'): Promise<T> {
  const response = await fetch(`${url}${path}`, { method, headers: { Authorization: `Bearer ${tokens.accessToken}` } });
  expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function freeOf(url: string, tokens: Tokens, asset: string): Promise<string> {
  const balances = await apiAs<Array<{ asset: string; free: string }>>(url, tokens, '/api/v1/account/balances');
  return balances.find((b) => b.asset === asset)?.free ?? '0';
}

/** A price inside the current spread (the quiet book is usually empty), so a sell there rests instead of trading. */
async function restingAskPrice(url: string): Promise<string> {
  const depth = (await (await fetch(`${url}/api/v3/depth?symbol=SOLUSDT&limit=5`)).json()) as { bids: string[][]; asks: string[][] };
  let price = new Big('190.37');
  const bestAsk = depth.asks[0] ? new Big(depth.asks[0][0]) : null;
  const bestBid = depth.bids[0] ? new Big(depth.bids[0][0]) : null;
  if (bestAsk && bestAsk.lte(price)) {
    price = bestAsk.minus('0.01');
  }
  if (bestBid && bestBid.gte(price)) {
    throw new Error(`no room in the SOLUSDT spread (${bestBid} / ${bestAsk})`);
  }
  return price.toFixed(2);
}

test('alice sells on the book, bob buys it from the book, both see it live; cancel and cancel all', async ({ browser }) => {
  const { url, dataDir } = quietServer();
  const alice = await signedIn(browser, url, dataDir, 'alice');
  const bob = await signedIn(browser, url, dataDir, 'bob');
  // The tests own the quiet book: start without leftovers of our traders.
  await apiAs(url, alice.tokens, '/api/v1/orders?symbol=SOLUSDT', 'DELETE');
  await apiAs(url, bob.tokens, '/api/v1/orders?symbol=SOLUSDT', 'DELETE');
  const price = await restingAskPrice(url);

  const page = alice.page;
  await page.goto(`${url}/trade/SOLUSDT`);
  const form = page.getByRole('region', { name: 'Place order' });
  const book = page.getByRole('region', { name: 'Order book' });
  await form.getByRole('button', { name: 'Sell', exact: true }).click();
  await expect(form.getByRole('button', { name: 'Sell', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(form.getByTestId('available')).toHaveText(`Available: ${formatTrimmed(await freeOf(url, alice.tokens, 'SOL'), 8, 2)} SOL`);
  await expect(page.getByRole('tab', { name: 'Open orders' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByText('No open orders.')).toBeVisible();

  // Filters are checked before anything is sent.
  await form.getByLabel('Price').fill(price);
  await form.getByLabel('Amount').fill('0.0001');
  await expect(form.getByText('Amount must be at least 0.001 SOL')).toBeVisible();
  await form.getByLabel('Amount').fill('0.02');
  await expect(form.getByText('Order value must be at least 5 USDT')).toBeVisible();
  await form.getByRole('button', { name: 'Sell SOL' }).click();
  await expect(form.getByLabel('Amount')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('No open orders.')).toBeVisible();
  expect(await apiAs<unknown[]>(url, alice.tokens, '/api/v1/orders/open?symbol=SOLUSDT')).toEqual([]);

  // A resting sell: on the book and in Open orders; the SOL it locks leaves the available balance.
  await form.getByLabel('Amount').fill('0.5');
  await form.getByRole('button', { name: 'Sell SOL' }).click();
  await expect(form.getByRole('status')).toContainText('Sell order placed');
  await expect(form.getByLabel('Amount')).toHaveValue('');
  const ask = book.getByTestId(`ask-${formatTrimmed(price, 8, 2)}`);
  await expect(ask).toBeVisible();
  const openRow = page.getByTestId('open-order').filter({ hasText: formatTrimmed(price, 8, 2) });
  await expect(openRow).toHaveCount(1);
  await expect(openRow).toContainText('Sell');
  await expect(form.getByTestId('available')).toHaveText(`Available: ${formatTrimmed(await freeOf(url, alice.tokens, 'SOL'), 8, 2)} SOL`);
  const usdtBefore = await freeOf(url, alice.tokens, 'USDT');

  // Bob picks the ask in his book (it fills his Price) and buys it.
  await bob.page.goto(`${url}/trade/SOLUSDT`);
  const bobForm = bob.page.getByRole('region', { name: 'Place order' });
  await expect(bobForm.getByTestId('available')).toContainText('USDT');
  await bob.page.getByRole('region', { name: 'Order book' }).getByTestId(`ask-${formatTrimmed(price, 8, 2)}`).click();
  await expect(bobForm.getByLabel('Price')).toHaveValue(price);
  await bobForm.getByLabel('Amount').fill('0.5');
  await bobForm.getByRole('button', { name: 'Buy SOL' }).click();
  await expect(bobForm.getByRole('status')).toContainText('Buy order filled');
  await expect(bob.page.getByRole('region', { name: 'Recent trades' })).toContainText(formatTrimmed(price, 8, 2));

  // Alice, without reloading: the order left the book and Open orders, the trade is in her history, USDT went up.
  await expect(ask).toHaveCount(0);
  await expect(openRow).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Recent trades' })).toContainText(formatTrimmed(price, 8, 2));
  await page.getByRole('tab', { name: 'Trade history' }).click();
  const trade = page.getByTestId('my-trade').first();
  await expect(trade).toContainText('Sell');
  await expect(trade).toContainText(formatTrimmed(price, 8, 2));
  await expect(trade).toContainText('0.50');
  await expect(trade).toContainText('Maker');
  await page.getByRole('tab', { name: 'Order history' }).click();
  await expect(page.getByTestId('history-order').first()).toContainText('Filled');
  await form.getByRole('button', { name: 'Buy', exact: true }).click();
  const usdtAfter = await freeOf(url, alice.tokens, 'USDT');
  expect(new Big(usdtAfter).gt(new Big(usdtBefore))).toBe(true);
  await expect(form.getByTestId('available')).toHaveText(`Available: ${formatTrimmed(usdtAfter, 8, 2)} USDT`);

  // Cancel one, then cancel all.
  await form.getByRole('button', { name: 'Sell', exact: true }).click();
  const higher = [new Big(price).plus(1).toFixed(2), new Big(price).plus(2).toFixed(2)];
  for (const p of higher) {
    await form.getByLabel('Price').fill(p);
    await form.getByLabel('Amount').fill('0.1');
    await form.getByRole('button', { name: 'Sell SOL' }).click();
    await expect(book.getByTestId(`ask-${formatTrimmed(p, 8, 2)}`)).toBeVisible();
  }
  // A post-only buy that would take an ask is refused by the server: the reason shows by the button, nothing is cleared.
  await form.getByRole('button', { name: 'Buy', exact: true }).click();
  await form.getByRole('tab', { name: 'Post-only' }).click();
  await form.getByLabel('Price').fill(higher[1]);
  await form.getByLabel('Amount').fill('0.1');
  await form.getByRole('button', { name: 'Buy SOL' }).click();
  await expect(form.getByRole('alert')).toHaveText('Order would immediately match and take.');
  await expect(form.getByLabel('Amount')).toHaveValue('0.1');
  // A stop-limit sell waits off the book until the price falls to its stop.
  const stop = new Big(price).minus(5).toFixed(2);
  await form.getByRole('button', { name: 'Sell', exact: true }).click();
  await form.getByRole('tab', { name: 'Stop-limit' }).click();
  await form.getByLabel('Stop price').fill(stop);
  await form.getByLabel('Price', { exact: true }).fill(stop);
  await form.getByRole('button', { name: 'Sell SOL' }).click();
  await expect(form.getByRole('status')).toContainText('Sell order');
  await expect(book.getByTestId(`ask-${formatTrimmed(stop, 8, 2)}`)).toHaveCount(0);

  await page.getByRole('tab', { name: /Open orders/ }).click();
  await expect(page.getByTestId('open-order')).toHaveCount(3);
  await expect(page.getByTestId('open-order').filter({ hasText: 'Stop-limit' })).toContainText(formatTrimmed(stop, 8, 2));
  await page.getByTestId('open-order').filter({ hasText: formatTrimmed(higher[0], 8, 2) }).getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByTestId('open-order')).toHaveCount(2);
  await expect(book.getByTestId(`ask-${formatTrimmed(higher[0], 8, 2)}`)).toHaveCount(0);
  await page.getByRole('button', { name: 'Cancel all' }).click();
  await expect(page.getByText('No open orders.')).toBeVisible();
  await expect(book.getByTestId(`ask-${formatTrimmed(higher[1], 8, 2)}`)).toHaveCount(0);
  expect(await apiAs<unknown[]>(url, alice.tokens, '/api/v1/orders/open?symbol=SOLUSDT')).toEqual([]);

  await alice.context.close();
  await bob.context.close();
});

/** The market maker requotes by cancelling and placing again: wait for a moment both sides show their levels. */
async function fullBook(page: Page): Promise<void> {
  const book = page.getByRole('region', { name: 'Order book' });
  await expect
    .poll(async () => Math.min(await book.locator('[data-testid^="ask-"]').count(), await book.locator('[data-testid^="bid-"]').count()))
    .toBeGreaterThanOrEqual(4);
}

test('the trade page is live on the lively server and fits a phone', async ({ browser }) => {
  test.setTimeout(180_000);
  const { url, dataDir } = livelyServer();
  const alice = await signedIn(browser, url, dataDir, 'alice');
  const page = alice.page;
  await page.goto(`${url}/trade/BTCUSDT`);
  await expect(page.getByRole('button', { name: '15m' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('last-price')).not.toHaveText('—');
  const book = page.getByRole('region', { name: 'Order book' });
  await expect(book.locator('[data-testid^="ask-"]').first()).toBeVisible();
  await expect(book.locator('[data-testid^="bid-"]').first()).toBeVisible();
  await expect(page.getByTestId('recent-trade').first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Place order' }).getByTestId('available')).toContainText('USDT');
  await page.getByRole('button', { name: '1m' }).click();
  await expect(page.getByRole('button', { name: '1m' })).toHaveAttribute('aria-pressed', 'true');
  // A fresh server has a minute or two of trading: wait for a second 1m candle so the picture shows a chart.
  await expect
    .poll(async () => Number(await page.getByTestId('price-chart').getAttribute('data-candles')), { timeout: 75_000 })
    .toBeGreaterThan(1);
  // Let the canvases paint the candles before the picture.
  await expect(page.getByTestId('price-chart').locator('canvas').first()).toBeVisible();
  await fullBook(page);
  await screenshot(page, 'trade');

  // The market switcher moves to another market.
  await page.getByRole('combobox', { name: 'Market' }).selectOption('ETHUSDT');
  await expect(page).toHaveURL(/\/trade\/ETHUSDT$/);
  await expect(book.locator('[data-testid^="ask-"]').first()).toBeVisible();

  // A market buy by percent spends that share of the USDT (quoteQuantity); the notice says what executed.
  const form = page.getByRole('region', { name: 'Place order' });
  await expect(form.getByTestId('available')).toContainText('USDT');
  await form.getByRole('tab', { name: 'Market' }).click();
  await form.getByRole('button', { name: '25%' }).click();
  await expect(form.getByTestId('spend')).toContainText('Spends');
  await form.getByRole('button', { name: 'Buy ETH' }).click();
  await expect(form.getByRole('status')).toContainText(/Buy order (filled|expired: filled)/);
  await expect(form.getByRole('alert')).toHaveCount(0);
  await form.getByRole('tab', { name: 'Limit', exact: true }).click();

  // Phone width: everything stacked, no horizontal page scroll.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole('region', { name: 'Place order' })).toBeVisible();
  await fullBook(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, 'trade-phone');

  await alice.context.close();
});
