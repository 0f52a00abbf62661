/**
 * The signed-in session: the token pair from /api/v1/auth/login, kept in localStorage so a reload stays signed in,
 * refreshed once per expiry (concurrent callers share one refresh: a refresh token is single use, and presenting a
 * spent one revokes the session).
 */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  sessionId: string;
  userId: number;
  twoFactorSetupRequired?: boolean;
}

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
  for (const listener of listeners) {
    listener(tokens);
  }
}

export function onTokensChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Exchanges the refresh token for a new pair; null (and signed out) when the session is over. */
export function refreshTokens(): Promise<Tokens | null> {
  const spent = current;
  if (!spent) {
    return Promise.resolve(null);
  }
  refreshing ??= (async () => {
    try {
      const response = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken: spent.refreshToken }),
      });
      if (!response.ok) {
        // Only sign out if no other tab or call replaced the tokens meanwhile.
        if (current === spent) {
          setTokens(null);
        }
        return null;
      }
      const fresh = (await response.json()) as Tokens;
      setTokens(fresh);
      return fresh;
    } catch {
      return null;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}
