import { vi } from 'vitest';

/** For component tests: answers fetch by "METHOD /path" (query ignored) and records every call with its JSON body. */
export interface StubbedCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

type Answer = { status?: number; body?: unknown; network?: true; raw?: string; headers?: Record<string, string> };

/**
 * A fixed answer, or one computed per call (possibly later, to hold a request in flight). `network` fails the fetch;
 * `raw` is the body text as is (e.g. cut short), instead of `body` as JSON.
 */
export type StubAnswer = Answer | ((call: StubbedCall) => Answer | Promise<Answer>);

export function stubFetch(routes: Record<string, StubAnswer>): StubbedCall[] {
  const calls: StubbedCall[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://localhost');
      const method = init?.method ?? 'GET';
      const call: StubbedCall = {
        method,
        path: url.pathname,
        query: url.searchParams,
        body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      };
      calls.push(call);
      const route = routes[`${method} ${url.pathname}`];
      if (!route) {
        return new Response(JSON.stringify({ code: 'not_found', title: 'Not found' }), { status: 404 });
      }
      const answer = typeof route === 'function' ? await route(call) : route;
      if (answer.network) {
        throw new TypeError('Failed to fetch');
      }
      const status = answer.status ?? 200;
      const text = answer.raw ?? (answer.body === undefined ? null : JSON.stringify(answer.body));
      return new Response(text, {
        status,
        headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...answer.headers },
      });
    }),
  );
  return calls;
}

export function problem(status: number, code: string, detail: string) {
  return { status, body: { type: 'about:blank', title: 'Refused', status, code, detail } };
}
