import { lockedUntil, recordFailure } from "../domain/sign-in-throttle";
import { clearThrottle, findUserByEmail, readThrottle, writeThrottle } from "../data/users.server";
import { burnPasswordCheck, verifyPassword } from "./password.server";

export type SignInResult = { ok: true; userId: number } | { ok: false; reason: "invalid" } | { ok: false; reason: "locked"; until: Date };

/**
 * Checks an e-mail address and password. A wrong address and a wrong password answer alike, and
 * five failures within 15 minutes lock the address for 15 minutes.
 */
export async function checkSignIn(email: string, password: string, now = new Date()): Promise<SignInResult> {
  const throttle = readThrottle(email);
  const until = lockedUntil(throttle, now);
  if (until) return { ok: false, reason: "locked", until };

  const user = findUserByEmail(email);
  const valid = user ? await verifyPassword(password, user.passwordHash) : await burnPasswordCheck(password);
  if (user && user.active && valid) {
    if (throttle) clearThrottle(email);
    return { ok: true, userId: user.id };
  }
  const next = recordFailure(readThrottle(email), now);
  writeThrottle(email, next);
  if (next.lockedUntil) return { ok: false, reason: "locked", until: new Date(next.lockedUntil) };
  return { ok: false, reason: "invalid" };
}
