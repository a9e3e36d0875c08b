import { formatDateTime } from "../domain/financial-years";
import { clientKey, refusal, type RefusedScope } from "../domain/sign-in-throttle";
import { findUserByEmail, markSignInSucceeded, normaliseEmail, signInStanding, startSignInAttempt } from "../data/users.server";
import { burnPasswordCheck, verifyPassword } from "./password.server";

export type SignInResult =
  | { ok: true; userId: number }
  | { ok: false; reason: "invalid" }
  /** Too many failures: by this client across accounts ("client"), or on this account ("account"). */
  | { ok: false; reason: "locked"; until: Date; scope: RefusedScope };

/**
 * Checks an e-mail address and password tried from `client` (the client's network address).
 * A wrong address and a wrong password answer alike. Too many recent failures refuse the attempt
 * without checking the password (app/domain/sign-in-throttle.ts, decision record 011); the failure
 * that reaches a limit answers as refused too, so the user learns at once when to try again.
 */
export async function checkSignIn(email: string, password: string, client: string, now = new Date()): Promise<SignInResult> {
  const account = normaliseEmail(email);
  const from = clientKey(client);
  const started = startSignInAttempt(account, from, now, (standing) => refusal(standing, now));
  if (started.refused) return locked(started.refused);

  const user = findUserByEmail(account);
  const valid = user ? await verifyPassword(password, user.passwordHash) : await burnPasswordCheck(password);
  if (user && user.active && valid) {
    markSignInSucceeded(started.attemptId);
    return { ok: true, userId: user.id };
  }
  const refusedNow = refusal(signInStanding(account, from, now), now);
  return refusedNow ? locked(refusedNow) : { ok: false, reason: "invalid" };
}

const locked = ({ until, scope }: { until: Date; scope: RefusedScope }): SignInResult => ({ ok: false, reason: "locked", until, scope });

/**
 * What to tell someone whose attempt was refused: when to try again, in words that are the same
 * whether or not the account exists.
 */
export function refusedMessage(refused: { until: Date; scope: RefusedScope }): string {
  const where = refused.scope === "client" ? "from this device or network" : "to this account";
  return `There have been too many attempts to sign in ${where}. Try again after ${formatDateTime(refused.until.toISOString())}.`;
}
