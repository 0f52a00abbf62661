import { afterEach, describe, expect, it, vi } from 'vitest';
import { currentTokens, onTokensChanged, refreshTokens, setTokens, type Tokens } from './session';

const pair = (n: number): Tokens => ({ accessToken: `a${n}`, refreshToken: `r${n}`, expiresIn: 600, sessionId: 's', userId: 1 });

/** What another tab does: write the shared storage, which fires a storage event here. */
function otherTabWrites(tokens: Tokens | null) {
  const value = tokens ? JSON.stringify(tokens) : null;
  if (value) {
    localStorage.setItem('bourse.session', value);
  } else {
    localStorage.removeItem('bourse.session');
  }
  window.dispatchEvent(new StorageEvent('storage', { key: 'bourse.session', newValue: value }));
}

afterEach(() => {
  vi.unstubAllGlobals();
  setTokens(null);
});

describe('the session across tabs', () => {
  it('takes the pair another tab refreshed instead of spending the old refresh token again', async () => {
    setTokens(pair(1));
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    // The other tab refreshed without this tab hearing of it yet (e.g. the event is still queued).
    localStorage.setItem('bourse.session', JSON.stringify(pair(2)));

    expect(await refreshTokens()).toEqual(pair(2));
    expect(fetch).not.toHaveBeenCalled();
    expect(currentTokens()).toEqual(pair(2));
  });

  it('follows another tab signing in, refreshing and signing out', () => {
    const seen: Array<string | null> = [];
    const stop = onTokensChanged((t) => seen.push(t?.accessToken ?? null));
    otherTabWrites(pair(1));
    otherTabWrites(pair(2));
    otherTabWrites(null);
    stop();
    expect(seen).toEqual(['a1', 'a2', null]);
    expect(currentTokens()).toBeNull();
  });

  it('keeps the session when the refresh is rate limited or the server fails', async () => {
    setTokens(pair(1));
    for (const status of [429, 503]) {
      vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ code: 'rate_limited' }), { status }));
      expect(await refreshTokens()).toBeNull();
      expect(currentTokens()).toEqual(pair(1));
    }
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await refreshTokens()).toBeNull();
    expect(currentTokens()).toEqual(pair(1));
  });

  it('signs out when the server says the session is over, unless another tab already replaced the pair', async () => {
    setTokens(pair(1));
    vi.stubGlobal('fetch', async () => {
      // While this tab's refresh is in flight, another tab signs in afresh.
      localStorage.setItem('bourse.session', JSON.stringify(pair(9)));
      return new Response(JSON.stringify({ code: 'refresh_token_reused' }), { status: 401 });
    });
    expect(await refreshTokens()).toBeNull();
    expect(localStorage.getItem('bourse.session')).toContain('a9');

    setTokens(pair(3));
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ code: 'invalid_refresh_token' }), { status: 401 }));
    expect(await refreshTokens()).toBeNull();
    expect(currentTokens()).toBeNull();
    expect(localStorage.getItem('bourse.session')).toBeNull();
  });

  it('does not sign back in when the user signed out while the refresh was out', async () => {
    setTokens(pair(1));
    vi.stubGlobal('fetch', async () => {
      otherTabWrites(null);
      return new Response(JSON.stringify(pair(2)), { status: 200 });
    });
    expect(await refreshTokens()).toBeNull();
    expect(currentTokens()).toBeNull();
    expect(localStorage.getItem('bourse.session')).toBeNull();
  });
});
