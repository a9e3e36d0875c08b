import { formatDateTime } from "../domain/financial-years";
import { clientKey, refusal, type RefusedScope } from "../domain/sign-in-throttle";
import { hasTwoFactor, takeSecondFactor } from "../data/two-factor.server";
import { findUserByEmail, markSignInSucceeded, normaliseEmail, signInStanding, startSignInAttempt, withdrawSignInAttempt } from "../data/users.server";
import { deviceHash, newDeviceId } from "./device.server";
import { burnPasswordCheck, verifyPassword } from "./password.server";

export type SignInResult =
  /** `device`: the device id for the browser to keep in its device cookie (the one it sent, or a new one). */
  | { ok: true; userId: number; device: string }
  /** The password was right, and the user has two-factor on: no session until the code is right. */
  | { ok: "second-step"; userId: number }
  | { ok: false; reason: "invalid" }
  /**
   * Too many failures: by this client across accounts ("client"), on this account ("account"),
   * or on this account on this known device ("device").
   */
  | { ok: false; reason: "locked"; until: Date; scope: RefusedScope };

/**
 * Checks an e-mail address and password tried from `client` (the client's network address), on
 * the browser whose device cookie holds `device` (or none). A wrong address and a wrong password
 * answer alike. Too many recent failures refuse the attempt without checking the password
 * (app/domain/sign-in-throttle.ts, decision record 011); the failure that reaches a limit answers
 * as refused too, so the user learns at once when to try again.
 */
export async function checkSignIn(email: string, password: string, client: string, now = new Date(), device: string | null = null): Promise<SignInResult> {
  const account = normaliseEmail(email);
  const from = clientKey(client);
  const on = device === null ? null : deviceHash(device);
  const started = startSignInAttempt(account, from, on, now, (standing) => refusal(standing, now));
  if (started.refused) return locked(started.refused);

  const user = findUserByEmail(account);
  const valid = user ? await verifyPassword(password, user.passwordHash) : await burnPasswordCheck(password);
  if (user && user.active && valid) {
    if (hasTwoFactor(user.id)) {
      withdrawSignInAttempt(started.attemptId);
      return { ok: "second-step", userId: user.id };
    }
    // A browser without a device cookie is given one, recorded with this success so it is known next time.
    const kept = device ?? newDeviceId();
    markSignInSucceeded(started.attemptId, deviceHash(kept));
    return { ok: true, userId: user.id, device: kept };
  }
  const refusedNow = refusal(signInStanding(account, from, now, on), now);
  return refusedNow ? locked(refusedNow) : { ok: false, reason: "invalid" };
}

export type SecondStepResult =
  | { ok: true; userId: number; device: string; used: "app" | "recovery" }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; until: Date; scope: RefusedScope };

/**
 * The second step of signing in (decision record 035): a code from the authenticator app, or a
 * recovery code, for the user whose password was right. Each code tried is a sign-in attempt on
 * the user's account under the same throttle as passwords (decision record 011): a wrong code is
 * a failure, a right one the success that starts the session.
 */
export function checkSecondStep(user: { id: number; email: string }, code: string, client: string, now = new Date(), device: string | null = null): SecondStepResult {
  const account = normaliseEmail(user.email);
  const from = clientKey(client);
  const on = device === null ? null : deviceHash(device);
  const started = startSignInAttempt(account, from, on, now, (standing) => refusal(standing, now));
  if (started.refused) return { ok: false, reason: "locked", ...started.refused };
  const used = takeSecondFactor(user.id, code, now.toISOString());
  if (used !== "wrong") {
    const kept = device ?? newDeviceId();
    markSignInSucceeded(started.attemptId, deviceHash(kept));
    return { ok: true, userId: user.id, device: kept, used };
  }
  const refusedNow = refusal(signInStanding(account, from, now, on), now);
  return refusedNow ? { ok: false, reason: "locked", ...refusedNow } : { ok: false, reason: "invalid" };
}

const locked = ({ until, scope }: { until: Date; scope: RefusedScope }): SignInResult => ({ ok: false, reason: "locked", until, scope });

/**
 * What to tell someone whose attempt was refused: when to try again, in words that are the same
 * whether or not the account exists. A refusal someone else may have caused says how the owner
 * can still get in: a device they have signed in with is held only to its own limits.
 */
export function refusedMessage(refused: { until: Date; scope: RefusedScope }): string {
  const where = refused.scope === "client" ? "from this device or network" : refused.scope === "device" ? "to this account from this device" : "to this account";
  const message = `There have been too many attempts to sign in ${where}. Try again after ${formatDateTime(refused.until.toISOString())}.`;
  return refused.scope === "device"
    ? message
    : `${message} If this is your account, you can sign in from a device you have used to sign in before, or ask your administrator for help.`;
}
