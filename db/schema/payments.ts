import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { decisions, grantPayments, grants } from "./decisions";
import { grantReturns } from "./returns";
import { users } from "./users";

/**
 * Money paid to a partnership's accountable council against one instalment of its grant, as the
 * finance officer recorded it (with the reference in their finance system). Never changed.
 */
export const payments = sqliteTable(
  "payments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    grantId: integer("grant_id")
      .notNull()
      .references(() => grants.id),
    instalmentId: integer("instalment_id")
      .notNull()
      .references(() => grantPayments.id),
    paidOn: text("paid_on").notNull(),
    amountPence: integer("amount_pence").notNull(),
    financeReference: text("finance_reference").notNull(),
    recordedBy: integer("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedAt: text("recorded_at").notNull(),
  },
  (t) => [
    index("payments_grant_idx").on(t.grantId, t.paidOn, t.amountPence),
    index("payments_instalment_idx").on(t.instalmentId, t.amountPence),
    index("payments_paid_on_idx").on(t.paidOn),
    check("payments_amount_check", sql`${t.amountPence} > 0 and ${t.amountPence} <= 100000000000`),
  ],
);

/**
 * A finance officer's release of an instalment from an automatic hold (a return overdue or
 * queried), with the reason. An offer not accepted cannot be released: nothing is paid on it.
 */
export const paymentHoldReleases = sqliteTable(
  "payment_hold_releases",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    instalmentId: integer("instalment_id")
      .notNull()
      .references(() => grantPayments.id, { onDelete: "cascade" }),
    reason: text("reason").notNull(),
    releasedBy: integer("released_by")
      .notNull()
      .references(() => users.id),
    releasedAt: text("released_at").notNull(),
  },
  (t) => [index("payment_hold_releases_instalment_idx").on(t.instalmentId)],
);

export const RECOVERY_STATUSES = ["raised"] as const;

/**
 * Money to be recovered from a partnership: made when a correcting decision leaves more paid than
 * granted. The next stage (clawback: invoiced, received or waived) builds on this row.
 */
export const grantRecoveries = sqliteTable(
  "grant_recoveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    grantId: integer("grant_id")
      .notNull()
      .references(() => grants.id),
    decisionId: integer("decision_id").references(() => decisions.id),
    amountPence: integer("amount_pence").notNull(),
    reason: text("reason").notNull(),
    status: text("status", { enum: RECOVERY_STATUSES }).notNull().default("raised"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("grant_recoveries_grant_idx").on(t.grantId), check("grant_recoveries_amount_check", sql`${t.amountPence} > 0`)],
);

export const REMINDER_KINDS = ["due_soon", "overdue"] as const;

/** Each reminder sent about a return, once: the unique key makes a second sending impossible. */
export const returnReminders = sqliteTable(
  "return_reminders",
  {
    returnId: integer("return_id")
      .notNull()
      .references(() => grantReturns.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: REMINDER_KINDS }).notNull(),
    sentAt: text("sent_at").notNull(),
  },
  (t) => [uniqueIndex("return_reminders_unique").on(t.returnId, t.kind), check("return_reminders_kind_check", sql`${t.kind} in ('due_soon','overdue')`)],
);

/** The in-process scheduler's jobs: when each last ran, and how it went. */
export const jobRuns = sqliteTable("job_runs", {
  name: text("name").primaryKey(),
  lastStartedAt: text("last_started_at"),
  lastFinishedAt: text("last_finished_at"),
  lastError: text("last_error"),
});
