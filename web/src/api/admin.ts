import { api, publicApi } from './http';

/*
 * The back office API (/api/v1/admin, issue 15). The types are written by hand from the admin API contract because
 * the endpoints were built in parallel with this client; once the server's OpenAPI document carries them
 * (`npm run api:generate`), they can become aliases of the generated schemas like the other modules'.
 * Amounts and rates are decimal strings; times are Unix milliseconds.
 */

/** The permissions an operator's roles grant, as /admin/me names them. */
export type Permission =
  | 'usersRead'
  | 'usersFreeze'
  | 'usersManage'
  | 'auditRead'
  | 'adjustmentsPropose'
  | 'adjustmentsApprove'
  | 'reconciliationRead'
  | 'listingManage'
  | 'operatorsManage'
  | 'dashboardRead';

export const operatorRoles = ['support', 'compliance', 'treasury', 'listing', 'admin'] as const;

export interface Me {
  userId: number;
  email: string;
  roles: string[];
  permissions: string[];
}

export interface ReconciliationRow {
  asset: string;
  supply: string;
  held: string;
  available: string;
  locked: string;
  staked: string;
  feeAccount: string;
  stakingRewardsAccount: string;
  negativeBalances: number;
  balanced: boolean;
  adjustments?: string;
}

export interface Dashboard {
  users: number;
  pendingProposals: number;
  markets: Array<{ symbol: string; status: MarketStatus; volume24h: string; trades24h: number }>;
  feesEarned: Array<{ asset: string; amount: string }>;
  reconciliation: { balanced: boolean; assets: ReconciliationRow[] };
}

// Operators and audit

export interface Operator {
  userId: number;
  email: string;
  roles: string[];
  disabled: boolean;
  createdAt: number;
}

export interface InvitedOperator {
  userId: number;
  email: string;
  roles: string[];
  setupLink: string;
}

export interface AuditEntry {
  id: number;
  operatorId: number;
  /** The roles the operator held when acting. */
  roles: string[];
  action: string;
  targetType: string;
  targetId: string | null;
  before: string | null;
  after: string | null;
  reason: string | null;
  ip: string | null;
  time: number;
  hash: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  next: number | null;
}

export interface AuditFilter {
  operatorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
}

export interface ChainVerification {
  intact: boolean;
  entries: number;
  firstBrokenId: number | null;
  detail: string;
}

// Listing

export interface Asset {
  code: string;
  name: string;
  scale: number;
  depositsEnabled: boolean;
  withdrawalsEnabled: boolean;
}

export type MarketStatus = 'TRADING' | 'HALTED' | 'CANCEL_ONLY' | 'DELISTED';

export interface Market {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  status: MarketStatus;
  tickSize: string;
  lotSize: string;
  minQuantity: string;
  maxQuantity: string;
  minNotional: string;
  maxNotional: string;
  minPrice: string;
  maxPrice: string;
  marketOrderBand: string;
}

export interface NewMarket {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  tickSize: string;
  lotSize: string;
  minQuantity: string;
  maxQuantity: string;
  minNotional: string;
  maxNotional?: string;
  minPrice?: string;
  maxPrice?: string;
  marketOrderBand?: string;
  status?: MarketStatus;
}

export interface FeeTier {
  tier: number;
  makerRate: string;
  takerRate: string;
}

export interface ListingChange {
  kind: 'asset' | 'market' | 'feeTier';
  target: string;
  action: 'create' | 'update' | 'status';
  before: unknown;
  after: unknown;
}

export interface ListingPlan {
  changes: ListingChange[];
  unchanged: number;
}

// Users

export interface Restrictions {
  trading: boolean;
  withdrawals: boolean;
  login: boolean;
}

export interface UserSummary {
  userId: number;
  email: string;
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  restrictions: Restrictions;
  createdAt: number;
}

export interface UserList {
  users: UserSummary[];
  next: number | null;
}

export interface UserDetail {
  profile: {
    userId: number;
    email: string;
    emailVerified: boolean;
    twoFactorEnabled: boolean;
    twoFactorRequired: boolean;
    createdAt: number;
    feeTier: number;
  };
  restrictions: Restrictions & { reason: string | null };
  balances: Array<{ asset: string; available: string; locked: string; staked: string }>;
  openOrders: Array<{
    symbol: string;
    orderId: number;
    side: string;
    type: string;
    price: string;
    origQty: string;
    executedQty: string;
    status: string;
    time: number;
  }>;
  recentTrades: Array<{
    symbol: string;
    tradeId: number;
    orderId: number;
    side: string;
    price: string;
    qty: string;
    commission: string;
    commissionAsset: string;
    time: number;
  }>;
  sessions: Array<{ id: string; createdAt: number; lastSeenAt: number; ip: string | null; userAgent: string | null; secondFactor: boolean }>;
  apiKeys: Array<{ id: string; label: string; permissions: string[]; createdAt: number; revoked: boolean }>;
  securityLog: Array<{ type: string; time: number; ip: string | null; detail: string | null }>;
}

export interface RestrictionChange extends Restrictions {
  reason: string;
  cancelOpenOrders: boolean;
}

// Balance adjustments

/** `approved`: decided, the exchange's confirmation outstanding (until the approval is retried or the server restarts). */
export type ProposalStatus = 'pending' | 'approved' | 'executed' | 'rejected' | 'expired' | 'failed';

export interface Adjustment {
  id: number;
  userId: number;
  asset: string;
  amount: string;
  reason: string;
  reference: string;
  status: ProposalStatus;
  proposedBy: number;
  proposedAt: number;
  expiresAt: number;
  decidedBy: number | null;
  decidedAt: number | null;
  decisionReason: string | null;
  failure: string | null;
}

export interface NewAdjustment {
  userId: number;
  asset: string;
  amount: string;
  reason: string;
  reference: string;
}

const base = '/api/v1/admin';
const enc = encodeURIComponent;

export const admin = {
  me: () => api<Me>(`${base}/me`),
  dashboard: () => api<Dashboard>(`${base}/dashboard`),
  reconciliation: () => api<ReconciliationRow[]>(`${base}/reconciliation`),

  operators: () => api<Operator[]>(`${base}/operators`),
  inviteOperator: (email: string, roles: string[]) => api<InvitedOperator>(`${base}/operators`, { method: 'POST', body: { email, roles } }),
  setOperatorRoles: (userId: number, roles: string[]) =>
    api<Operator>(`${base}/operators/${userId}/roles`, { method: 'PUT', body: { roles } }),
  disableOperator: (userId: number) => api<void>(`${base}/operators/${userId}/disable`, { method: 'POST' }),

  audit: (filter: AuditFilter, before?: number, limit = 50) =>
    api<AuditPage>(`${base}/operator-audit`, { query: { ...filter, before, limit } }),
  verifyAudit: () => api<ChainVerification>(`${base}/operator-audit/verify`),

  assets: () => api<Asset[]>(`${base}/assets`),
  createAsset: (asset: Asset) => api<Asset>(`${base}/assets`, { method: 'POST', body: asset }),
  updateAsset: (code: string, change: Partial<Pick<Asset, 'name' | 'depositsEnabled' | 'withdrawalsEnabled'>>) =>
    api<Asset>(`${base}/assets/${enc(code)}`, { method: 'PUT', body: change }),
  markets: () => api<Market[]>(`${base}/markets`),
  createMarket: (market: NewMarket) => api<Market>(`${base}/markets`, { method: 'POST', body: market }),
  updateMarket: (symbol: string, filters: Partial<Omit<NewMarket, 'symbol' | 'baseAsset' | 'quoteAsset' | 'status'>>) =>
    api<Market>(`${base}/markets/${enc(symbol)}`, { method: 'PUT', body: filters }),
  setMarketStatus: (symbol: string, status: Exclude<MarketStatus, 'DELISTED'>, reason: string) =>
    api<Market>(`${base}/markets/${enc(symbol)}/status`, { method: 'PUT', body: { status, reason } }),
  delistMarket: (symbol: string, reason: string) => api<Market>(`${base}/markets/${enc(symbol)}/delist`, { method: 'POST', body: { reason } }),
  feeTiers: () => api<FeeTier[]>(`${base}/fee-tiers`),
  setFeeTier: (tier: number, makerRate: string, takerRate: string) =>
    api<FeeTier>(`${base}/fee-tiers/${tier}`, { method: 'PUT', body: { makerRate, takerRate } }),
  setUserFeeTier: (userId: number, tier: number) => api<void>(`${base}/users/${userId}/fee-tier`, { method: 'PUT', body: { tier } }),

  users: (q: string, before?: number, limit = 50) => api<UserList>(`${base}/users`, { query: { q, before, limit } }),
  user: (userId: number) => api<UserDetail>(`${base}/users/${userId}`),
  setRestrictions: (userId: number, change: RestrictionChange) =>
    api<Restrictions & { reason: string | null }>(`${base}/users/${userId}/restrictions`, { method: 'PUT', body: change }),
  /** Ends one session, or every session of the user when `sessionId` is left out. */
  revokeSessions: (userId: number, sessionId?: string) =>
    api<void>(`${base}/users/${userId}/sessions/revoke`, { method: 'POST', body: sessionId === undefined ? {} : { sessionId } }),
  /** Revokes one API key, or every key of the user when `keyId` is left out. */
  revokeApiKeys: (userId: number, keyId?: string) =>
    api<void>(`${base}/users/${userId}/api-keys/revoke`, { method: 'POST', body: keyId === undefined ? {} : { keyId } }),
  forcePasswordReset: (userId: number) => api<void>(`${base}/users/${userId}/password-reset`, { method: 'POST' }),
  setTwoFactorRequired: (userId: number, required: boolean) =>
    api<void>(`${base}/users/${userId}/two-factor-required`, { method: 'PUT', body: { required } }),

  adjustments: (status: 'pending' | 'all') => api<Adjustment[]>(`${base}/adjustments`, { query: { status } }),
  proposeAdjustment: (proposal: NewAdjustment) => api<Adjustment>(`${base}/adjustments`, { method: 'POST', body: proposal }),
  approveAdjustment: (id: number) => api<Adjustment>(`${base}/adjustments/${id}/approve`, { method: 'POST' }),
  rejectAdjustment: (id: number, reason: string) => api<Adjustment>(`${base}/adjustments/${id}/reject`, { method: 'POST', body: { reason } }),
};

/** Sets a new operator's password from the one-time setup link (`/admin/setup?token=…`); no session needed. */
export function completeOperatorSetup(token: string, password: string): Promise<void> {
  return publicApi<void>('/api/v1/auth/operator-setup', { method: 'POST', body: { token, password } });
}

/** Whether the operator's roles grant a permission. */
export function can(me: Me | null | undefined, permission: Permission): boolean {
  return Boolean(me?.permissions.includes(permission));
}
