/**
 * Five failed sign-ins for one e-mail address within 15 minutes lock further tries for 15 minutes.
 */

export const MAX_FAILURES = 5;
export const WINDOW_MINUTES = 15;
export const LOCK_MINUTES = 15;

export interface ThrottleState {
  failures: number;
  windowStartedAt: string;
  lockedUntil: string | null;
}

const minutes = (n: number) => n * 60_000;

export function lockedUntil(state: ThrottleState | undefined, now: Date): Date | null {
  if (!state?.lockedUntil) return null;
  const until = new Date(state.lockedUntil);
  return until > now ? until : null;
}

/** The state after one more failure. */
export function recordFailure(state: ThrottleState | undefined, now: Date): ThrottleState {
  // A lock that has run out starts a fresh count.
  const continuing =
    state !== undefined &&
    state.lockedUntil === null &&
    now.getTime() - new Date(state.windowStartedAt).getTime() < minutes(WINDOW_MINUTES);
  const failures = continuing ? state.failures + 1 : 1;
  return {
    failures,
    windowStartedAt: continuing ? state.windowStartedAt : now.toISOString(),
    lockedUntil: failures >= MAX_FAILURES ? new Date(now.getTime() + minutes(LOCK_MINUTES)).toISOString() : null,
  };
}
