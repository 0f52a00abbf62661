import { call, type Schemas } from './operations';

/** The user's API keys for /api/v3 (the secret is in the create answer only). */
export type ApiKey = Schemas['ApiKeyResponse'];
export type CreatedApiKey = Schemas['CreatedApiKeyResponse'];

export const apiKeyPermissions = ['read', 'trade', 'withdraw'] as const;
export type ApiKeyPermission = (typeof apiKeyPermissions)[number];

export interface NewApiKey {
  label: string;
  permissions: ApiKeyPermission[];
  ipAllowList: string[];
  /** The 2FA code, when 2FA is on. */
  code?: string;
}

export function listApiKeys(): Promise<ApiKey[]> {
  return call('get', '/api/v1/api-keys');
}

export function createApiKey(key: NewApiKey): Promise<CreatedApiKey> {
  return call('post', '/api/v1/api-keys', { body: key });
}

export function deleteApiKey(apiKey: string): Promise<void> {
  return call('delete', '/api/v1/api-keys/{apiKey}', { path: { apiKey } }).then(() => undefined);
}
