import { describe, expect, it } from 'vitest';
import { ApiError } from './ApiError';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('ApiError.from', () => {
  it('reads RFC 7807 problem details from /api/v1', async () => {
    const error = await ApiError.from(
      json(400, { type: 'x', title: 'The request is invalid.', status: 400, detail: "The field 'email' is required.", code: 'missing_field', field: 'email' }),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe('missing_field');
    expect(error.message).toBe("The field 'email' is required.");
    expect(error.field).toBe('email');
  });

  it('reads Binance {code,msg} from /api/v3', async () => {
    const error = await ApiError.from(json(400, { code: -1121, msg: 'Invalid symbol.' }));
    expect(error.code).toBe('-1121');
    expect(error.message).toBe('Invalid symbol.');
  });

  it('keeps the retry time of a rate limit', async () => {
    const error = await ApiError.from(json(429, { title: 'Too many requests.', detail: 'Slow down.', code: 'rate_limited', retryAfterSeconds: 12 }));
    expect(error.retryAfterSeconds).toBe(12);
  });

  it('falls back to the status when the body is not JSON', async () => {
    const error = await ApiError.from(new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    expect(error.code).toBe('http_502');
    expect(error.message).toBe('Bad Gateway');
  });
});
