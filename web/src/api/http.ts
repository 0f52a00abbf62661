import { ApiError } from './ApiError';
import { currentTokens, refreshTokens } from './session';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** Query parameters; undefined and empty values are left out. */
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
}

function withQuery(path: string, query?: RequestOptions['query']): string {
  if (!query) {
    return path;
  }
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') {
      parameters.set(name, String(value));
    }
  }
  const text = parameters.toString();
  return text ? `${path}?${text}` : path;
}

/** apiWithHeaders' hook: sees every response `send` gets (after a refresh, the retried one last). */
interface ObservedOptions extends RequestOptions {
  observe?: (response: Response) => void;
}

async function send(path: string, options: RequestOptions, accessToken?: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (accessToken) {
    headers.Authorization = `Bearer ${accessToken}`;
  }
  try {
    const response = await fetch(withQuery(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
    (options as ObservedOptions).observe?.(response);
    return response;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') {
      throw error;
    }
    throw ApiError.network(error);
  }
}

async function read<T>(response: Response): Promise<T> {
  if (!response.ok) {
    throw await ApiError.from(response);
  }
  if (response.status === 204 || response.headers.get('Content-Length') === '0') {
    return undefined as T;
  }
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

// The 401s that mean "this access token is no good": only these are worth a refresh. Others (a wrong password or 2FA
// code on a step-up) must not be refreshed and sent again: the retry would count as a second failed attempt.
const tokenProblems = new Set(['unauthorized', 'invalid_token', 'token_expired', 'session_expired']);

async function isTokenProblem(response: Response): Promise<boolean> {
  try {
    const body = (await response.clone().json()) as { code?: unknown };
    return typeof body.code !== 'string' || tokenProblems.has(body.code);
  } catch {
    return true;
  }
}

/** A call to the platform API (/api/v1) as the signed-in user; refreshes an expired access token once. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const tokens = currentTokens();
  let response = await send(path, options, tokens?.accessToken);
  if (response.status === 401 && tokens && (await isTokenProblem(response))) {
    // Another tab (or call) may have refreshed while this request was out: use its pair rather than rotate again.
    const latest = currentTokens();
    const fresh = latest && latest.accessToken !== tokens.accessToken ? latest : await refreshTokens();
    if (fresh) {
      response = await send(path, options, fresh.accessToken);
    }
  }
  return read<T>(response);
}

/**
 * `api` that also hands back the answer's headers, e.g. `Idempotent-Replayed: true` when a request with an already used
 * idempotency key (clientOrderId, clientReference) was answered with the earlier result instead of acting again.
 */
export async function apiWithHeaders<T>(path: string, options: RequestOptions = {}): Promise<{ body: T; headers: Headers }> {
  let headers = new Headers();
  const observed: ObservedOptions = { ...options, observe: (response) => (headers = response.headers) };
  const body = await api<T>(path, observed);
  return { body, headers };
}

/** Whether the server answered an idempotent request with an earlier result (docs/api.md "Idempotency"): nothing new happened. */
export function isReplayed(headers: Headers): boolean {
  return headers.get('Idempotent-Replayed')?.toLowerCase() === 'true';
}

/** A call that needs no session: sign-in, sign-up, public market data (/api/v3). */
export async function publicApi<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return read<T>(await send(path, options));
}
