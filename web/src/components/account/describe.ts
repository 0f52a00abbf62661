/** A date and time in the visitor's locale, e.g. "30 Nov 2026, 10:42". */
export function formatDateTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "Chrome on Linux" from a user agent: enough to recognise a device, not a full parser. */
export function describeDevice(userAgent: string): string {
  if (!userAgent) {
    return 'Unknown device';
  }
  const browser =
    /Edg\//.test(userAgent) ? 'Edge'
    : /OPR\//.test(userAgent) ? 'Opera'
    : /Firefox\//.test(userAgent) ? 'Firefox'
    : /HeadlessChrome\//.test(userAgent) ? 'Headless Chrome'
    : /Chrome\//.test(userAgent) ? 'Chrome'
    : /Safari\//.test(userAgent) ? 'Safari'
    : /curl\//i.test(userAgent) ? 'curl'
    : undefined;
  const system =
    /Android/.test(userAgent) ? 'Android'
    : /iPhone|iPad|iOS/.test(userAgent) ? 'iOS'
    : /Windows/.test(userAgent) ? 'Windows'
    : /Mac OS X|Macintosh/.test(userAgent) ? 'macOS'
    : /Linux/.test(userAgent) ? 'Linux'
    : undefined;
  if (browser && system) {
    return `${browser} on ${system}`;
  }
  return browser ?? system ?? userAgent.slice(0, 40);
}

const eventNames: Record<string, string> = {
  signup: 'Account created',
  email_verified: 'Email verified',
  login: 'Signed in',
  login_failed: 'Failed sign-in',
  login_locked: 'Sign-in locked',
  logout: 'Signed out',
  refresh_token_reuse: 'Token reuse detected (session ended)',
  session_revoked: 'Session revoked',
  two_factor_enabled: '2FA turned on',
  two_factor_disabled: '2FA turned off',
  two_factor_failed: 'Wrong 2FA code',
  recovery_code_used: 'Recovery code used',
  recovery_codes_regenerated: 'New recovery codes',
  password_reset_requested: 'Password reset requested',
  password_reset: 'Password reset',
  password_changed: 'Password changed',
  api_key_created: 'API key created',
  api_key_revoked: 'API key revoked',
  two_factor_policy_changed: '2FA policy changed',
};

/** A security-log event type in words (unknown types shown as they come). */
export function describeEvent(type: string): string {
  return eventNames[type] ?? type.replace(/_/g, ' ');
}
