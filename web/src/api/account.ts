import { call, type Schemas } from './operations';

/** The signed-in user's account: profile, 2FA, password, security log and the session's user data stream. */
export type Profile = Schemas['ProfileResponse'];
export type TwoFactorStatus = Schemas['TwoFactorStatusResponse'];
export type TwoFactorEnrollment = Schemas['TwoFactorEnrollmentResponse'];
export type AuditEvent = Schemas['AuditEventResponse'];
export type AuditPage = Schemas['AuditPageResponse'];
export type SessionStream = Schemas['SessionStreamResponse'];

export function getProfile(): Promise<Profile> {
  return call('get', '/api/v1/account');
}

export function getTwoFactor(): Promise<TwoFactorStatus> {
  return call('get', '/api/v1/account/2fa');
}

export function enrollTwoFactor(): Promise<TwoFactorEnrollment> {
  return call('post', '/api/v1/account/2fa/enroll');
}

/** Turns 2FA on with a code from the new authenticator; answers the recovery codes (shown once). */
export function confirmTwoFactor(code: string, password: string): Promise<string[]> {
  return call('post', '/api/v1/account/2fa/confirm', { body: { code, password } }).then((answer) => answer.recoveryCodes);
}

export function disableTwoFactor(code: string): Promise<void> {
  return call('post', '/api/v1/account/2fa/disable', { body: { code } }).then(() => undefined);
}

/** New recovery codes (the old ones stop working). */
export function renewRecoveryCodes(code: string): Promise<string[]> {
  return call('post', '/api/v1/account/2fa/recovery-codes', { body: { code } }).then((answer) => answer.recoveryCodes);
}

export function changePassword(currentPassword: string, newPassword: string, code?: string): Promise<void> {
  const body = code === undefined ? { currentPassword, newPassword } : { currentPassword, newPassword, code };
  return call('post', '/api/v1/account/password', { body }).then(() => undefined);
}

/** The security log, newest first; `before` is the previous page's nextBefore. */
export function getSecurityLog(limit: number, before?: number): Promise<AuditPage> {
  return call('get', '/api/v1/account/security-log', { query: { limit, before } });
}

/** The session's listenKey for /ws/<listenKey> (the same one again while it lives). */
export function openSessionStream(): Promise<SessionStream> {
  return call('post', '/api/v1/account/stream');
}

export function keepSessionStreamAlive(listenKey: string): Promise<void> {
  return call('put', '/api/v1/account/stream', { body: { listenKey } });
}
