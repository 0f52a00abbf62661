import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOTP } from 'otpauth';
import type { Browser, BrowserContext, Page } from '@playwright/test';

/** The server where the flows run: no market maker, so the tests own every order in the book. */
export function quietServer(): { url: string; dataDir: string } {
  return { url: required('BOURSE_QUIET_URL'), dataDir: required('BOURSE_QUIET_DATA') };
}

/** The server with the demo market maker running: live books and charts, for screenshots. */
export function livelyServer(): { url: string; dataDir: string } {
  return { url: required('BOURSE_LIVELY_URL'), dataDir: required('BOURSE_LIVELY_DATA') };
}

/**
 * The back office's server (quiet, no operator until admin.spec.ts makes them), its data directory (for `bourse admin
 * create`), the emails to make operators of, and the server binary for CLI verbs.
 */
export function adminServer(): { url: string; dataDir: string; operators: string[]; serverDll: string } {
  return {
    url: required('BOURSE_ADMIN_URL'),
    dataDir: required('BOURSE_ADMIN_DATA'),
    operators: required('BOURSE_OPERATORS').split(','),
    serverDll: required('BOURSE_SERVER_DLL'),
  };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the tests through playwright (e2e/global-setup.ts)`);
  }
  return value;
}

/** A demo trader's sign-in (alice, bob) from the server's demo-accounts.json. */
export function demoAccount(dataDir: string, name: 'alice' | 'bob'): { email: string; password: string; userId: number } {
  const accounts = JSON.parse(readFileSync(path.join(dataDir, 'demo-accounts.json'), 'utf8')) as Array<{
    name: string;
    email: string;
    password: string;
    userId: number;
  }>;
  const account = accounts.find((a) => a.name === name);
  if (!account) {
    throw new Error(`no demo account ${name}`);
  }
  return account;
}

/** The current TOTP code for a base32 secret (RFC 6238: SHA-1, 6 digits, 30 s), as an authenticator app shows it. */
export function totpCode(secret: string, offsetSteps = 0): string {
  const totp = new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 });
  return totp.generate({ timestamp: Date.now() + offsetSteps * 30_000 });
}

/** The newest mail to an address from the demo mail sink (/api/v1/dev/mail), waiting for it to be written. */
export async function latestMail(baseUrl: string, to: string, subjectContains: string): Promise<{ subject: string; body: string }> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${baseUrl}/api/v1/dev/mail?to=${encodeURIComponent(to)}`);
    const mails = (await response.json()) as Array<{ subject: string; body: string }>;
    const mail = mails.find((m) => m.subject.includes(subjectContains));
    if (mail) {
      return mail;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to} about "${subjectContains}"`);
}

/** The first link in a mail body. */
export function linkIn(body: string): string {
  const match = /https?:\/\/\S+/.exec(body);
  if (!match) {
    throw new Error(`no link in: ${body}`);
  }
  return match[0];
}

/** A unique email for a test run. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

const screenshotDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../screenshots');

/** Saves a full-page screenshot as web/screenshots/<name>.png (the README shows one of them). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/**
 * An authenticator app for one secret: each code it gives is for a later 30-second step than the last (the server
 * accepts each step once, and one step either side of now), waiting for the clock when it must.
 */
export class Authenticator {
  private lastStep = -1;
  private readonly totp: TOTP;

  constructor(secret: string) {
    this.totp = new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 });
  }

  async code(): Promise<string> {
    for (;;) {
      const now = Math.floor(Date.now() / 30_000);
      const step = Math.max(now, this.lastStep + 1);
      if (step <= now + 1) {
        this.lastStep = step;
        return this.totp.generate({ timestamp: step * 30_000 + 1_000 });
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

/** Signs in through the API (not the page) and returns the bearer token: for setting up a counterparty's orders. */
export async function apiSignIn(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) {
    throw new Error(`sign-in of ${email} failed: ${response.status} ${await response.text()}`);
  }
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** Places an order through the platform API as the token's user; fails unless accepted. */
export async function apiPlaceOrder(baseUrl: string, token: string, order: Record<string, string>): Promise<void> {
  const response = await fetch(`${baseUrl}/api/v1/orders`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(order),
  });
  if (response.status !== 201) {
    throw new Error(`order refused: ${response.status} ${await response.text()}`);
  }
}

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
}

/**
 * Signs in through the API and hands the tokens to the app as its stored session ('bourse.session', as
 * src/api/session.ts keeps it) before any page script runs — for specs about other pages than /login, which has its
 * own. Only stored when none is: a later navigation must not bring back a refresh token the app already spent.
 */
export async function storeSession(target: Page | BrowserContext, url: string, email: string, password: string): Promise<SessionTokens> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) {
    throw new Error(`sign-in of ${email} failed: ${response.status} ${await response.text()}`);
  }
  const tokens = (await response.json()) as SessionTokens;
  await target.addInitScript(
    ({ key, value }) => {
      if (!localStorage.getItem(key)) {
        localStorage.setItem(key, value);
      }
    },
    { key: 'bourse.session', value: JSON.stringify(tokens) },
  );
  return tokens;
}

/** A new browser context signed in as the given user, and its first page. */
export async function signedInPage(browser: Browser, url: string, email: string, password: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await storeSession(page, url, email, password);
  return page;
}

interface Unnamed {
  kind: string;
  html: string;
}

/** Controls, links, buttons and images the page leaves without an accessible name. */
export async function unnamedElements(page: Page): Promise<Unnamed[]> {
  return page.evaluate(() => {
    const visible = (el: Element) => {
      // The content of a closed <details> keeps its layout box but is not rendered (content-visibility), so its
      // innerText is empty: checkVisibility tells it apart from what the user sees.
      if (!el.checkVisibility({ visibilityProperty: true })) {
        return false;
      }
      const box = (el as HTMLElement).getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const named = (el: Element) =>
      Boolean(
        el.getAttribute('aria-label')?.trim() ||
          el.getAttribute('aria-labelledby') ||
          el.getAttribute('title')?.trim() ||
          (el as HTMLElement).innerText?.trim() ||
          el.querySelector('img[alt]:not([alt=""]), svg[aria-label]'),
      );
    const found: Array<{ kind: string; html: string }> = [];
    for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
      const labelled = (el as HTMLInputElement).labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
      if (visible(el) && !labelled) {
        found.push({ kind: 'control', html: el.outerHTML.slice(0, 160) });
      }
    }
    for (const el of document.querySelectorAll('button, a[href], [role=button], [role=tab]')) {
      if (visible(el) && !named(el)) {
        found.push({ kind: 'button/link', html: el.outerHTML.slice(0, 160) });
      }
    }
    for (const el of document.querySelectorAll('img')) {
      if (!el.hasAttribute('alt')) {
        found.push({ kind: 'image', html: el.outerHTML.slice(0, 160) });
      }
    }
    return found;
  });
}
