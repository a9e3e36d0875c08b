import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { users, userTokens } from "../../db/schema";
import type { UserTokenPurpose } from "../../db/schema/users";
import { hashPassword, verifyPassword } from "../auth/password.server";
import { endSessionsOf } from "../auth/session.server";
import { passwordProblem } from "../domain/passwords";
import { MAX_RESETS_AN_HOUR, tokenExpiresAt, tokenStanding, type TokenStanding } from "../domain/user-tokens";
import { recordAudit } from "./audit.server";
import { db, type Tx } from "./db.server";
import { portalUrl, queueMessage } from "./notifications.server";
import { normaliseEmail } from "./users.server";

/**
 * Passwords and one-time links (decision record 031): "Forgot your password?" sends a reset link
 * valid for an hour, with the same answer whether or not the address has an account; using it sets
 * a new password and ends every session of the user. A signed-in user changes their password with
 * the current one; their other sessions end. Every password set meets app/domain/passwords.ts.
 */

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** A new one-time link for the user, replacing any earlier unused one of the same purpose. Returns the token for the e-mail. */
export function issueToken(tx: Tx, userId: number, purpose: UserTokenPurpose, createdBy: number | null, now: Date): string {
  const token = randomBytes(32).toString("base64url");
  tx.update(userTokens)
    .set({ expiresAt: now.toISOString() })
    .where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt), gt(userTokens.expiresAt, now.toISOString())))
    .run();
  tx.insert(userTokens).values({ userId, purpose, tokenHash: hashToken(token), createdAt: now.toISOString(), expiresAt: tokenExpiresAt(purpose, now), createdBy }).run();
  return token;
}

/**
 * Sends a reset link to the address if it has an active account, at most MAX_RESETS_AN_HOUR an
 * hour. Says nothing about which happened: the page answers the same.
 */
export function requestPasswordReset(email: string, now = new Date()): void {
  const address = normaliseEmail(email);
  db().transaction(
    (tx) => {
      const user = tx.select({ id: users.id, name: users.name, email: users.email, active: users.active }).from(users).where(eq(users.email, address)).get();
      if (!user || !user.active) return;
      const hourAgo = new Date(now.getTime() - 3600_000).toISOString();
      const recent = tx.get<{ n: number }>(sql`select count(*) as n from user_tokens where user_id = ${user.id} and purpose = 'password_reset' and created_at > ${hourAgo}`).n;
      if (recent >= MAX_RESETS_AN_HOUR) return;
      const token = issueToken(tx, user.id, "password_reset", null, now);
      recordAudit(tx, { userId: user.id, action: "user.password_reset_requested", entityType: "user", entityId: user.id }, now.toISOString());
      queueMessage(
        tx,
        {
          to: [user.email],
          subject: "Reset your password",
          body: [
            `Dear ${user.name},`,
            "Someone asked to reset the password of your account on the community safety funding portal. If it was you, set a new password with this link. It works once, for an hour:",
            portalUrl(`/reset-password/${token}`),
            "If it was not you, you can ignore this e-mail: your password has not changed.",
          ].join("\n\n"),
        },
        now.toISOString(),
      );
    },
    { behavior: "immediate" },
  );
}

export interface TokenLookup {
  /** "deactivated": a real link, to an account an administrator has since deactivated. */
  standing: TokenStanding | "deactivated" | "unknown";
  userId: number | null;
  email: string | null;
  name: string | null;
  purpose: UserTokenPurpose;
}

/** What a link is: whose, for what, and whether it can still be used. Newer links of the same purpose replace it. */
export function lookUpToken(token: string, purpose: UserTokenPurpose, now = new Date(), tx: Tx | ReturnType<typeof db> = db()): TokenLookup {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { standing: "unknown", userId: null, email: null, name: null, purpose };
  const row = tx.get<{ id: number; userId: number; expiresAt: string; usedAt: string | null; email: string; name: string; active: number; newer: number }>(sql`
    select t.id, t.user_id as userId, t.expires_at as expiresAt, t.used_at as usedAt, u.email, u.name, u.active,
           exists (select 1 from user_tokens n where n.user_id = t.user_id and n.purpose = t.purpose and n.id > t.id) as newer
      from user_tokens t join users u on u.id = t.user_id
     where t.token_hash = ${hashToken(token)} and t.purpose = ${purpose}`);
  if (!row) return { standing: "unknown", userId: null, email: null, name: null, purpose };
  // The link's holder is told why it stopped working (410), but not whose account it was.
  if (!row.active) return { standing: "deactivated", userId: null, email: null, name: null, purpose };
  return { standing: tokenStanding({ expiresAt: row.expiresAt, usedAt: row.usedAt, replaced: row.newer === 1 }, now), userId: row.userId, email: row.email, name: row.name, purpose };
}

export type SetPasswordResult = { kind: "saved"; userId: number } | { kind: "invalid"; errors: Record<string, string> } | { kind: "refused"; standing: Exclude<TokenLookup["standing"], "valid"> };

/** Sets a new password from a one-time link, uses the link, and ends every session of the user. */
export async function setPasswordWithToken(token: string, purpose: UserTokenPurpose, password: string, now = new Date()): Promise<SetPasswordResult> {
  const first = lookUpToken(token, purpose, now);
  if (first.standing !== "valid") return { kind: "refused", standing: first.standing };
  const problem = passwordProblem(password, { email: first.email!, name: first.name! });
  if (problem) return { kind: "invalid", errors: { password: problem } };
  // Hashed before the transaction, which never awaits.
  const hash = await hashPassword(password);
  return db().transaction(
    (tx): SetPasswordResult => {
      // Checked again inside the write: two tabs using one link set one password.
      const again = lookUpToken(token, purpose, now, tx);
      if (again.standing !== "valid") return { kind: "refused", standing: again.standing };
      tx.update(userTokens).set({ usedAt: now.toISOString() }).where(eq(userTokens.tokenHash, hashToken(token))).run();
      tx.update(users).set({ passwordHash: hash, passwordChangedAt: now.toISOString() }).where(eq(users.id, again.userId!)).run();
      endSessionsOf(again.userId!, tx);
      recordAudit(tx, { userId: again.userId!, action: purpose === "invitation" ? "user.invitation_accepted" : "user.password_reset", entityType: "user", entityId: again.userId!, after: { sessionsEnded: true } }, now.toISOString());
      return { kind: "saved", userId: again.userId! };
    },
    { behavior: "immediate" },
  );
}

export type ChangePasswordResult = { kind: "saved" } | { kind: "invalid"; errors: Record<string, string> };

/** A signed-in user's new password, given their current one; every other session of theirs ends. */
export async function changePassword(userId: number, sessionKey: string, current: string, next: string, now = new Date()): Promise<ChangePasswordResult> {
  const user = db().select().from(users).where(eq(users.id, userId)).get()!;
  if (!(await verifyPassword(current, user.passwordHash))) return { kind: "invalid", errors: { currentPassword: "Your current password is not right" } };
  const problem = next === current ? "Your new password must be different from your current one" : passwordProblem(next, { email: user.email, name: user.name });
  if (problem) return { kind: "invalid", errors: { newPassword: problem } };
  const hash = await hashPassword(next);
  db().transaction(
    (tx) => {
      tx.update(users).set({ passwordHash: hash, passwordChangedAt: now.toISOString() }).where(eq(users.id, userId)).run();
      endSessionsOf(userId, tx, sessionKey);
      recordAudit(tx, { userId, action: "user.password_changed", entityType: "user", entityId: userId, after: { otherSessionsEnded: true } }, now.toISOString());
      queueMessage(tx, { to: [user.email], subject: "Your password has been changed", body: `Dear ${user.name},\n\nThe password of your account on the community safety funding portal was changed on ${now.toISOString().slice(0, 10)}. If you did not change it, tell your administrator at once.` }, now.toISOString());
    },
    { behavior: "immediate" },
  );
  return { kind: "saved" };
}
