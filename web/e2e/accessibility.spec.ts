import { expect, test } from '@playwright/test';
import { apiPlaceOrder, apiSignIn, demoAccount, livelyServer, quietServer, storeSession, unnamedElements } from './support';

/**
 * What keyboard and screen-reader users need on every page, checked in the real browser: a language, one h1, a name
 * for every control, link, button and image, and the key flows done with the keyboard alone.
 */

const pages = ['/', '/trade/BTCUSDT', '/wallet', '/convert', '/earn', '/portfolio', '/security'];
const signedOutPages = ['/login', '/signup', '/forgot-password', '/reset-password?token=x'];

test('every page names its controls, has one h1 and a language', async ({ browser }) => {
  const { url, dataDir } = livelyServer();
  const alice = demoAccount(dataDir, 'alice');
  const signedOut = await browser.newPage();
  const signedIn = await browser.newPage();
  await storeSession(signedIn, url, alice.email, alice.password);

  for (const [page, paths] of [
    [signedIn, pages],
    [signedOut, signedOutPages],
  ] as const) {
    for (const path of paths) {
      await page.goto(`${url}${path}`);
      await expect(page.locator('h1')).toHaveCount(1);
      // Let the page load its data (tables, forms that appear after loading) before looking.
      await page.waitForLoadState('networkidle').catch(() => undefined);
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      expect(await unnamedElements(page), `unnamed elements on ${path}`).toEqual([]);
    }
  }
});

test('the keyboard alone skips to the content, signs in, and picks a price from the order book', async ({ page }) => {
  // The quiet server: a book that moves only when a test moves it, with bob's ask as the level to pick.
  const { url, dataDir } = quietServer();
  const alice = demoAccount(dataDir, 'alice');
  const bob = demoAccount(dataDir, 'bob');
  await apiPlaceOrder(url, await apiSignIn(url, bob.email, bob.password), {
    symbol: 'LTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', quantity: '1.000', price: '123.45',
  });

  await page.goto(`${url}/login`);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();

  await page.getByLabel('Email', { exact: true }).focus();
  await page.keyboard.type(alice.email);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
  await page.keyboard.type(alice.password);
  await page.keyboard.press('Enter');
  await expect(page).not.toHaveURL(/\/login/);

  await page.goto(`${url}/trade/LTCUSDT`);
  const ask = page.getByRole('region', { name: 'Order book' }).getByTestId('ask-123.45');
  await ask.focus();
  await page.keyboard.press('Enter');
  const form = page.getByRole('region', { name: 'Place order' });
  await expect(form.getByLabel('Price', { exact: true })).toHaveValue(/^123\.450*$/);

  // Tabs and side buttons answer Space like any button.
  await form.getByRole('button', { name: 'Sell', exact: true }).focus();
  await page.keyboard.press('Space');
  await expect(form.getByRole('button', { name: 'Sell', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(form.getByRole('button', { name: 'Sell LTC' })).toBeVisible();
});
