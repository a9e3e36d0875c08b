import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organisations } from "./organisations";

export const ROLES = ["csp_lead", "opcc_reviewer", "finance", "admin"] as const;
export type Role = (typeof ROLES)[number];

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
  },
  (t) => [
    uniqueIndex("users_email_unique").on(sql`lower(${t.email})`),
    index("users_organisation_idx").on(t.organisationId),
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
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [uniqueIndex("sessions_token_hash_unique").on(t.tokenHash), index("sessions_user_idx").on(t.userId)],
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
