import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { recoveryCodes, settings, users } from "../../db/schema";
import { seal, unseal } from "../auth/sealed-secret.server";
import { checkAppCode, looksLikeAppCode, mustUseTwoFactor, normaliseRecoveryCode, RECOVERY_CODE_COUNT, recoveryCodeFrom } from "../domain/two-factor";
import { generateSecret } from "otplib";
import { recordAudit } from "./audit.server";
import { db, type DbOrTx, type Tx } from "./db.server";

/**
 * Two-factor sign-in (decision record 035). `users.totp_secret` holds, sealed, the secret and the
 * step of the last code accepted ({"s": base32, "t": step | null}), so a code is taken once; it is
 * set (with `totp_enabled_at` null) while the user is setting up, and both are null when off.
 */

export const REQUIRE_KEY = "require_two_factor_staff";

interface Sealed {
  s: string;
  t: number | null;
}
const sealState = (state: Sealed) => seal(JSON.stringify(state));
function unsealState(sealed: string | null): Sealed | null {
  if (!sealed) return null;
  const plain = unseal(sealed);
  if (!plain) return null;
  const parsed = JSON.parse(plain) as Sealed;
  return typeof parsed.s === "string" ? parsed : null;
}
const hashCode = (code: string) => createHash("sha256").update(normaliseRecoveryCode(code)).digest("hex");

export function twoFactorRequired(tx: DbOrTx = db()): boolean {
  return tx.select({ value: settings.value }).from(settings).where(eq(settings.key, REQUIRE_KEY)).get()?.value === "1";
}

export function setTwoFactorRequired(userId: number, required: boolean, expected: boolean, now = new Date().toISOString()): { kind: "saved" } | { kind: "stale" } {
  return db().transaction(
    (tx) => {
      const current = twoFactorRequired(tx);
      if (current !== expected) return { kind: "stale" as const };
      tx.insert(settings).values({ key: REQUIRE_KEY, value: required ? "1" : "0" }).onConflictDoUpdate({ target: settings.key, set: { value: required ? "1" : "0" } }).run();
      recordAudit(tx, { userId, action: "settings.two_factor_requirement_changed", entityType: "setting", entityId: 0, before: { required: current }, after: { required } }, now);
      return { kind: "saved" as const };
    },
    { behavior: "immediate" },
  );
}

export interface TwoFactorStatus {
  enabled: boolean;
  /** The secret being set up (shown to its own user only), or null. */
  pendingSecret: string | null;
  recoveryCodesLeft: number;
  /** Whether the OPCC requires it of this user, so it cannot be turned off. */
  required: boolean;
}

export function twoFactorStatus(user: { userId: number; role: string; organisationKind: string }): TwoFactorStatus {
  const row = db().select({ secret: users.totpSecret, enabledAt: users.totpEnabledAt }).from(users).where(eq(users.id, user.userId)).get();
  const enabled = Boolean(row?.enabledAt);
  const left = db().select({ id: recoveryCodes.id }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, user.userId), isNull(recoveryCodes.usedAt))).all().length;
  return {
    enabled,
    pendingSecret: !enabled && row?.secret ? (unsealState(row.secret)?.s ?? null) : null,
    recoveryCodesLeft: enabled ? left : 0,
    required: mustUseTwoFactor(user, twoFactorRequired()),
  };
}

/** Whether a user has two-factor sign-in turned on. */
export function hasTwoFactor(userId: number, tx: DbOrTx = db()): boolean {
  return Boolean(tx.select({ at: users.totpEnabledAt }).from(users).where(eq(users.id, userId)).get()?.at);
}

/** Starts setting up: a new secret, sealed, not yet in use (a set-up begun again replaces it). */
export function beginTwoFactor(userId: number, now = new Date().toISOString()): "started" | "already-on" {
  return db().transaction(
    (tx) => {
      if (hasTwoFactor(userId, tx)) return "already-on" as const;
      tx.update(users).set({ totpSecret: sealState({ s: generateSecret(), t: null }) }).where(eq(users.id, userId)).run();
      recordAudit(tx, { userId, action: "user.two_factor_setup_started", entityType: "user", entityId: userId }, now);
      return "started" as const;
    },
    { behavior: "immediate" },
  );
}

function newRecoveryCodes(tx: Tx, userId: number, now: string): string[] {
  tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
  const codes: string[] = [];
  while (codes.length < RECOVERY_CODE_COUNT) {
    const code = recoveryCodeFrom(randomBytes(16));
    if (codes.includes(code)) continue;
    codes.push(code);
  }
  tx.insert(recoveryCodes).values(codes.map((code) => ({ userId, codeHash: hashCode(code), createdAt: now }))).run();
  return codes;
}

/**
 * Checks a 6-digit code against the user's secret (set up or being set up) and, if right, keeps
 * its step so it is not accepted again. In the caller's write transaction.
 */
function takeAppCode(tx: Tx, userId: number, code: string, nowMs: number): "ok" | "wrong" {
  const row = tx.select({ secret: users.totpSecret }).from(users).where(eq(users.id, userId)).get();
  const state = unsealState(row?.secret ?? null);
  if (!state) return "wrong";
  const checked = checkAppCode(state.s, code, nowMs, state.t);
  if (!checked.ok) return "wrong";
  tx.update(users).set({ totpSecret: sealState({ s: state.s, t: checked.step }) }).where(eq(users.id, userId)).run();
  return "ok";
}

/** Turns two-factor on with a code from the app, and returns the ten recovery codes (shown once). */
export function confirmTwoFactor(userId: number, code: string, now = new Date().toISOString()): { kind: "on"; codes: string[] } | { kind: "wrong" } | { kind: "not-started" } {
  return db().transaction(
    (tx) => {
      const row = tx.select({ secret: users.totpSecret, enabledAt: users.totpEnabledAt }).from(users).where(eq(users.id, userId)).get();
      if (!row?.secret || row.enabledAt) return { kind: "not-started" as const };
      if (takeAppCode(tx, userId, code, Date.parse(now)) !== "ok") return { kind: "wrong" as const };
      tx.update(users).set({ totpEnabledAt: now }).where(eq(users.id, userId)).run();
      const codes = newRecoveryCodes(tx, userId, now);
      recordAudit(tx, { userId, action: "user.two_factor_turned_on", entityType: "user", entityId: userId }, now);
      return { kind: "on" as const, codes };
    },
    { behavior: "immediate" },
  );
}

/**
 * A code for a user with two-factor on: a 6-digit app code (each step once) or a recovery code
 * (each once). Audited when a recovery code is used.
 */
export function takeSecondFactor(userId: number, typed: string, now = new Date().toISOString()): "app" | "recovery" | "wrong" {
  return db().transaction(
    (tx) => {
      if (!hasTwoFactor(userId, tx)) return "wrong" as const;
      if (looksLikeAppCode(typed)) return takeAppCode(tx, userId, typed, Date.parse(now)) === "ok" ? ("app" as const) : ("wrong" as const);
      const normalised = normaliseRecoveryCode(typed);
      if (normalised.length === 0 || normalised.length > 40) return "wrong" as const;
      const used = tx
        .update(recoveryCodes)
        .set({ usedAt: now })
        .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashCode(normalised)), isNull(recoveryCodes.usedAt)))
        .returning({ id: recoveryCodes.id })
        .get();
      if (!used) return "wrong" as const;
      recordAudit(tx, { userId, action: "user.two_factor_recovery_code_used", entityType: "user", entityId: userId }, now);
      return "recovery" as const;
    },
    { behavior: "immediate" },
  );
}

/** Makes ten new recovery codes (the old ones stop working), with a current app code. */
export function renewRecoveryCodes(userId: number, code: string, now = new Date().toISOString()): { kind: "renewed"; codes: string[] } | { kind: "wrong" } {
  return db().transaction(
    (tx) => {
      if (!hasTwoFactor(userId, tx) || takeAppCode(tx, userId, code, Date.parse(now)) !== "ok") return { kind: "wrong" as const };
      const codes = newRecoveryCodes(tx, userId, now);
      recordAudit(tx, { userId, action: "user.two_factor_recovery_codes_renewed", entityType: "user", entityId: userId }, now);
      return { kind: "renewed" as const, codes };
    },
    { behavior: "immediate" },
  );
}

/** Turns two-factor off with a current app code, unless the OPCC requires it of this user. */
export function turnOffTwoFactor(user: { userId: number; role: string; organisationKind: string }, code: string, now = new Date().toISOString()): "off" | "wrong" | "required" {
  return db().transaction(
    (tx) => {
      if (mustUseTwoFactor(user, twoFactorRequired(tx))) return "required" as const;
      if (!hasTwoFactor(user.userId, tx) || takeAppCode(tx, user.userId, code, Date.parse(now)) !== "ok") return "wrong" as const;
      tx.update(users).set({ totpSecret: null, totpEnabledAt: null }).where(eq(users.id, user.userId)).run();
      tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.userId)).run();
      recordAudit(tx, { userId: user.userId, action: "user.two_factor_turned_off", entityType: "user", entityId: user.userId }, now);
      return "off" as const;
    },
    { behavior: "immediate" },
  );
}

/** The active user with two-factor on whom a pending sign-in names, or null. */
export function pendingUser(userId: number): { id: number; email: string } | null {
  const row = db().select({ id: users.id, email: users.email, active: users.active, on: users.totpEnabledAt }).from(users).where(eq(users.id, userId)).get();
  return row && row.active && row.on ? { id: row.id, email: row.email } : null;
}
