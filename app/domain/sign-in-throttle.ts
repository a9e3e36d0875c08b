/**
 * Five failed sign-ins for one e-mail address within any 15 minutes lock further tries for 15
 * minutes from the fifth. The state keeps the times of the failures still inside the window.
 */

export const MAX_FAILURES = 5;
export const WINDOW_MINUTES = 15;
export const LOCK_MINUTES = 15;

export interface ThrottleState {
  /** ISO times of recent failures, oldest first. */
  failures: string[];
  lockedUntil: string | null;
}

const minutes = (n: number) => n * 60_000;

export function lockedUntil(state: ThrottleState | undefined, now: Date): Date | null {
  if (!state?.lockedUntil) return null;
  const until = new Date(state.lockedUntil);
  return until > now ? until : null;
}

/** The state after one more failure. A failure while locked changes nothing: the lock runs its course. */
export function recordFailure(state: ThrottleState | undefined, now: Date): ThrottleState {
  if (state && lockedUntil(state, now)) return state;
  // After a lock has run out, the count starts again.
  const earlier = state && !state.lockedUntil ? state.failures : [];
  const recent = [...earlier, now.toISOString()].filter((t) => now.getTime() - new Date(t).getTime() < minutes(WINDOW_MINUTES));
  const locked = recent.length >= MAX_FAILURES;
  return {
    failures: locked ? [] : recent,
    lockedUntil: locked ? new Date(now.getTime() + minutes(LOCK_MINUTES)).toISOString() : null,
  };
}
