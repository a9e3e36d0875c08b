import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organisations } from "./organisations";

/**
 * 1 April – 31 March, labelled "2023-24". A closed year (status "closed") is locked: nothing of
 * its returns, payments, grants, variations or clawbacks may change (app/data/year-lock.server.ts,
 * with triggers in migration 0017 as the last guard). Who closed and reopened it is in
 * financial_year_closures.
 */
export const financialYears = sqliteTable(
  "financial_years",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    label: text("label").notNull(),
    startsOn: text("starts_on").notNull(),
    endsOn: text("ends_on").notNull(),
    status: text("status", { enum: ["open", "closed"] }).notNull().default("open"),
  },
  (t) => [
    uniqueIndex("financial_years_label_unique").on(t.label),
    uniqueIndex("financial_years_starts_on_unique").on(t.startsOn),
    check("financial_years_status_check", sql`${t.status} in ('open','closed')`),
    check("financial_years_dates_check", sql`${t.endsOn} > ${t.startsOn}`),
  ],
);

/** The annual CSP allocation, Safer Streets 5, …: each with the rules its bids must keep. */
export const fundingStreams = sqliteTable(
  "funding_streams",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    code: text("code").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    maySpanYears: integer("may_span_years", { mode: "boolean" }).notNull(),
    maxDurationMonths: integer("max_duration_months").notNull(),
    matchFundingRequired: integer("match_funding_required", { mode: "boolean" }).notNull(),
    /** The scoring rubric as JSON (gates, weighted criteria, bands); the default when null. */
    rubric: text("rubric", { mode: "json" }),
    /**
     * How far a quarter's actual spend on a cost line may differ from its profile before the return
     * must explain it, in hundredths of a percent (1000 = 10%).
     */
    toleranceBasisPoints: integer("tolerance_basis_points").notNull().default(1000),
    /** Days after a quarter ends that its return is due. */
    returnDueDays: integer("return_due_days").notNull().default(30),
    /** Days after the decision that a grant offer must be accepted by. */
    acceptByDays: integer("accept_by_days").notNull().default(28),
    /** Whether the accountable council's finance officer certifies a return's spend before it is submitted. */
    certificationRequired: integer("certification_required", { mode: "boolean" }).notNull().default(false),
    /**
     * The most one virement may move without an OPCC officer's approval, in pence (with the
     * tolerance: within both, a virement is approved automatically).
     */
    virementCapPence: integer("virement_cap_pence").notNull().default(500000),
    /** A retired stream is offered for no new round; its rounds and grants stay. */
    retiredAt: text("retired_at"),
    /** Raised by every change an administrator makes: an edit from an older copy is refused. */
    version: integer("version").notNull().default(1),
  },
  (t) => [
    uniqueIndex("funding_streams_code_unique").on(t.code),
    check("funding_streams_duration_check", sql`${t.maxDurationMonths} between 1 and 120`),
    check("funding_streams_tolerance_check", sql`${t.toleranceBasisPoints} between 0 and 10000`),
    check("funding_streams_return_due_days_check", sql`${t.returnDueDays} between 1 and 365`),
    check("funding_streams_accept_by_days_check", sql`${t.acceptByDays} between 1 and 365`),
    check("funding_streams_virement_cap_check", sql`${t.virementCapPence} between 0 and 100000000000`),
  ],
);

export const ROUND_STATUSES = ["draft", "open", "closed"] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** One stream's call for bids in one financial year. */
export const rounds = sqliteTable(
  "rounds",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    streamId: integer("stream_id")
      .notNull()
      .references(() => fundingStreams.id),
    financialYearId: integer("financial_year_id")
      .notNull()
      .references(() => financialYears.id),
    name: text("name").notNull(),
    opensOn: text("opens_on").notNull(),
    closesOn: text("closes_on").notNull(),
    totalPotPence: integer("total_pot_pence").notNull(),
    status: text("status", { enum: ROUND_STATUSES }).notNull().default("draft"),
    /** Kept back from the CSPs' allocations for cross-CSP projects. */
    centralFundPence: integer("central_fund_pence").notNull().default(0),
    /** How far approvals may exceed the pot, in hundredths of a percent (1000 = 10%). */
    overProgrammingBasisPoints: integer("over_programming_basis_points").notNull().default(0),
    /** Most one CSP may be allocated; null for no limit. */
    maxPerCspPence: integer("max_per_csp_pence"),
    /** Raised by every change: a change made from an older copy is refused. */
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("rounds_stream_idx").on(t.streamId),
    index("rounds_financial_year_idx").on(t.financialYearId),
    index("rounds_status_idx").on(t.status),
    check("rounds_pot_check", sql`${t.totalPotPence} >= 0`),
    check("rounds_status_check", sql`${t.status} in ('draft','open','closed')`),
    check("rounds_dates_check", sql`${t.closesOn} >= ${t.opensOn}`),
    check("rounds_central_fund_check", sql`${t.centralFundPence} >= 0 and ${t.centralFundPence} <= ${t.totalPotPence}`),
    check("rounds_over_programming_check", sql`${t.overProgrammingBasisPoints} between 0 and 5000`),
  ],
);

/** The funding formula's indicators for a round, with their weights. */
export const formulaIndicators = sqliteTable(
  "formula_indicators",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    roundId: integer("round_id")
      .notNull()
      .references(() => rounds.id),
    key: text("key").notNull(),
    label: text("label").notNull(),
    weight: real("weight").notNull(),
    position: integer("position").notNull().default(0),
  },
  (t) => [uniqueIndex("formula_indicators_round_key_unique").on(t.roundId, t.key), check("formula_indicators_weight_check", sql`${t.weight} >= 0`)],
);

/** Each CSP's value for each indicator (population, recorded crime, deprivation score…). */
export const formulaValues = sqliteTable(
  "formula_values",
  {
    indicatorId: integer("indicator_id")
      .notNull()
      .references(() => formulaIndicators.id, { onDelete: "cascade" }),
    cspId: integer("csp_id")
      .notNull()
      .references(() => organisations.id),
    value: real("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.indicatorId, t.cspId] }), check("formula_values_value_check", sql`${t.value} >= 0`)],
);

/** The provisional sum a CSP may bid against in a round. */
export const allocations = sqliteTable(
  "allocations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    roundId: integer("round_id")
      .notNull()
      .references(() => rounds.id),
    cspId: integer("csp_id")
      .notNull()
      .references(() => organisations.id),
    amountPence: integer("amount_pence").notNull(),
  },
  (t) => [
    uniqueIndex("allocations_round_csp_unique").on(t.roundId, t.cspId),
    index("allocations_csp_idx").on(t.cspId),
    check("allocations_amount_check", sql`${t.amountPence} >= 0`),
  ],
);

export const PRIORITY_KINDS = ["police_and_crime_plan", "csp", "statutory"] as const;
export type PriorityKind = (typeof PRIORITY_KINDS)[number];

/** The Police and Crime Plan's priorities, each CSP's own, and the statutory duties. */
export const priorities = sqliteTable(
  "priorities",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: PRIORITY_KINDS }).notNull(),
    /** Set only for a CSP's own priority. */
    cspId: integer("csp_id").references(() => organisations.id),
    name: text("name").notNull(),
    position: integer("position").notNull().default(0),
    /** A retired priority is offered on no new bid; bids that chose it keep it. */
    retiredAt: text("retired_at"),
    /** Raised by every change an administrator makes: an edit from an older copy is refused. */
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("priorities_kind_idx").on(t.kind, t.position),
    index("priorities_csp_idx").on(t.cspId),
    check("priorities_kind_check", sql`${t.kind} in ('police_and_crime_plan','csp','statutory')`),
    check("priorities_csp_check", sql`(${t.kind} = 'csp') = (${t.cspId} is not null)`),
  ],
);

