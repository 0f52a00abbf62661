import type { Activity } from '../../api/wallet';

/** The kinds of wallet movement the history can be filtered by (`kind` of /api/v1/wallet/history). */
export type ActivityKind =
  | 'deposit'
  | 'withdrawal'
  | 'transfer_out'
  | 'transfer_in'
  | 'convert'
  | 'stake'
  | 'unstake'
  | 'staking_reward'
  | 'unstake_released'
  | 'adjustment';

export const activityKinds: Array<{ kind: ActivityKind; label: string }> = [
  { kind: 'deposit', label: 'Deposit' },
  { kind: 'withdrawal', label: 'Withdrawal' },
  { kind: 'transfer_out', label: 'Sent' },
  { kind: 'transfer_in', label: 'Received' },
  { kind: 'convert', label: 'Convert' },
  { kind: 'stake', label: 'Stake' },
  { kind: 'unstake', label: 'Unstake' },
  { kind: 'staking_reward', label: 'Staking reward' },
  { kind: 'unstake_released', label: 'Unstake released' },
  { kind: 'adjustment', label: 'Adjustment' },
];

export function kindLabel(kind: string): string {
  return activityKinds.find((k) => k.kind === kind)?.label ?? kind;
}

/** A stable key for a history row (one command can make several rows for a user, e.g. rewards in several assets). */
export function activityKey(activity: Activity): string {
  return `${activity.id}:${activity.kind}:${activity.asset}`;
}

/** Decimals an asset has, read from a padded amount the server sent ("1.50000000" → 8). */
export function scaleOf(paddedAmount: string | undefined): number | undefined {
  if (!paddedAmount) {
    return undefined;
  }
  const dot = paddedAmount.indexOf('.');
  return dot < 0 ? 0 : paddedAmount.length - dot - 1;
}
