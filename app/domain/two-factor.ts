import { verifySync } from "otplib";

/**
 * Two-factor sign-in codes (decision record 035): RFC 6238 TOTP, 30-second steps, 6 digits, the
 * step before and after the current one accepted (a phone's clock a little out), and each step
 * accepted once: a code whose step is not after the last one used is refused as a replay.
 */

export const STEP_SECONDS = 30;
/** Steps either side of the current one that are still accepted. */
export const WINDOW_STEPS = 1;
export const RECOVERY_CODE_COUNT = 10;

export type CodeCheck = { ok: true; step: number } | { ok: false; reason: "wrong" | "replay" };

/** A typed code with spaces and hyphens taken out, as authenticator apps show "123 456". */
export const normaliseCode = (typed: string) => typed.replace(/[\s-]/g, "");

/** Whether what was typed looks like an authenticator code (6 digits) rather than a recovery code. */
export const looksLikeAppCode = (typed: string) => /^\d{6}$/.test(normaliseCode(typed));

/**
 * Checks a 6-digit code against the secret (base32) at `nowMs`, refusing one whose step is at or
 * before `lastStep` (the step of the last code accepted, or null if none).
 */
export function checkAppCode(secret: string, typed: string, nowMs: number, lastStep: number | null): CodeCheck {
  const token = normaliseCode(typed);
  if (!/^\d{6}$/.test(token)) return { ok: false, reason: "wrong" };
  const result = verifySync({ secret, token, epoch: Math.floor(nowMs / 1000), epochTolerance: WINDOW_STEPS * STEP_SECONDS });
  if (!result.valid || !("timeStep" in result)) return { ok: false, reason: "wrong" };
  const step = result.timeStep;
  if (lastStep !== null && step <= lastStep) return { ok: false, reason: "replay" };
  return { ok: true, step };
}

/**
 * A recovery code as stored and compared: lower-case letters and digits only, so "ABCD-EFGH-JK"
 * and "abcdefghjk" are one code.
 */
export const normaliseRecoveryCode = (typed: string) => typed.toLowerCase().replace(/[^a-z0-9]/g, "");

/** How a recovery code is shown: in groups of four and a half ("abcd-efgh-jk"), easy to copy. */
export function formatRecoveryCode(code: string): string {
  return code.match(/.{1,4}/g)?.join("-") ?? code;
}

/** Letters and digits that are not easily confused (no 0/o, 1/l/i). */
export const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
export const RECOVERY_CODE_LENGTH = 10;

/** A recovery code from random bytes (one per character); the alphabet has 31 symbols, so ~49 bits. */
export function recoveryCodeFrom(bytes: Uint8Array): string {
  let code = "";
  for (let i = 0; i < RECOVERY_CODE_LENGTH; i++) code += RECOVERY_ALPHABET[bytes[i] % RECOVERY_ALPHABET.length];
  return code;
}

/** Who must use two-factor sign-in when the OPCC requires it: administrators and OPCC staff. */
export const mustUseTwoFactor = (viewer: { role: string; organisationKind: string }, required: boolean) =>
  required && (viewer.role === "admin" || viewer.organisationKind === "opcc");
