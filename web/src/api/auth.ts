import { call, callPublic, type Schemas } from './operations';

/** Sign-in, sign-out, the account flows the server emails links for, and the sessions (docs/api.md, "Platform API"). */
export type TokenAnswer = Schemas['TokenResponse'];
export type Session = Schemas['SessionResponse'];

export function signIn(email: string, password: string, code?: string): Promise<TokenAnswer> {
  return callPublic('post', '/api/v1/auth/login', { body: code ? { email, password, code } : { email, password } });
}

export function signOut(): Promise<void> {
  return call('post', '/api/v1/auth/logout').then(() => undefined);
}

export function signUp(email: string, password: string): Promise<void> {
  return callPublic('post', '/api/v1/auth/signup', { body: { email, password } }).then(() => undefined);
}

export function verifyEmail(token: string): Promise<void> {
  return callPublic('post', '/api/v1/auth/verify-email', { body: { token } }).then(() => undefined);
}

export function resendVerification(): Promise<void> {
  return call('post', '/api/v1/auth/resend-verification').then(() => undefined);
}

export function forgotPassword(email: string): Promise<void> {
  return callPublic('post', '/api/v1/auth/forgot-password', { body: { email } }).then(() => undefined);
}

export function resetPassword(token: string, password: string): Promise<void> {
  return callPublic('post', '/api/v1/auth/reset-password', { body: { token, password } }).then(() => undefined);
}

export function listSessions(): Promise<Session[]> {
  return call('get', '/api/v1/sessions');
}

export function revokeSession(sessionId: string): Promise<void> {
  return call('delete', '/api/v1/sessions/{sessionId}', { path: { sessionId } }).then(() => undefined);
}
