import type { Decimal } from '../../lib/format';

/** The wire shapes of the money endpoints (docs/api.md: Convert, Staking, Transfers, Portfolio). */
export interface Balance {
  asset: string;
  free: Decimal;
  locked: Decimal;
  staked: Decimal;
}

export interface Activity {
  id: number | string;
  kind: ActivityKind;
  asset: string;
  amount: Decimal;
  toAsset?: string;
  toAmount?: Decimal;
  fee?: Decimal;
  counterparty?: { userId: number; email?: string | null };
  reference?: string;
  referenceId?: number | string;
  period?: number;
  releaseAt?: number;
  time: number;
}

export type ActivityKind =
  | 'deposit'
  | 'withdrawal'
  | 'transfer_out'
  | 'transfer_in'
  | 'convert'
  | 'stake'
  | 'unstake'
  | 'staking_reward'
  | 'unstake_released';

export interface ActivityPage {
  activities: Activity[];
  nextCursor?: string;
}

export interface Transfer {
  id: number;
  direction: 'out' | 'in';
  asset: string;
  amount: Decimal;
  counterparty: { userId: number; email: string };
  clientReference?: string;
  status: string;
  createdAt: number;
}

export interface ConvertQuote {
  quoteId: string;
  from: string;
  to: string;
  fromAmount: Decimal;
  toAmount: Decimal;
  rate: Decimal;
  inverseRate: Decimal;
  fee: Decimal;
  feeAsset: string;
  route: string[];
  expiresAt: number;
  validForMs: number;
}

export interface ConvertResult {
  reference: string;
  status: string;
  from: string;
  to: string;
  fromAmount: Decimal;
  toAmount: Decimal;
  rate: Decimal;
  fee: Decimal;
  feeAsset: string;
  time: number;
}

export interface ConvertPage {
  converts: ConvertResult[];
  nextCursor?: string;
}

export interface StakingProduct {
  asset: string;
  apr: Decimal;
  minimum: Decimal;
  unbondingPeriodMs: number;
  rewardPeriodMs: number;
  lastPaidPeriod?: number | null;
}

export interface StakingPosition {
  asset: string;
  staked: Decimal;
  earning: Decimal;
  unbonding: Decimal;
  unbondingEntries: Array<{ unstakeId: number; amount: Decimal; releaseAt: number; clientReference?: string }>;
  totalRewards: Decimal;
}

export interface StakingReward {
  asset: string;
  amount: Decimal;
  period: number;
  periodStart: number;
  periodEnd: number;
  paidAt: number;
}

export interface StakingRewardPage {
  rewards: StakingReward[];
  nextCursor?: string;
  totals: Array<{ asset: string; total: Decimal }>;
}

export interface PortfolioAsset {
  asset: string;
  available: Decimal;
  locked: Decimal;
  staked: Decimal;
  total: Decimal;
  price: Decimal | null;
  value: Decimal | null;
  allocationPercent: Decimal | null;
}

export interface PortfolioValuation {
  quoteAsset: string;
  totalValue: Decimal;
  time: number;
  assets: PortfolioAsset[];
}

export interface PortfolioHistory {
  quoteAsset: string;
  points: Array<{ time: number; value: Decimal }>;
}

export interface AssetPnl {
  asset: string;
  quantity: Decimal;
  averageCost: Decimal | null;
  costBasis: Decimal | null;
  price: Decimal | null;
  value: Decimal | null;
  realizedPnl: Decimal | null;
  unrealizedPnl: Decimal | null;
}

export interface PortfolioPnl {
  quoteAsset: string;
  assets: AssetPnl[];
  totals: { costBasis: Decimal; value: Decimal; realizedPnl: Decimal; unrealizedPnl: Decimal };
}

export interface MovementFigures {
  deposits: Decimal | null;
  withdrawals: Decimal | null;
  transfersIn: Decimal | null;
  transfersOut: Decimal | null;
  stakingRewards: Decimal | null;
  fees: Decimal | null;
}

export interface PortfolioStatistics {
  quoteAsset: string;
  assets: Array<{ asset: string; price: Decimal | null; amounts: MovementFigures; values: MovementFigures | null }>;
  totals: MovementFigures;
}
