import { and, eq, sql } from "drizzle-orm";
import { fundingStreams } from "../../db/schema";
import type { StreamInput } from "../forms/streams";
import { recordAudit } from "./audit.server";
import { db, type Tx } from "./db.server";

/** Funding streams as an administrator keeps them at /settings/streams (decision record 033). */

export function listStreamsForSettings() {
  return db().all<{ id: number; name: string; code: string; retiredAt: string | null; rounds: number }>(sql`
    select s.id, s.name, s.code, s.retired_at as retiredAt, (select count(*) from rounds r where r.stream_id = s.id) as rounds
      from funding_streams s order by s.retired_at is not null, s.name`);
}

export function findStream(id: number) {
  const row = db().select().from(fundingStreams).where(eq(fundingStreams.id, id)).get();
  if (!row) return undefined;
  const { rubric: _rubric, ...rest } = row;
  return rest;
}

export type StreamSaveResult =
  | { kind: "saved"; id: number }
  | { kind: "invalid"; errors: Record<string, string> }
  | { kind: "stale"; changedBy: string; changedAt: string; changedById: number | null }
  | { kind: "missing" };

const CODE_TAKEN = { code: "There is already a stream with this code: choose another" };

function codeTaken(tx: Tx, code: string, exceptId?: number) {
  const other = tx.select({ id: fundingStreams.id }).from(fundingStreams).where(eq(fundingStreams.code, code)).get();
  return other !== undefined && other.id !== exceptId;
}

function lastChange(tx: Tx, id: number) {
  return tx.get<{ at: string; name: string | null; userId: number | null } | undefined>(sql`
    select a.at, u.name, a.user_id as userId from audit_log a left join users u on u.id = a.user_id
     where a.entity_type = 'stream' and a.entity_id = ${id} order by a.id desc limit 1`);
}

function stale(tx: Tx, id: number): StreamSaveResult {
  const last = lastChange(tx, id);
  return { kind: "stale", changedBy: last?.name ?? "Someone", changedAt: last?.at ?? new Date().toISOString(), changedById: last?.userId ?? null };
}

export function createStream(userId: number, input: StreamInput, now = new Date().toISOString()): StreamSaveResult {
  return db().transaction((tx) => {
    if (codeTaken(tx, input.code)) return { kind: "invalid", errors: CODE_TAKEN };
    const row = tx.insert(fundingStreams).values(input).returning().get();
    recordAudit(tx, { userId, action: "stream.created", entityType: "stream", entityId: row.id, after: input }, now);
    return { kind: "saved", id: row.id };
  }, { behavior: "immediate" });
}

/** Saves a stream's name, code, description and rules if nobody has changed it since `expectedVersion`. */
export function updateStream(userId: number, id: number, expectedVersion: number, input: StreamInput, now = new Date().toISOString()): StreamSaveResult {
  return db().transaction((tx) => {
    const before = tx.select().from(fundingStreams).where(eq(fundingStreams.id, id)).get();
    if (!before) return { kind: "missing" };
    if (before.version !== expectedVersion) return stale(tx, id);
    if (codeTaken(tx, input.code, id)) return { kind: "invalid", errors: CODE_TAKEN };
    tx.update(fundingStreams).set({ ...input, version: expectedVersion + 1 }).where(and(eq(fundingStreams.id, id), eq(fundingStreams.version, expectedVersion))).run();
    const { rubric: _r, ...was } = before;
    recordAudit(tx, { userId, action: "stream.updated", entityType: "stream", entityId: id, before: was, after: input }, now);
    return { kind: "saved", id };
  }, { behavior: "immediate" });
}

/** Retires a stream (no new round may be set in it; its rounds stay) or offers it again. */
export function setStreamRetired(userId: number, id: number, expectedVersion: number, retired: boolean, now = new Date().toISOString()): StreamSaveResult {
  return db().transaction((tx) => {
    const before = tx.select({ version: fundingStreams.version, retiredAt: fundingStreams.retiredAt }).from(fundingStreams).where(eq(fundingStreams.id, id)).get();
    if (!before) return { kind: "missing" };
    if (before.version !== expectedVersion) return stale(tx, id);
    tx.update(fundingStreams).set({ retiredAt: retired ? now : null, version: expectedVersion + 1 }).where(eq(fundingStreams.id, id)).run();
    recordAudit(tx, { userId, action: retired ? "stream.retired" : "stream.restored", entityType: "stream", entityId: id, before, after: { retiredAt: retired ? now : null } }, now);
    return { kind: "saved", id };
  }, { behavior: "immediate" });
}

