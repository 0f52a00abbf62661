import { expect, test } from '@playwright/test';
import { livelyServer, screenshot } from './support';

test('the markets overview lists every demo market with a live price and filters by search', async ({ page }) => {
  const { url } = livelyServer();
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Markets', exact: true })).toBeVisible();
  for (const market of ['BTC', 'ETH', 'LTC', 'SOL']) {
    await expect(page.getByRole('link', { name: `${market}/USDT` })).toBeVisible();
  }
  await expect(page.getByTestId('last-BTCUSDT')).not.toHaveText('—');

  await page.getByLabel('Search markets').fill('sol');
  await expect(page.getByRole('link', { name: 'SOL/USDT' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'BTC/USDT' })).toHaveCount(0);
  await page.getByLabel('Search markets').fill('');
  await screenshot(page, 'markets');

  await page.getByRole('link', { name: 'ETH/USDT' }).click();
  await expect(page).toHaveURL(/\/trade\/ETHUSDT$/);
});

test('unknown pages say so, and API paths never fall back to the page', async ({ page, request }) => {
  const { url } = livelyServer();
  await page.goto(`${url}/no-such-page`);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  const api = await request.get(`${url}/api/v1/no-such-endpoint`);
  expect(api.status()).toBe(404);
});
