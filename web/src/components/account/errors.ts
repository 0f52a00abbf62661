import { ApiError, errorMessage } from '../../api/ApiError';

/** "45 s", "3 min", "2 h": how long until a lockout or rate limit ends. */
export function formatWait(seconds: number): string {
  if (seconds < 60) {
    return `${Math.max(1, Math.ceil(seconds))} s`;
  }
  if (seconds < 3600) {
    return `${Math.ceil(seconds / 60)} min`;
  }
  return `${Math.ceil(seconds / 3600)} h`;
}

/** The message for a failed account action; lockouts and rate limits say when to try again (and at what time). */
export function accountErrorMessage(error: unknown): string {
  const message = errorMessage(error);
  if (error instanceof ApiError && error.retryAfterSeconds !== undefined) {
    const at = new Date(Date.now() + error.retryAfterSeconds * 1000);
    const clock = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    return `${message} Try again in ${formatWait(error.retryAfterSeconds)} (at ${clock}).`;
  }
  return message;
}

/**
 * Which form field an error belongs to, so its message sits next to that field: the server names the field for
 * missing ones, and some codes always concern one field (weak_password → the password).
 */
export function fieldOf(error: unknown, byCode: Record<string, string>): string | undefined {
  if (!(error instanceof ApiError)) {
    return undefined;
  }
  return byCode[error.code] ?? error.field;
}

/** A typed code as the server reads it: TOTP digits or a recovery code, without the spaces people paste. */
export function cleanCode(code: string): string {
  return code.replace(/\s+/g, '');
}

/** Only same-site paths: `?next=https://evil.example` or `//evil.example` must not become an open redirect. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return '/';
  }
  return next;
}
