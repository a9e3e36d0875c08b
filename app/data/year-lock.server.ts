import { sql } from "drizzle-orm";
import { financialYearStartYear } from "../domain/financial-years";
import { grantIsLocked, YearClosedError, type YearClosure } from "../domain/year-lock";
import { db, type DbOrTx } from "./db.server";

/**
 * The year lock in the data layer (rules in app/domain/year-lock.ts). Every function that writes
 * to a year's returns, payments, grants, variations, underspends or clawbacks calls one of the
 * `assert…Open` functions inside its transaction, before it writes; they throw YearClosedError,
 * which the routes answer 409 with its message (`refusingClosedYears` in app/auth/access.server.ts).
 * The `…Closure` functions tell a page to show the year as closed and offer no changes.
 */

/** The year's closure if it is closed (who closed it and when), or null while it is open. */
export function yearClosure(financialYearId: number, tx: DbOrTx = db()): YearClosure | null {
  return (
    tx.get<YearClosure>(sql`
      select fy.label, coalesce(u.name, 'someone') as closedByName, c.closed_at as closedAt
        from financial_years fy
        join financial_year_closures c on c.id = (select max(x.id) from financial_year_closures x where x.financial_year_id = fy.id)
        left join users u on u.id = c.closed_by
       where fy.id = ${financialYearId} and fy.status = 'closed'`) ?? null
  );
}

/** The closure of the financial year a date (yyyy-MM-dd) falls in, if that year is closed. */
export function dateClosure(isoDate: string, tx: DbOrTx = db()): YearClosure | null {
  const startsOn = `${financialYearStartYear(isoDate)}-04-01`;
  const year = tx.get<{ id: number }>(sql`select id from financial_years where starts_on = ${startsOn}`);
  return year ? yearClosure(year.id, tx) : null;
}

/** The closure of the year a return's quarter is in, if it is closed. */
export function returnClosure(returnId: number, tx: DbOrTx = db()): YearClosure | null {
  const year = tx.get<{ id: number }>(sql`
    select fy.id from grant_returns gr join financial_years fy on fy.starts_on = printf('%04d-04-01', gr.start_year) where gr.id = ${returnId}`);
  return year ? yearClosure(year.id, tx) : null;
}

/** The closure of the year a grant was made in, if the grant is locked (its round's year closed and none of its later years open). */
export function grantClosure(grantId: number, tx: DbOrTx = db()): YearClosure | null {
  const row = tx.get<{ roundYearId: number; roundYearClosed: number; laterYearOpen: number }>(sql`
    select r.financial_year_id as roundYearId, (fy.status = 'closed') as roundYearClosed,
           (exists (select 1 from decision_lines dl join bid_cost_lines l on l.id = dl.cost_line_id join financial_years ly on ly.id = l.financial_year_id
                     where dl.decision_id = g.decision_id and ly.status = 'open')
            or exists (select 1 from financial_years ey where g.extended_to between ey.starts_on and ey.ends_on and ey.status = 'open')) as laterYearOpen
      from grants g join bids b on b.id = g.bid_id join rounds r on r.id = b.round_id join financial_years fy on fy.id = r.financial_year_id
     where g.id = ${grantId}`);
  if (!row || !grantIsLocked({ roundYearClosed: row.roundYearClosed === 1, laterYearOpen: row.laterYearOpen === 1 })) return null;
  return yearClosure(row.roundYearId, tx);
}

/** The closure of the year a bid's round is in, if it is closed: no decision is recorded in a closed year. */
export function bidRoundClosure(bidId: number, tx: DbOrTx = db()): YearClosure | null {
  const row = tx.get<{ id: number }>(sql`select r.financial_year_id as id from bids b join rounds r on r.id = b.round_id where b.id = ${bidId}`);
  return row ? yearClosure(row.id, tx) : null;
}

/** Throws YearClosedError for a closure (a route refusing before it reads a form or a file); nothing for null. */
export function refuse(closure: YearClosure | null): void {
  if (closure) throw new YearClosedError(closure);
}

export const assertYearOpen = (financialYearId: number, tx: DbOrTx) => refuse(yearClosure(financialYearId, tx));
export const assertDateOpen = (isoDate: string, tx: DbOrTx) => refuse(dateClosure(isoDate, tx));
export const assertReturnOpen = (returnId: number, tx: DbOrTx) => refuse(returnClosure(returnId, tx));
export const assertGrantOpen = (grantId: number, tx: DbOrTx) => refuse(grantClosure(grantId, tx));
export const assertBidRoundOpen = (bidId: number, tx: DbOrTx) => refuse(bidRoundClosure(bidId, tx));
