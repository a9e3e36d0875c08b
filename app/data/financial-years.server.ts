import { sql } from "drizzle-orm";
import { financialYears } from "../../db/schema";
import { financialYearBounds, financialYearsToCreate, nextFinancialYear, parseFinancialYearLabel } from "../domain/financial-years";
import { ukDate } from "../domain/round-window";
import { recordAudit } from "./audit.server";
import { db, type DbOrTx } from "./db.server";

/** The financial years an administrator keeps at /settings/years (decision record 033). */

function startYears(tx: DbOrTx): number[] {
  return tx.all<{ label: string }>(sql`select label from financial_years`).map((r) => parseFinancialYearLabel(r.label)).filter((y): y is number => y !== null);
}

function insertYear(tx: DbOrTx, startYear: number, userId: number | null, action: string, now: string) {
  const b = financialYearBounds(startYear);
  const row = tx.insert(financialYears).values({ label: b.label, startsOn: b.startsOn, endsOn: b.endsOn, status: "open" }).returning().get();
  recordAudit(tx, { userId, action, entityType: "financial_year", entityId: row.id, after: row }, now);
  return row;
}

/**
 * Makes the year today falls in and, in its last quarter, the next one, when they are missing
 * (financialYearsToCreate). Called on start, by `npm run admin:create`, and by the pages that
 * offer the years, so a portal left running across 1 January or 1 April still has them.
 */
export function ensureFinancialYears(now = new Date().toISOString(), database: DbOrTx = db()): string[] {
  const today = ukDate(new Date(now));
  if (financialYearsToCreate(startYears(database), today).length === 0) return [];
  return db().transaction((tx) => {
    return financialYearsToCreate(startYears(tx), today).map((y) => insertYear(tx, y, null, "financial_year.created_automatically", now).label);
  }, { behavior: "immediate" });
}

export interface YearsPage {
  years: { id: number; label: string; startsOn: string; endsOn: string; status: "open" | "closed"; rounds: number }[];
  next: string;
}

/** Every year, newest first, with how many rounds each has, and the label of the next one to add. */
export function yearsPage(now = new Date().toISOString()): YearsPage {
  const years = db().all<YearsPage["years"][number]>(sql`
    select fy.id, fy.label, fy.starts_on as startsOn, fy.ends_on as endsOn, fy.status,
           (select count(*) from rounds r where r.financial_year_id = fy.id) as rounds
      from financial_years fy order by fy.starts_on desc`);
  const next = financialYearBounds(nextFinancialYear(startYears(db()), ukDate(new Date(now)))).label;
  return { years, next };
}

export type AddYearResult = { kind: "saved"; label: string } | { kind: "stale"; message: string };

/** "Add the next financial year": refused when the year the page offered is no longer the next (someone added it). */
export function addNextFinancialYear(userId: number, expectedLabel: string, now = new Date().toISOString()): AddYearResult {
  return db().transaction((tx) => {
    const next = nextFinancialYear(startYears(tx), ukDate(new Date(now)));
    const label = financialYearBounds(next).label;
    if (label !== expectedLabel) return { kind: "stale", message: `The years have changed since you opened this page: the next year to add is now ${label}. Check the list and try again.` };
    insertYear(tx, next, userId, "financial_year.created", now);
    return { kind: "saved", label };
  }, { behavior: "immediate" });
}
