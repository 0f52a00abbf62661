import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubFetch } from '../components/money/fetchStub';
import { call, callWithHeaders } from './operations';

afterEach(() => vi.unstubAllGlobals());

describe('call', () => {
  it('fills the path segments URL-encoded, sends the method, query and JSON body, and answers the body', async () => {
    const calls = stubFetch({
      'POST /api/v1/convert/quotes/a%2Fb/accept': { body: { reference: 'a/b' } },
      'GET /api/v1/wallet/history': { body: { activities: [], nextCursor: null } },
      'POST /api/v1/staking/stake': { body: { amount: '1' }, headers: { 'Idempotent-Replayed': 'true' } },
    });
    expect(await call('post', '/api/v1/convert/quotes/{quoteId}/accept', { path: { quoteId: 'a/b' } })).toEqual({ reference: 'a/b' });
    await call('get', '/api/v1/wallet/history', { query: { kind: '', limit: 20, cursor: undefined } });
    const { headers } = await callWithHeaders('post', '/api/v1/staking/stake', { body: { asset: 'SOL', amount: '1', clientReference: 'r' } });
    expect(calls.map((c) => `${c.method} ${c.path}?${c.query.toString()}`)).toEqual([
      'POST /api/v1/convert/quotes/a%2Fb/accept?',
      'GET /api/v1/wallet/history?limit=20',
      'POST /api/v1/staking/stake?',
    ]);
    expect(calls[2].body).toEqual({ asset: 'SOL', amount: '1', clientReference: 'r' });
    expect(headers.get('Idempotent-Replayed')).toBe('true');
  });

  it('accepts only what the OpenAPI document describes (checked by tsc)', () => {
    const typeOnly = () => {
      // @ts-expect-error a path the server does not serve
      void call('get', '/api/v1/nope');
      // @ts-expect-error a method the path does not have
      void call('delete', '/api/v1/account/balances');
      // @ts-expect-error a field the body does not have
      void call('post', '/api/v1/convert/quotes', { body: { form: 'SOL' } });
      // @ts-expect-error the path's {quoteId} needs a value
      void call('post', '/api/v1/convert/quotes/{quoteId}/accept');
      // @ts-expect-error a segment the path does not have
      void call('post', '/api/v1/convert/quotes/{quoteId}/accept', { path: { quote: '41' } });
    };
    expect(typeOnly).toBeTypeOf('function');
  });
});
