import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { vi } from 'vitest';
import { AuthProvider } from '../../api/AuthContext';

/** One recorded request of a stubbed fetch. */
export interface Call {
  method: string;
  path: string;
  body: unknown;
}

type Reply = { status: number; body?: unknown };

/**
 * Stubs the browser's fetch with answers by "METHOD /path" (each a list, taken in order; the last one repeats) and
 * records what the page sent. Fine for component tests: the real server is covered by the Playwright tests.
 */
export function stubFetch(routes: Record<string, Reply[]>): Call[] {
  const calls: Call[] = [];
  const served = new Map<string, number>();
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const method = init?.method ?? 'GET';
    const key = `${method} ${url.pathname}`;
    calls.push({ method, path: url.pathname + url.search, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const replies = routes[key];
    if (!replies) {
      return new Response(JSON.stringify({ code: 'not_found', detail: `unstubbed ${key}` }), { status: 404 });
    }
    const index = served.get(key) ?? 0;
    served.set(key, index + 1);
    const reply = replies[Math.min(index, replies.length - 1)];
    return reply.body === undefined
      ? new Response(null, { status: reply.status })
      : new Response(JSON.stringify(reply.body), { status: reply.status, headers: { 'Content-Type': 'application/json' } });
  });
  return calls;
}

/** A problem-details body as /api/v1 sends it. */
export function problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}): Reply {
  return { status, body: { type: 'about:blank', title: 'x', status, code, detail, ...extra } };
}

function Landed() {
  const location = useLocation();
  return <p data-testid="landed">{location.pathname}</p>;
}

/** Renders a page inside the auth context and a router at `path`, with a marker route (data-testid=landed) showing where it navigated. */
export function renderAt(path: string, routePath: string, page: ReactNode) {
  return render(
    <AuthProvider>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path={routePath} element={page} />
          <Route path="*" element={<Landed />} />
        </Routes>
      </MemoryRouter>
    </AuthProvider>,
  );
}
