import { useEffect, useState } from 'react';
import { secondsLeft } from '../../lib/money';

/** Seconds left until `expiresAt`, ticking; calls `onExpired` once when it reaches zero. */
export function useSecondsLeft(expiresAt: number | null, onExpired?: () => void): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (expiresAt === null) {
      return;
    }
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [expiresAt]);
  const left = expiresAt === null ? 0 : secondsLeft(expiresAt, now);
  useEffect(() => {
    if (expiresAt !== null && left === 0) {
      onExpired?.();
    }
    // onExpired is a fresh closure each render; firing once per reaching zero is what matters.
  }, [expiresAt, left === 0]);
  return left;
}
