// The /api/v1 account bodies, field for field as src/Bourse.Server/Platform/AuthModels.cs writes them.

export interface TwoFactorStatus {
  enabled: boolean;
  required: boolean;
  recoveryCodesLeft: number;
}

export interface TwoFactorEnrollment {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

export interface RecoveryCodesResponse {
  recoveryCodes: string[];
}

export interface Session {
  id: string;
  createdAt: number;
  lastSeenAt: number;
  ip: string;
  userAgent: string;
  current: boolean;
  active: boolean;
  revokedAt?: number | null;
  revokeReason?: string | null;
}

export interface AuditEvent {
  id: number;
  userId?: number | null;
  type: string;
  ip: string;
  userAgent: string;
  detail: string;
  time: number;
}

export interface AuditPage {
  events: AuditEvent[];
  nextBefore?: number | null;
}

export const apiKeyPermissions = ['read', 'trade', 'withdraw'] as const;
export type ApiKeyPermission = (typeof apiKeyPermissions)[number];

export interface ApiKey {
  apiKey: string;
  label: string;
  permissions: string[];
  ipAllowList: string[];
  createdAt: number;
}

export interface CreatedApiKey extends ApiKey {
  secretKey: string;
}
