import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stubFetch } from '../components/money/fetchStub';
import { FakeWebSocket as FakeSocket } from '../testing/FakeWebSocket';

const balance = (asset: string, free: string, locked = '0.00', staked = '0.00') => ({ asset, free, locked, staked });

async function load() {
  const session = await import('./session');
  const { useBalances } = await import('./useBalances');
  return { session, useBalances };
}

describe('useBalances', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    localStorage.clear();
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.resetModules();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it('loads, applies outboundAccountPosition at once, and reloads on balanceUpdate and on every stream open', async () => {
    let answer = [balance('SOL', '10.00', '0.00', '1.00'), balance('USDT', '500.00')];
    const calls = stubFetch({
      'GET /api/v1/account/balances': () => ({ body: answer }),
      'POST /api/v1/account/stream': { body: { listenKey: 'key' } },
    });
    const loads = () => calls.filter((c) => c.path === '/api/v1/account/balances').length;
    const { session, useBalances } = await load();
    session.setTokens({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, sessionId: 's', userId: 1 });
    const { result, unmount } = renderHook(() => useBalances());

    await waitFor(() => expect(result.current.data).toEqual(answer));
    expect(result.current.loading).toBe(false);
    await waitFor(() => expect(FakeSocket.all.length).toBe(1));
    const socket = FakeSocket.all[0];
    act(() => socket.open());
    await waitFor(() => expect(loads()).toBe(2));

    // A trade: the new free and locked amounts, no request; the staked amount stays.
    act(() => socket.pushEvent({ e: 'outboundAccountPosition', B: [{ a: 'SOL', f: '8.00', l: '2.00' }] }));
    expect(result.current.byAsset?.get('SOL')).toEqual(balance('SOL', '8.00', '2.00', '1.00'));
    expect(result.current.data?.map((b) => b.asset)).toEqual(['SOL', 'USDT']);
    expect(loads()).toBe(2);

    // A movement that is not a trade (a stake here) may change the staked amount: reload.
    answer = [balance('SOL', '7.00', '2.00', '2.00'), balance('USDT', '500.00')];
    act(() => socket.pushEvent({ e: 'balanceUpdate', a: 'SOL', d: '-1.00' }));
    await waitFor(() => expect(result.current.byAsset?.get('SOL')?.staked).toBe('2.00'));
    expect(loads()).toBe(3);
    unmount();
  });

  it('loads nothing while disabled (signed out)', async () => {
    const calls = stubFetch({});
    const { useBalances } = await load();
    const { result } = renderHook(() => useBalances(false));
    expect(result.current.data).toBeUndefined();
    expect(result.current.byAsset).toBeUndefined();
    expect(result.current.loading).toBe(false);
    expect(calls).toEqual([]);
  });
});
