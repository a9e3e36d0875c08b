import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { priorities } from "../../db/schema";
import { OPCC_PRIORITY_KINDS, type OpccPriorityKind } from "../domain/priorities";
import { recordAudit } from "./audit.server";
import { db, type Tx } from "./db.server";

/**
 * The Police and Crime Plan's priorities and the statutory duties, kept by an administrator at
 * /settings/priorities. (A partnership's own priorities are kept on its page.)
 */

export function listOpccPriorities() {
  return db()
    .select({ id: priorities.id, kind: priorities.kind, name: priorities.name, position: priorities.position, retiredAt: priorities.retiredAt, version: priorities.version })
    .from(priorities)
    .where(and(inArray(priorities.kind, [...OPCC_PRIORITY_KINDS]), isNull(priorities.cspId)))
    .orderBy(asc(priorities.kind), asc(priorities.position), asc(priorities.id))
    .all();
}

export type PriorityResult = { kind: "saved"; id: number } | { kind: "invalid"; errors: Record<string, string> } | { kind: "stale"; message: string } | { kind: "missing" };

const STALE: PriorityResult = { kind: "stale", message: "Someone changed this priority after you opened this page. Nothing has been saved: check the list below, then try again." };

function nameTaken(tx: Tx, kind: OpccPriorityKind, name: string, exceptId?: number) {
  const other = tx.get<{ id: number } | undefined>(sql`select id from priorities where kind = ${kind} and csp_id is null and lower(name) = lower(${name})`);
  return other !== undefined && other.id !== exceptId;
}

function findOwn(tx: Tx, id: number) {
  const row = tx.select().from(priorities).where(eq(priorities.id, id)).get();
  return row && row.cspId === null && (OPCC_PRIORITY_KINDS as readonly string[]).includes(row.kind) ? row : undefined;
}

export function addPriority(userId: number, kind: OpccPriorityKind, name: string, now = new Date().toISOString()): PriorityResult {
  return db().transaction((tx) => {
    if (nameTaken(tx, kind, name)) return { kind: "invalid", errors: { name: "There is already one with this name" } };
    const position = tx.get<{ p: number }>(sql`select coalesce(max(position), 0) + 1 as p from priorities where kind = ${kind} and csp_id is null`).p;
    const row = tx.insert(priorities).values({ kind, name, position }).returning().get();
    recordAudit(tx, { userId, action: "priority.created", entityType: "priority", entityId: row.id, after: row }, now);
    return { kind: "saved", id: row.id };
  }, { behavior: "immediate" });
}

export type PriorityChange = { change: "rename"; name: string } | { change: "up" | "down" } | { change: "retire" | "restore" };

/** Renames, moves (swapping places with its neighbour of the same kind), retires or brings back one priority. */
export function changePriority(userId: number, id: number, expectedVersion: number, change: PriorityChange, now = new Date().toISOString()): PriorityResult {
  return db().transaction((tx) => {
    const before = findOwn(tx, id);
    if (!before) return { kind: "missing" };
    if (before.version !== expectedVersion) return STALE;
    const kind = before.kind as OpccPriorityKind;
    let set: Partial<typeof priorities.$inferInsert> = {};
    if (change.change === "rename") {
      if (nameTaken(tx, kind, change.name, id)) return { kind: "invalid", errors: { [`name-${id}`]: "There is already one with this name" } };
      set = { name: change.name };
    } else if (change.change === "retire" || change.change === "restore") {
      set = { retiredAt: change.change === "retire" ? now : null };
    } else {
      const siblings = tx.select({ id: priorities.id, position: priorities.position, version: priorities.version }).from(priorities)
        .where(and(eq(priorities.kind, kind), isNull(priorities.cspId))).orderBy(asc(priorities.position), asc(priorities.id)).all();
      const at = siblings.findIndex((s) => s.id === id);
      const other = siblings[change.change === "up" ? at - 1 : at + 1];
      if (!other) return { kind: "saved", id };
      // Positions made distinct first (old rows may share one), then the two swapped.
      siblings.forEach((s, i) => tx.update(priorities).set({ position: i + 1 }).where(eq(priorities.id, s.id)).run());
      const mine = at + 1, theirs = siblings.indexOf(other) + 1;
      tx.update(priorities).set({ position: theirs, version: other.version + 1 }).where(eq(priorities.id, id)).run();
      tx.update(priorities).set({ position: mine, version: other.version + 1 }).where(eq(priorities.id, other.id)).run();
      set = { position: theirs };
    }
    tx.update(priorities).set({ ...set, version: expectedVersion + 1 }).where(eq(priorities.id, id)).run();
    const action = change.change === "rename" ? "priority.renamed" : change.change === "retire" ? "priority.retired" : change.change === "restore" ? "priority.restored" : "priority.moved";
    recordAudit(tx, { userId, action, entityType: "priority", entityId: id, before: { name: before.name, position: before.position, retiredAt: before.retiredAt }, after: set }, now);
    return { kind: "saved", id };
  }, { behavior: "immediate" });
}
