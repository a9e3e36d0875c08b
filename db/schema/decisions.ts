import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { PAYMENT_BASES } from "../../app/domain/payment-schedule";
import { bidCostLines, bids } from "./bids";
import { financialYears } from "./funding";
import { organisations } from "./organisations";
import { users } from "./users";

// Declared in app/domain (plain values pages may import); re-exported for the tables' enum columns.
export { PAYMENT_BASES };

/** Settings an administrator may change, such as the decision reference format. */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/** The standard conditions a decision may attach, kept as data. */
export const standardConditions = sqliteTable(
  "standard_conditions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    code: text("code").notNull(),
    text: text("text").notNull(),
    /** A condition as to repayment (s.9 Police Reform and Social Responsibility Act 2011). */
    aboutRepayment: integer("about_repayment", { mode: "boolean" }).notNull().default(false),
    position: integer("position").notNull().default(0),
    /** Retired conditions are no longer offered; decisions keep the words they were given. */
    retiredAt: text("retired_at"),
  },
  (t) => [uniqueIndex("standard_conditions_code_unique").on(t.code)],
);

/** The last decision number used in each financial year: references are gap-free. */
export const decisionSequences = sqliteTable("decision_sequences", {
  financialYearId: integer("financial_year_id")
    .primaryKey()
    .references(() => financialYears.id),
  lastNumber: integer("last_number").notNull(),
});

export const DECISION_OUTCOMES = ["approved", "part_approved", "rejected"] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** The review a decision followed, as kept on the decision. */
export interface DecisionReviewSummary {
  submissionNumber: number;
  moderatedBy: string;
  /** The weighted total out of 100, or null when a gate failed. */
  total: number | null;
  failedGates: string[];
  bandKey: string;
  bandLabel: string;
}

/** A formal PCC decision. Final: a correction is a new decision that refers to this one. */
export const decisions = sqliteTable(
  "decisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    reference: text("reference").notNull(),
    financialYearId: integer("financial_year_id")
      .notNull()
      .references(() => financialYears.id),
    sequence: integer("sequence").notNull(),
    bidId: integer("bid_id")
      .notNull()
      .references(() => bids.id),
    outcome: text("outcome", { enum: DECISION_OUTCOMES }).notNull(),
    decidedOn: text("decided_on").notNull(),
    decisionMaker: text("decision_maker").notNull(),
    leadOfficer: text("lead_officer").notNull(),
    reasons: text("reasons").notNull(),
    /** The conditions as worded on the decision: standard ones copied in, and any written. */
    conditions: text("conditions", { mode: "json" }).$type<string[]>().notNull(),
    declarationOfInterests: text("declaration_of_interests").notNull(),
    publishable: integer("publishable", { mode: "boolean" }).notNull(),
    foiExemption: text("foi_exemption"),
    /** The decision this one corrects; the old row is never changed. */
    supersedesId: integer("supersedes_id"),
    /** Why the earlier decision is corrected; set exactly when supersedes_id is. */
    correctionReason: text("correction_reason"),
    recordedBy: integer("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedAt: text("recorded_at").notNull(),
    /**
     * The lead reviewer's moderated score as it stood when the decision was made (the submission
     * scored, the total or the gates failed, the band and so the recommendation), copied in so the
     * decision record reads the same whatever happens to the review later. Null only when
     * without_review_reason says why the PCC decided without one, or for decisions made before
     * this was kept.
     */
    review: text("review", { mode: "json" }).$type<DecisionReviewSummary>(),
    /** Why the decision was made without a moderated score; printed on the decision record. */
    withoutReviewReason: text("without_review_reason"),
  },
  (t) => [
    uniqueIndex("decisions_reference_unique").on(t.reference),
    uniqueIndex("decisions_year_sequence_unique").on(t.financialYearId, t.sequence),
    index("decisions_bid_idx").on(t.bidId),
    // A decision is corrected at most once: a chain of corrections is a line, never a fork.
    uniqueIndex("decisions_supersedes_unique").on(t.supersedesId),
    check("decisions_outcome_check", sql`${t.outcome} in ('approved','part_approved','rejected')`),
    check("decisions_publishable_check", sql`${t.publishable} = 1 or ${t.foiExemption} is not null`),
  ],
);

/** What a decision approved on each cost line (nothing for a rejection). */
export const decisionLines = sqliteTable(
  "decision_lines",
  {
    decisionId: integer("decision_id")
      .notNull()
      .references(() => decisions.id),
    costLineId: integer("cost_line_id")
      .notNull()
      .references(() => bidCostLines.id),
    approvedPence: integer("approved_pence").notNull(),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.costLineId] }), check("decision_lines_amount_check", sql`${t.approvedPence} >= 0`)],
);

/** What the partnership has said to the offer. "Lapsed" is not stored: it is an offer past its accept-by date. */
export const OFFER_RESPONSES = ["offered", "accepted", "declined"] as const;
export type OfferResponse = (typeof OFFER_RESPONSES)[number];

/**
 * An approved bid: the amounts are its decision's lines; this adds how it is paid. A bid has at
 * most one grant. A correcting decision moves the grant to itself (new amounts, new schedule), or
 * withdraws it when the correction rejects the bid.
 */
export const grants = sqliteTable(
  "grants",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    decisionId: integer("decision_id")
      .notNull()
      .references(() => decisions.id),
    bidId: integer("bid_id")
      .notNull()
      .references(() => bids.id),
    cspId: integer("csp_id")
      .notNull()
      .references(() => organisations.id),
    paymentBasis: text("payment_basis", { enum: PAYMENT_BASES }).notNull(),
    createdAt: text("created_at").notNull(),
    /** Set when a correcting decision rejected the bid: the grant stands no more. */
    withdrawnAt: text("withdrawn_at"),
    withdrawnByDecisionId: integer("withdrawn_by_decision_id").references(() => decisions.id),
    /** Raised by every change to the grant (offer response, extension): a change from an older copy is refused. */
    version: integer("version").notNull().default(1),
    offerStatus: text("offer_status", { enum: OFFER_RESPONSES }).notNull().default("offered"),
    /** The last day the offer may be accepted (the stream's accept-by days after the decision, or as extended). */
    acceptBy: text("accept_by").notNull(),
    /** Who accepted or declined, and when; the declaration as they made it. */
    respondedBy: integer("responded_by").references(() => users.id),
    respondedAt: text("responded_at"),
    declarationName: text("declaration_name"),
    declarationRole: text("declaration_role"),
    declarationDate: text("declaration_date"),
    declineReason: text("decline_reason"),
    /** The end date as extended by an approved time extension; the bid's end date while null. */
    extendedTo: text("extended_to"),
  },
  (t) => [
    uniqueIndex("grants_decision_unique").on(t.decisionId),
    index("grants_csp_idx").on(t.cspId),
    uniqueIndex("grants_bid_unique").on(t.bidId),
    index("grants_offer_idx").on(t.offerStatus, t.acceptBy),
    check("grants_payment_basis_check", sql`${t.paymentBasis} in ('quarterly_arrears','advance','milestones')`),
    check("grants_offer_status_check", sql`${t.offerStatus} in ('offered','accepted','declined')`),
  ],
);

/**
 * The planned instalments of a grant. Its status (scheduled, due, held, paid) is worked out from
 * the payments made against it, the clock and the grant's holds (app/domain/payment-holds.ts).
 */
export const grantPayments = sqliteTable(
  "grant_payments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    grantId: integer("grant_id")
      .notNull()
      .references(() => grants.id),
    dueOn: text("due_on").notNull(),
    label: text("label").notNull(),
    amountPence: integer("amount_pence").notNull(),
  },
  (t) => [
    index("grant_payments_grant_idx").on(t.grantId, t.dueOn),
    // Payments due this month, across every grant (the finance officer's dashboard).
    index("grant_payments_due_idx").on(t.dueOn),
    check("grant_payments_amount_check", sql`${t.amountPence} >= 0`),
  ],
);

/** A message waiting to be sent: the outbox_waiting_idx's terms, which a query must repeat to use it. */
export const OUTBOX_WAITING_SQL = "sent_at is null and error is null";

/** E-mails to send; with no SMTP set, an administrator reads them at /outbox. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    createdAt: text("created_at").notNull(),
    sentAt: text("sent_at"),
    error: text("error"),
    /**
     * When a sender took the message to send (decision record 043): a message is sent by the one
     * sender that claimed it, however many processes or overlapping deliveries there are. A claim
     * older than CLAIM_EXPIRES_MS is taken to be a sender that stopped, and the message is claimed again.
     */
    claimedAt: text("claimed_at"),
  },
  (t) => [
    index("outbox_created_idx").on(t.createdAt),
    // The messages waiting, oldest first: a delivery finds them without reading the sent ones.
    index("outbox_waiting_idx").on(t.id).where(sql.raw(OUTBOX_WAITING_SQL)),
  ],
);
