import { call, callWithHeaders, type Schemas } from './operations';

/** Staking products, positions, stake / unstake and rewards (docs/api.md, "Staking"). */
export type StakingProduct = Schemas['StakingProductResponse'];
export type StakingPosition = Schemas['StakingPositionResponse'];
export type StakingReward = Schemas['StakingRewardResponse'];
export type StakingRewardPage = Schemas['StakingRewardPage'];
export type StakeAnswer = Schemas['StakeResponse'];
export type UnstakeAnswer = Schemas['UnstakeResponse'];

export interface StakingRequest {
  asset: string;
  amount: string;
  /** The idempotency key: the same one again after an uncertain failure (see AttemptReference). */
  clientReference: string;
}

export function getStakingProducts(): Promise<StakingProduct[]> {
  return call('get', '/api/v1/staking/products');
}

export function getStakingPositions(): Promise<StakingPosition[]> {
  return call('get', '/api/v1/staking/positions');
}

export function getStakingRewards(query: { limit: number; cursor?: string }): Promise<StakingRewardPage> {
  return call('get', '/api/v1/staking/rewards', { query });
}

/** `headers` tell a replayed answer (isReplayed) from a new stake. */
export function stake(request: StakingRequest): Promise<{ body: StakeAnswer; headers: Headers }> {
  return callWithHeaders('post', '/api/v1/staking/stake', { body: request });
}

export function unstake(request: StakingRequest): Promise<{ body: UnstakeAnswer; headers: Headers }> {
  return callWithHeaders('post', '/api/v1/staking/unstake', { body: request });
}
