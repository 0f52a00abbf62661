import type { components } from './schema';

/**
 * The signed-in session: the token pair from /api/v1/auth/login, kept in localStorage so a reload stays signed in and
 * every tab shares it. A refresh token is single use and presenting a spent one revokes the whole session, so: calls in
 * one tab share one refresh; tabs take turns through a Web Lock and each re-reads storage first (another tab may have
 * refreshed already); a tab follows the others' changes (sign-in, refresh, sign-out) through the storage event.
 */
type TokenResponse = components['schemas']['TokenResponse'];

/** The token pair as kept in localStorage: the answer of /api/v1/auth/login and /auth/refresh. */
export type Tokens = Pick<TokenResponse, 'accessToken' | 'refreshToken' | 'expiresIn' | 'sessionId' | 'userId'> &
  Partial<Pick<TokenResponse, 'twoFactorSetupRequired'>>;

const storageKey = 'bourse.session';
type Listener = (tokens: Tokens | null) => void;
const listeners = new Set<Listener>();
let current: Tokens | null = load();
let refreshing: Promise<Tokens | null> | null = null;

function load(): Tokens | null {
  try {
    const raw = localStorage.getItem(storageKey);
    return raw ? (JSON.parse(raw) as Tokens) : null;
  } catch {
    return null;
  }
}

export function currentTokens(): Tokens | null {
  return current;
}

export function setTokens(tokens: Tokens | null): void {
  current = tokens;
  if (tokens) {
    localStorage.setItem(storageKey, JSON.stringify(tokens));
  } else {
    localStorage.removeItem(storageKey);
  }
  notify();
}

function notify(): void {
  for (const listener of listeners) {
    listener(current);
  }
}

// Another tab signed in, refreshed or signed out: take its tokens (the storage event never fires in the writing tab).
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === storageKey || event.key === null) {
      current = load();
      notify();
    }
  });
}

export function onTokensChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Runs `work` while holding the cross-tab refresh lock where the browser has Web Locks; alone otherwise. */
function exclusively<T>(work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? (locks.request('bourse.refresh', work) as Promise<T>) : work();
}

/**
 * Exchanges the refresh token for a new pair. Null when there is none to be had: signed out only when the server
 * says the session is over (401/400); a rate limit, a server error or no network keep the tokens for a later try.
 */
export function refreshTokens(): Promise<Tokens | null> {
  const spent = current;
  if (!spent) {
    return Promise.resolve(null);
  }
  refreshing ??= exclusively(async () => {
    // Another tab may have refreshed while this one waited for the lock: its pair is the live one.
    const stored = load();
    if (stored && stored.refreshToken !== spent.refreshToken) {
      current = stored;
      notify();
      return stored;
    }
    try {
      const response = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken: spent.refreshToken }),
      });
      if (!response.ok) {
        const sessionOver = response.status === 401 || response.status === 400;
        if (sessionOver && load()?.refreshToken === spent.refreshToken) {
          setTokens(null);
        }
        return null;
      }
      const fresh = (await response.json()) as Tokens;
      // Signed out (here or in another tab) while the refresh was out: do not bring the session back.
      if (load() === null) {
        current = null;
        notify();
        return null;
      }
      setTokens(fresh);
      return fresh;
    } catch {
      return null;
    }
  }).finally(() => {
    refreshing = null;
  });
  return refreshing;
}
