import { expect, test, type Page } from '@playwright/test';
import { latestMail, linkIn, quietServer, screenshot, totpCode, uniqueEmail } from './support';

/** Signs in through the /login page; with `code`, answers the 2FA step the server asks for. */
async function signIn(page: Page, url: string, email: string, password: string, code?: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (code !== undefined) {
    await page.getByLabel('Authentication code').fill(code);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await expect(page).toHaveURL(`${url}/`);
}

const stepOf = (ms: number) => Math.floor(ms / 30_000);

/**
 * A TOTP code the server has not seen yet: it accepts each 30 s step once (and ±1 step), so a second code in the same
 * step is the next step's code, and a third waits for the clock.
 */
async function freshCode(secret: string, used: { step: number }): Promise<string> {
  for (;;) {
    const now = stepOf(Date.now());
    const target = Math.max(used.step + 1, now);
    if (target <= now + 1) {
      used.step = target;
      return totpCode(secret, target - now);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const password = 'quiet tangerine harbour 42';

test('sign up, verify the email, turn on 2FA, sign in with a code, API keys, revoke another session, new recovery codes, 2FA off', async ({ page, browser }) => {
  const { url } = quietServer();
  const email = uniqueEmail('account');

  await page.goto(`${url}/signup`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await expect(page.getByText('10–128 characters')).toBeVisible();
  await screenshot(page, 'signup');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Check your email')).toBeVisible();

  const verification = await latestMail(url, email, 'Verify');
  const verifyLink = linkIn(verification.body);
  await page.goto(verifyLink);
  await expect(page.getByRole('heading', { name: 'Email verified' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/login');
  // The link works once.
  await page.goto(verifyLink);
  await expect(page.getByRole('heading', { name: 'Email not verified' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveText('The link is invalid, expired or already used.');
  await page.goto(verifyLink.replace(/\?.*$/, '?x'));
  await expect(page.getByRole('alert')).toContainText('no verification token');
  await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${url}/login?next=%2Fsecurity`);

  // A protected page sends the visitor to sign in and back.
  await page.goto(`${url}/security`);
  await expect(page).toHaveURL(`${url}/login?next=%2Fsecurity`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${url}/security`);
  await expect(page.getByText('Verified', { exact: true })).toBeVisible();

  // Two-factor authentication: QR + secret, confirm with a code and the password, recovery codes once.
  const twoFactor = page.locator('section', { has: page.getByRole('heading', { name: 'Two-factor authentication' }) });
  await twoFactor.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  const used = { step: 0 };
  await page.getByLabel('Authentication code').fill(await freshCode(secret, used));
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10);
  const codes = await page.getByTestId('recovery-codes').getByRole('listitem').allTextContents();
  await page.getByRole('button', { name: 'I saved my recovery codes' }).click();
  await expect(page.getByTestId('recovery-codes')).toHaveCount(0);
  await expect(twoFactor.getByText('On', { exact: true })).toBeVisible();
  // The token was refreshed after confirming: the page keeps working without a new sign-in.
  await expect(page.getByTestId('session-row').filter({ hasText: 'This device' })).toHaveCount(1);

  // Sign out, then in again: the password alone is not enough any more.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Authentication code')).toBeFocused();
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await screenshot(page, 'login');
  await page.getByLabel('Authentication code').fill(await freshCode(secret, used));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/login/);

  // An API key: its secret is shown once.
  await page.getByRole('link', { name: 'Security' }).click();
  const keys = page.locator('section', { has: page.getByRole('heading', { name: 'API keys' }) });
  await keys.getByLabel('Label').fill('e2e trading bot');
  await keys.getByRole('checkbox', { name: /trade/ }).check();
  await keys.getByLabel('Allowed IPs (optional)').fill('127.0.0.1, 10.0.0.0/8');
  await keys.getByLabel('Authentication code').fill(codes[0]); // a recovery code works wherever a TOTP code does
  await keys.getByRole('button', { name: 'Create API key' }).click();
  await expect(page.getByTestId('api-secret')).toHaveText(/^[A-Za-z0-9]{32,}$/);
  await expect(keys.getByText('shown only once')).toBeVisible();
  const keyRow = page.getByTestId('api-key-row').filter({ hasText: 'e2e trading bot' });
  await expect(keyRow).toContainText('read, trade');
  await expect(keyRow).toContainText('127.0.0.1, 10.0.0.0/8');

  // A second browser signs in (with another recovery code) …
  const other = await browser.newContext();
  const second = await other.newPage();
  await signIn(second, url, email, password, codes[1]);

  // … and the first one sees it and revokes it.
  const sessions = page.locator('section', { has: page.getByRole('heading', { name: 'Sessions' }) });
  await sessions.getByRole('button', { name: 'Refresh' }).click();
  const otherRow = page.getByTestId('session-row').filter({ has: page.getByRole('button', { name: 'Revoke' }) });
  await expect(otherRow).toHaveCount(1);
  await expect(page.getByTestId('session-row').filter({ hasText: 'This device' })).toHaveCount(1);
  await page.reload(); // the one-time secret is gone after a reload; the key stays listed
  await expect(page.getByTestId('api-secret')).toHaveCount(0);
  await expect(keyRow).toBeVisible();
  await expect(page.getByTestId('security-log')).toContainText('API key created');
  await screenshot(page, 'security');

  await otherRow.getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByTestId('session-row').filter({ has: page.getByRole('button', { name: 'Revoke' }) })).toHaveCount(0);

  // The revoked browser is sent to sign in as soon as it asks the server for anything.
  await second.getByRole('link', { name: 'Security' }).click();
  await expect(second).toHaveURL(`${url}/login?next=%2Fsecurity`);
  await expect(second.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  await other.close();

  // The API key is revoked from its row.
  await keyRow.getByRole('button', { name: /Revoke/ }).click();
  await expect(keyRow).toHaveCount(0);
  await expect(keys.getByText('No API keys yet.')).toBeVisible();

  // New recovery codes replace the old ones; then 2FA is turned off with one of the new codes.
  await twoFactor.getByRole('button', { name: 'New recovery codes' }).click();
  await twoFactor.getByLabel('Authentication code').fill(codes[2]);
  await twoFactor.getByRole('button', { name: 'Replace recovery codes' }).click();
  await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10);
  const fresh = await page.getByTestId('recovery-codes').getByRole('listitem').allTextContents();
  expect(fresh).not.toContain(codes[3]);
  await page.getByRole('button', { name: 'I saved my recovery codes' }).click();
  await expect(twoFactor.getByText('10 recovery codes left')).toBeVisible();
  await twoFactor.getByRole('button', { name: 'Turn off' }).click();
  await twoFactor.getByLabel('Authentication code').fill(codes[3]); // the old codes stopped working
  await twoFactor.getByRole('button', { name: 'Turn off two-factor authentication' }).click();
  await expect(twoFactor.getByRole('alert')).toContainText('wrong');
  await twoFactor.getByLabel('Authentication code').fill(fresh[0]);
  await twoFactor.getByRole('button', { name: 'Turn off two-factor authentication' }).click();
  await expect(twoFactor.getByText('Off', { exact: true })).toBeVisible();
  await expect(twoFactor.getByRole('button', { name: 'Turn on two-factor authentication' })).toBeVisible();

  // Phone width: no horizontal page scroll.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole('heading', { name: 'Security log' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test('forgot password: the emailed link sets a new password that signs in', async ({ page, request }) => {
  const { url } = quietServer();
  const email = uniqueEmail('reset');
  const signup = await request.post(`${url}/api/v1/auth/signup`, { data: { email, password } });
  expect(signup.status()).toBe(202);

  await page.goto(`${url}/login`);
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page).toHaveURL(`${url}/forgot-password`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByText('If an account exists')).toBeVisible();

  const mail = await latestMail(url, email, 'Reset your');
  await page.goto(linkIn(mail.body));
  // A weak password is refused with the server's reason next to the field.
  await page.getByLabel('New password').fill('password123');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByLabel('New password')).toHaveAttribute('aria-invalid', 'true');
  const newPassword = 'violet lantern over 9 bridges';
  await page.getByLabel('New password').fill(newPassword);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByText('Password changed')).toBeVisible();

  // The old password no longer works; the new one does.
  await page.goto(`${url}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The email or password is wrong.');
  await signIn(page, url, email, newPassword);

  // This account never verified its email: the security page offers a new link.
  await page.getByRole('link', { name: 'Security' }).click();
  await expect(page.getByText('Not verified')).toBeVisible();
  await page.getByRole('button', { name: 'Resend verification email' }).click();
  await expect(page.getByText(`Verification email sent to ${email}.`)).toBeVisible();
  expect(linkIn((await latestMail(url, email, 'Verify')).body)).toContain('/verify-email?token=');

  // And changed again from the security page: a weak one is refused next to the field, a good one accepted.
  await page.getByRole('link', { name: 'Security' }).click();
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByLabel('Current password').fill(newPassword);
  await page.getByLabel('New password').fill('qwertyuiop');
  await page.getByRole('button', { name: 'Save new password' }).click();
  await expect(page.getByLabel('New password')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('New password').fill('seven amber kites at dusk');
  await page.getByRole('button', { name: 'Save new password' }).click();
  await expect(page.getByText('Password changed.')).toBeVisible();
  await expect(page.getByTestId('security-log')).toContainText('Password changed');
});
