import type { Activity, ActivityKind } from './types';

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
];

export function kindLabel(kind: string): string {
  return activityKinds.find((k) => k.kind === kind)?.label ?? kind;
}

/** A stable key for a history row (one command can make several rows for a user, e.g. rewards in several assets). */
export function activityKey(activity: Activity): string {
  return `${activity.id}:${activity.kind}:${activity.asset}`;
}

/** Newer rows (a refreshed first page) merged onto what is shown (maybe several pages), newest first, no duplicates. */
export function mergeActivities(shown: Activity[], fresh: Activity[]): Activity[] {
  const seen = new Set<string>();
  const merged: Activity[] = [];
  for (const activity of [...fresh, ...shown]) {
    const key = activityKey(activity);
    if (!seen.has(key)) {
      seen.add(key);
      merged.push(activity);
    }
  }
  return merged.sort((a, b) => b.time - a.time || Number(b.id) - Number(a.id));
}

/** Decimals an asset has, read from a padded amount the server sent ("1.50000000" → 8). */
export function scaleOf(paddedAmount: string | undefined): number | undefined {
  if (!paddedAmount) {
    return undefined;
  }
  const dot = paddedAmount.indexOf('.');
  return dot < 0 ? 0 : paddedAmount.length - dot - 1;
}
