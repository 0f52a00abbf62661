import { call, callWithHeaders, type Schemas } from './operations';

/** Balances, transfers to other users, the demo faucet and the history of every movement (docs/api.md). */
export type Balance = Schemas['PlatformBalance'];
export type Activity = Schemas['PlatformActivity'];
export type ActivityPage = Schemas['ActivityPage'];
export type Transfer = Schemas['PlatformTransfer'];

export type FaucetClaim = Schemas['FaucetClaim'];

/** Free, locked and staked amounts of every listed asset. */
export function getBalances(): Promise<Balance[]> {
  return call('get', '/api/v1/account/balances');
}

/** Play money for a new account (demo servers only). */
export function claimDemoFunds(): Promise<FaucetClaim> {
  return call('post', '/api/v1/demo/faucet');
}

export interface TransferRequest {
  toEmail: string;
  asset: string;
  amount: string;
  /** The idempotency key: the same one again after an uncertain failure (see AttemptReference). */
  clientReference: string;
  code?: string;
}

/** Sends to a user by email; `headers` tell a replayed answer (isReplayed) from a new transfer. */
export function sendTransfer(request: TransferRequest): Promise<{ body: Transfer; headers: Headers }> {
  return callWithHeaders('post', '/api/v1/transfers', { body: request });
}

/** One page of the wallet history, newest first; `kind` filters to one ActivityKind. */
export function getWalletHistory(query: { kind?: string; limit: number; cursor?: string }): Promise<ActivityPage> {
  return call('get', '/api/v1/wallet/history', { query });
}
