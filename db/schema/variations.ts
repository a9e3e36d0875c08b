import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { bidCostLines } from "./bids";
import { decisions, grants } from "./decisions";
import { financialYears } from "./funding";
import { grantUnderspends } from "./payments";
import { VARIATION_KINDS, VARIATION_STATUSES, type VariationKind, type VariationStatus } from "../../app/domain/variations";
import { users } from "./users";

// Declared in app/domain (plain values pages may import); re-exported for the tables' enum columns.
export { VARIATION_KINDS, VARIATION_STATUSES, type VariationKind, type VariationStatus };

/**
 * A partnership's request to vary its grant: a virement (money moved from one approved cost line
 * to another of the same year), a time extension (a new end date), or a transfer (money moved from
 * a line of this grant to a line of another of the partnership's grants, or released to its
 * allocation for a new project; decision record 025). Requested → approved or
 * refused by an OPCC officer, or withdrawn by the partnership; a virement within the stream's
 * tolerance and cap is approved as it is made (`auto_approved`). An approved virement's effect on
 * the lines is in grant_line_adjustments; an approved extension's in grants.extended_to.
 */
export const grantVariations = sqliteTable(
  "grant_variations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    grantId: integer("grant_id")
      .notNull()
      .references(() => grants.id),
    kind: text("kind", { enum: VARIATION_KINDS }).notNull(),
    status: text("status", { enum: VARIATION_STATUSES }).notNull().default("requested"),
    /** The year it belongs to (and is locked with): a virement's lines' year, an extension's current end date's. */
    financialYearId: integer("financial_year_id")
      .notNull()
      .references(() => financialYears.id),
    fromCostLineId: integer("from_cost_line_id").references(() => bidCostLines.id),
    toCostLineId: integer("to_cost_line_id").references(() => bidCostLines.id),
    /** For a transfer: the grant that receives the money (its line is to_cost_line_id); null releases it to the allocation. */
    toGrantId: integer("to_grant_id").references(() => grants.id),
    /** For an approved transfer: the PCC decisions that made it, correcting each grant's decision. */
    decisionId: integer("decision_id").references(() => decisions.id),
    toDecisionId: integer("to_decision_id").references(() => decisions.id),
    amountPence: integer("amount_pence"),
    /** For an extension: the end date when it was asked for, and the one asked for. */
    currentEndDate: text("current_end_date"),
    newEndDate: text("new_end_date"),
    reason: text("reason").notNull(),
    autoApproved: integer("auto_approved", { mode: "boolean" }).notNull().default(false),
    requestedBy: integer("requested_by")
      .notNull()
      .references(() => users.id),
    requestedAt: text("requested_at").notNull(),
    decidedBy: integer("decided_by").references(() => users.id),
    decidedAt: text("decided_at"),
    decisionReason: text("decision_reason"),
    withdrawnAt: text("withdrawn_at"),
    /** Raised by every change: a decision made from an older copy is refused. */
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("grant_variations_grant_idx").on(t.grantId, t.id),
    // The OPCC's queue: requests waiting, oldest first.
    index("grant_variations_status_idx").on(t.status, t.requestedAt),
    index("grant_variations_year_idx").on(t.financialYearId, t.status),
    // The receiving grant's page lists the transfers into it.
    index("grant_variations_to_grant_idx").on(t.toGrantId),
    check("grant_variations_kind_check", sql`${t.kind} in ('virement','extension','transfer')`),
    check("grant_variations_status_check", sql`${t.status} in ('requested','approved','refused','withdrawn')`),
    check(
      "grant_variations_shape_check",
      sql`(${t.kind} = 'virement' and ${t.fromCostLineId} is not null and ${t.toCostLineId} is not null and ${t.fromCostLineId} <> ${t.toCostLineId} and ${t.amountPence} > 0 and ${t.newEndDate} is null and ${t.toGrantId} is null)
       or (${t.kind} = 'extension' and ${t.newEndDate} is not null and ${t.currentEndDate} is not null and ${t.newEndDate} > ${t.currentEndDate} and ${t.amountPence} is null and ${t.toGrantId} is null)
       or (${t.kind} = 'transfer' and ${t.fromCostLineId} is not null and ${t.amountPence} > 0 and ${t.newEndDate} is null
           and ((${t.toGrantId} is null and ${t.toCostLineId} is null) or (${t.toGrantId} is not null and ${t.toCostLineId} is not null and ${t.toGrantId} <> ${t.grantId})))`,
    ),
    check("grant_variations_decided_check", sql`(${t.status} in ('approved','refused')) = (${t.decidedAt} is not null)`),
    // An approved transfer is a PCC decision: it names the decision that made it (and the receiving one when there is one).
    check(
      "grant_variations_transfer_decision_check",
      sql`${t.kind} <> 'transfer' or (${t.status} = 'approved') = (${t.decisionId} is not null and (${t.toGrantId} is null) = (${t.toDecisionId} is null))`,
    ),
  ],
);

/**
 * How an approved virement or a carry-forward changed a grant's cost line: a line's current
 * amount is what its decision approved plus these. Written with the variation's approval or the
 * carry-forward, in the same transaction; never changed.
 */
export const grantLineAdjustments = sqliteTable(
  "grant_line_adjustments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    grantId: integer("grant_id")
      .notNull()
      .references(() => grants.id),
    costLineId: integer("cost_line_id")
      .notNull()
      .references(() => bidCostLines.id),
    deltaPence: integer("delta_pence").notNull(),
    variationId: integer("variation_id").references(() => grantVariations.id),
    underspendId: integer("underspend_id").references(() => grantUnderspends.id),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    // Covers the current-amount sum per line.
    index("grant_line_adjustments_line_idx").on(t.grantId, t.costLineId, t.deltaPence),
    index("grant_line_adjustments_variation_idx").on(t.variationId),
    index("grant_line_adjustments_underspend_idx").on(t.underspendId),
    check("grant_line_adjustments_delta_check", sql`${t.deltaPence} <> 0`),
    check("grant_line_adjustments_source_check", sql`(${t.variationId} is null) <> (${t.underspendId} is null)`),
  ],
);
