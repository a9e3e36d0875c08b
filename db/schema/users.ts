import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { ROLES, type Role } from "../../app/domain/roles";
import { organisations } from "./organisations";

// Declared in app/domain (plain values pages may import); re-exported for the tables' enum columns.
export { ROLES, type Role };

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Stored lower-cased so that uniqueness is case-insensitive. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    passwordHash: text("password_hash").notNull(),
    createdAt: text("created_at").notNull(),
    /** When the user last signed in (shown to administrators); null if never. */
    lastSignedInAt: text("last_signed_in_at"),
    /** When the password was last set or changed; null for one set before this was kept. */
    passwordChangedAt: text("password_changed_at"),
    /** When an administrator deactivated the account (its sessions end at once); null while active. */
    deactivatedAt: text("deactivated_at"),
    /**
     * Two-factor sign-in (TOTP): the authenticator's shared secret, sealed with a key derived from
     * SESSION_SECRET (never stored in the clear), and when it was turned on; both null when off.
     */
    totpSecret: text("totp_secret"),
    totpEnabledAt: text("totp_enabled_at"),
    /** Raised by every change an administrator makes: an edit from an older copy is refused. */
    version: integer("version").notNull().default(1),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(sql`lower(${t.email})`),
    // The administrators' list of people (issue 12) sorts by name, filtered by partnership or by role.
    index("users_organisation_name_idx").on(t.organisationId, t.name, t.id),
    index("users_name_idx").on(t.name, t.id),
    index("users_role_name_idx").on(t.role, t.name, t.id),
    check("users_role_check", sql`${t.role} in ('csp_lead','opcc_reviewer','finance','admin')`),
    check("users_email_lower_check", sql`${t.email} = lower(${t.email})`),
  ],
);

/** Server-side sessions; the cookie carries a random token, the table its SHA-256. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tokenHash: text("token_hash").notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: text("created_at").notNull(),
    /** The absolute end: SESSION_MAX_HOURS after it started. */
    expiresAt: text("expires_at").notNull(),
    /** When the session was last used (to the minute), for the idle time-out; null: its start. */
    lastSeenAt: text("last_seen_at"),
  },
  (t) => [uniqueIndex("sessions_token_hash_unique").on(t.tokenHash), index("sessions_user_idx").on(t.userId)],
);

export const USER_TOKEN_PURPOSES = ["invitation", "password_reset"] as const;
export type UserTokenPurpose = (typeof USER_TOKEN_PURPOSES)[number];

/**
 * A one-time link sent by e-mail: an invitation to set a first password (valid 7 days) or a
 * password reset (valid an hour). The e-mail carries a random token; the table keeps its SHA-256.
 * A token is used once (`used_at`); asking again replaces the earlier one.
 */
export const userTokens = sqliteTable(
  "user_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: USER_TOKEN_PURPOSES }).notNull(),
    tokenHash: text("token_hash").notNull(),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    usedAt: text("used_at"),
    /** Who sent it: the administrator for an invitation; null for a reset the user asked for. */
    createdBy: integer("created_by").references(() => users.id),
  },
  (t) => [
    uniqueIndex("user_tokens_token_hash_unique").on(t.tokenHash),
    index("user_tokens_user_idx").on(t.userId, t.purpose, t.createdAt),
    check("user_tokens_purpose_check", sql`${t.purpose} in ('invitation','password_reset')`),
  ],
);

/**
 * Every sign-in attempt that checked a password: failures are kept for a day, successes for the
 * 90 days a device is remembered (and a day more). The throttle counts failures per account and
 * client, per client across accounts, per account across clients, and per account and device
 * from these rows (app/domain/sign-in-throttle.ts, decision record 011). `account` is the
 * normalised e-mail address as typed, known or not, so the throttle says nothing about which
 * accounts exist.
 */
export const signInAttempts = sqliteTable(
  "sign_in_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: text("at").notNull(),
    account: text("account").notNull(),
    /** The client's address as the server saw it (behind a trusted proxy: the forwarded one). */
    client: text("client").notNull(),
    succeeded: integer("succeeded", { mode: "boolean" }).notNull(),
    /**
     * The SHA-256 of the device cookie's id (app/auth/device.server.ts): the one the attempt
     * carried, or for a success the one it was given. Null when a failure carried none.
     */
    device: text("device"),
  },
  (t) => [
    index("sign_in_attempts_account_client_idx").on(t.account, t.client, t.at),
    index("sign_in_attempts_client_idx").on(t.client, t.at),
    index("sign_in_attempts_account_idx").on(t.account, t.at),
    index("sign_in_attempts_account_device_idx").on(t.account, t.device, t.at),
    // Pruning deletes failures after a day and successes after 91 days, each a range of this index.
    index("sign_in_attempts_succeeded_at_idx").on(t.succeeded, t.at),
  ],
);

/**
 * A user's one-time recovery codes for two-factor sign-in, for when the authenticator is lost:
 * ten made when it is turned on, each kept as its SHA-256 and used once.
 */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    createdAt: text("created_at").notNull(),
    usedAt: text("used_at"),
  },
  (t) => [index("recovery_codes_user_idx").on(t.userId), uniqueIndex("recovery_codes_hash_unique").on(t.codeHash)],
);
