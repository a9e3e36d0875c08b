import { asc, eq, sql } from "drizzle-orm";
import { fundingStreams, settings, standardConditions } from "../../db/schema";
import { financialYearLabel, financialYearStartYear, toIsoDate } from "../domain/financial-years";
import { recordAudit } from "./audit.server";
import { db } from "./db.server";
import { referenceFormat } from "./decisions.server";
import type { SetUpCounts } from "../domain/set-up-steps";

/** What the settings page summarises: the reference format, the conditions, each stream's rubric. */
export function settingsOverview() {
  const conditions = db().get<{ live: number; retired: number }>(sql`
    select count(*) filter (where retired_at is null) as live, count(*) filter (where retired_at is not null) as retired from standard_conditions`);
  const streams = db()
    .select({ id: fundingStreams.id, name: fundingStreams.name, custom: sql<number>`${fundingStreams.rubric} is not null` })
    .from(fundingStreams)
    .orderBy(asc(fundingStreams.name))
    .all();
  return { referenceFormat: referenceFormat(), conditions, streams: streams.map((s) => ({ ...s, custom: Boolean(s.custom) })) };
}

/**
 * What the portal holds of each set-up step (app/domain/set-up-steps.ts): one query of counts,
 * each answered from an index or a small table.
 */
export function setUpCounts(demo = process.env.PORTAL_DEMO !== "0"): SetUpCounts {
  const row = db().get<{ named: number; partnerships: number; streams: number; planPriorities: number; cspLeads: number; rounds: number }>(sql`
    select exists (select 1 from settings where key = 'opcc_name') as named,
           (select count(*) from organisations where kind = 'csp' and retired_at is null) as partnerships,
           (select count(*) from funding_streams where retired_at is null) as streams,
           (select count(*) from priorities where kind = 'police_and_crime_plan' and retired_at is null) as planPriorities,
           exists (select 1 from users where role = 'csp_lead' and active = 1) as cspLeads,
           exists (select 1 from rounds) as rounds`);
  // The demo's Leicestershire names are its own (the defaults): only a real installation names itself.
  return { opccNamed: demo || row.named === 1, partnerships: row.partnerships, streams: row.streams, planPriorities: row.planPriorities, cspLeads: row.cspLeads, rounds: row.rounds };
}

const REFERENCE_FORMAT_KEY = "decision_reference_format";

/** The reference format page: the format, and what the next decision's reference would be. */
export function referenceFormatSettings(today = new Date()) {
  const format = referenceFormat();
  const startYear = financialYearStartYear(toIsoDate(today));
  const label = financialYearLabel(startYear);
  const next = db().get<{ n: number }>(sql`
    select coalesce((select s.last_number from decision_sequences s join financial_years f on f.id = s.financial_year_id where f.label = ${label}), 0) + 1 as n`).n;
  return { format, financialYear: label, nextNumber: next };
}

export type SettingSaveResult = { kind: "saved" } | { kind: "stale"; current: string };

/**
 * Sets the decision reference format, audited. `expected` is the format as the page showed it: a
 * change made meanwhile is not overwritten. References already given are never changed.
 */
export function setReferenceFormat(userId: number, expected: string, format: string, now = new Date().toISOString()): SettingSaveResult {
  return db().transaction(
    (tx) => {
      const current = referenceFormat(tx);
      if (current !== expected) return { kind: "stale", current };
      tx.insert(settings).values({ key: REFERENCE_FORMAT_KEY, value: format }).onConflictDoUpdate({ target: settings.key, set: { value: format } }).run();
      recordAudit(tx, { userId, action: "settings.reference_format_changed", entityType: "setting", entityId: 0, before: { format: current }, after: { format } }, now);
      return { kind: "saved" };
    },
    { behavior: "immediate" },
  );
}

export type ConditionResult = { kind: "saved"; id: number } | { kind: "refused"; message: string };

/** Adds a standard condition at the end of the list, audited. */
export function addStandardCondition(userId: number, input: { text: string; aboutRepayment: boolean }, now = new Date().toISOString()): ConditionResult {
  return db().transaction((tx) => {
    if (tx.select({ id: standardConditions.id }).from(standardConditions).where(eq(standardConditions.text, input.text)).get()) {
      return { kind: "refused", message: "There is already a standard condition with these words" };
    }
    const position = tx.get<{ p: number }>(sql`select coalesce(max(position), 0) + 1 as p from standard_conditions`).p;
    const code = `condition-${position}-${Date.parse(now).toString(36)}`;
    const row = tx.insert(standardConditions).values({ code, text: input.text, aboutRepayment: input.aboutRepayment, position }).returning().get();
    recordAudit(tx, { userId, action: "standard_condition.created", entityType: "standard_condition", entityId: row.id, after: row }, now);
    return { kind: "saved", id: row.id };
  });
}

/** Retires a condition (no longer offered on decisions) or brings it back, audited. */
export function setConditionRetired(userId: number, id: number, retired: boolean, now = new Date().toISOString()): ConditionResult {
  return db().transaction((tx) => {
    const before = tx.select().from(standardConditions).where(eq(standardConditions.id, id)).get();
    if (!before) return { kind: "refused", message: "That condition no longer exists" };
    if ((before.retiredAt !== null) === retired) return { kind: "saved", id };
    const after = tx.update(standardConditions).set({ retiredAt: retired ? now : null }).where(eq(standardConditions.id, id)).returning().get();
    recordAudit(tx, { userId, action: retired ? "standard_condition.retired" : "standard_condition.restored", entityType: "standard_condition", entityId: id, before, after }, now);
    return { kind: "saved", id };
  });
}
