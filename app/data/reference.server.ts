import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { financialYears, organisations, priorities } from "../../db/schema";
import { db } from "./db.server";

/** Lists that fill filters and choices: financial years, CSPs, priorities. */

export function listFinancialYears() {
  return db().select().from(financialYears).orderBy(sql`${financialYears.startsOn} desc`).all();
}

/** Every partnership by name, retired ones too (their bids, grants and people stay with them). */
export function listCsps() {
  return db()
    .select({ id: organisations.id, name: organisations.name, accountableCouncil: organisations.accountableCouncil, retiredAt: organisations.retiredAt })
    .from(organisations)
    .where(eq(organisations.kind, "csp"))
    .orderBy(asc(organisations.name))
    .all();
}

/** One partnership, or undefined if there is none by that id. */
export function findCsp(id: number) {
  return db()
    .select({ id: organisations.id, name: organisations.name, accountableCouncil: organisations.accountableCouncil })
    .from(organisations)
    .where(and(eq(organisations.kind, "csp"), eq(organisations.id, id)))
    .get();
}

/**
 * The priorities a CSP's bid may deliver: the Police and Crime Plan's, the statutory duties, its
 * own; not retired ones, but for those the bid already chose (`keep`), which it keeps.
 */
export function prioritiesForCsp(cspId: number, keep: readonly number[] = []) {
  const offered = isNull(priorities.retiredAt);
  return db()
    .select({ id: priorities.id, name: priorities.name, kind: priorities.kind })
    .from(priorities)
    .where(and(or(isNull(priorities.cspId), eq(priorities.cspId, cspId)), keep.length ? or(offered, inArray(priorities.id, [...keep])) : offered))
    .orderBy(asc(priorities.kind), asc(priorities.position), asc(priorities.id))
    .all();
}

/** Every priority, for the list filter. */
export function listPriorities() {
  return db()
    .select({ id: priorities.id, name: priorities.name, kind: priorities.kind, cspId: priorities.cspId, cspName: organisations.name })
    .from(priorities)
    .leftJoin(organisations, eq(organisations.id, priorities.cspId))
    .orderBy(asc(priorities.kind), asc(organisations.name), asc(priorities.position))
    .all();
}
