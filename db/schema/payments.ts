import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { decisions, grantPayments, grants } from "./decisions";
import { financialYears } from "./funding";
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

export const UNDERSPEND_OUTCOMES = ["returned", "carried_forward", "reallocated"] as const;
export type UnderspendOutcome = (typeof UNDERSPEND_OUTCOMES)[number];

/**
 * What became of money a grant did not spend in a financial year, as OPCC finance recorded it:
 * returned (the part paid and not spent is a clawback, in grant_recoveries), carried forward into
 * the grant's next year (its line moves are in grant_line_adjustments) or re-allocated to the
 * round by a PCC decision. Never changed: a mistake is put right by a further record.
 */
export const grantUnderspends = sqliteTable(
  "grant_underspends",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    grantId: integer("grant_id")
      .notNull()
      .references(() => grants.id),
    financialYearId: integer("financial_year_id")
      .notNull()
      .references(() => financialYears.id),
    outcome: text("outcome", { enum: UNDERSPEND_OUTCOMES }).notNull(),
    amountPence: integer("amount_pence").notNull(),
    reason: text("reason").notNull(),
    /** Carried forward: the year it went into. */
    toFinancialYearId: integer("to_financial_year_id").references(() => financialYears.id),
    /** Re-allocated: the PCC decision that released it. */
    decisionId: integer("decision_id").references(() => decisions.id),
    recordedBy: integer("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedAt: text("recorded_at").notNull(),
  },
  (t) => [
    index("grant_underspends_grant_idx").on(t.grantId, t.financialYearId, t.outcome, t.amountPence),
    index("grant_underspends_year_idx").on(t.financialYearId, t.outcome),
    check("grant_underspends_amount_check", sql`${t.amountPence} > 0`),
    check("grant_underspends_outcome_check", sql`${t.outcome} in ('returned','carried_forward','reallocated')`),
    check("grant_underspends_carry_check", sql`(${t.outcome} = 'carried_forward') = (${t.toFinancialYearId} is not null)`),
  ],
);

export const RECOVERY_STATUSES = ["raised", "invoiced", "received", "waived"] as const;
export type RecoveryStatus = (typeof RECOVERY_STATUSES)[number];

/**
 * A clawback: money to be repaid by a partnership's council, raised when an underspend is returned
 * (paid less evidenced spend) or when a correcting decision leaves more paid than granted.
 * Raised → invoiced (with the invoice reference) → received, or waived with a reason by a PCC
 * decision. Receiving an invoice already raised stays possible after its year is closed.
 */
export const grantRecoveries = sqliteTable(
  "grant_recoveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    grantId: integer("grant_id")
      .notNull()
      .references(() => grants.id),
    decisionId: integer("decision_id").references(() => decisions.id),
    /** The year the money was paid and not spent in (for a correction's, the grant's round's year). */
    financialYearId: integer("financial_year_id")
      .notNull()
      .references(() => financialYears.id),
    underspendId: integer("underspend_id").references(() => grantUnderspends.id),
    amountPence: integer("amount_pence").notNull(),
    reason: text("reason").notNull(),
    status: text("status", { enum: RECOVERY_STATUSES }).notNull().default("raised"),
    createdAt: text("created_at").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    invoiceReference: text("invoice_reference"),
    invoicedOn: text("invoiced_on"),
    invoicedBy: integer("invoiced_by").references(() => users.id),
    receivedOn: text("received_on"),
    receivedBy: integer("received_by").references(() => users.id),
    waivedReason: text("waived_reason"),
    waivedDecisionReference: text("waived_decision_reference"),
    waivedBy: integer("waived_by").references(() => users.id),
    waivedAt: text("waived_at"),
    /** Raised by every change: a change from an older copy is refused. */
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("grant_recoveries_grant_idx").on(t.grantId, t.status, t.amountPence),
    index("grant_recoveries_year_idx").on(t.financialYearId, t.status),
    uniqueIndex("grant_recoveries_underspend_unique").on(t.underspendId),
    check("grant_recoveries_amount_check", sql`${t.amountPence} > 0`),
    check("grant_recoveries_status_check", sql`${t.status} in ('raised','invoiced','received','waived')`),
    check("grant_recoveries_invoice_check", sql`${t.status} not in ('invoiced','received') or ${t.invoiceReference} is not null`),
    check("grant_recoveries_received_check", sql`(${t.status} = 'received') = (${t.receivedOn} is not null)`),
    check("grant_recoveries_waived_check", sql`(${t.status} = 'waived') = (${t.waivedReason} is not null)`),
  ],
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
