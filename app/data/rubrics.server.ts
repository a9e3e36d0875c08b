import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { fundingStreams } from "../../db/schema";
import { AWAITING_REVIEW_STATUSES } from "../domain/bid-lifecycle";
import { rubricProblems, type RubricProblem } from "../domain/rubric-rules";
import { DEFAULT_RUBRIC, type Rubric } from "../domain/scoring";
import { recordAudit } from "./audit.server";
import { db, type Tx } from "./db.server";

/**
 * A funding stream's scoring rubric, kept as data: null in the database means the default rubric.
 * A rubric does not change while any of the stream's bids is being scored (waiting for a decision
 * with score sheets on its latest submission), so that every reviewer of a bid scores it against
 * the same rubric and the spread and moderated score compare like with like. Sheets keep the
 * rubric they were scored against, so a later change never alters an earlier score.
 */

/** A short fingerprint of a rubric as stored, to refuse a save made on a stale copy. */
export const rubricVersion = (stored: unknown) => createHash("sha256").update(JSON.stringify(stored ?? null)).digest("hex").slice(0, 16);

/** How many of the stream's bids are being scored now. */
function bidsBeingScored(streamId: number, tx: Tx | ReturnType<typeof db> = db()): number {
  const awaiting = sql.join(AWAITING_REVIEW_STATUSES.map((s) => sql`${s}`), sql`, `);
  return tx.get<{ n: number }>(sql`
    select count(*) as n from bids b join rounds r on r.id = b.round_id
     where r.stream_id = ${streamId} and b.status in (${awaiting})
       and exists (select 1 from review_scores s
                    where s.bid_id = b.id and s.submission_number = (select max(number) from bid_submissions where bid_id = b.id))`).n;
}

export function streamRubric(streamId: number) {
  const stream = db().select({ id: fundingStreams.id, name: fundingStreams.name, rubric: fundingStreams.rubric }).from(fundingStreams).where(eq(fundingStreams.id, streamId)).get();
  if (!stream) return null;
  return {
    stream: { id: stream.id, name: stream.name },
    rubric: (stream.rubric as Rubric | null) ?? DEFAULT_RUBRIC,
    custom: stream.rubric !== null,
    version: rubricVersion(stream.rubric),
    beingScored: bidsBeingScored(stream.id),
  };
}

export type RubricSaveResult =
  | { kind: "saved" }
  | { kind: "stale" }
  | { kind: "locked"; beingScored: number }
  | { kind: "invalid"; problems: RubricProblem[] };

/** Sets the stream's rubric, or (with null) returns it to the default. Audited with before and after. */
export function saveStreamRubric(streamId: number, userId: number, expectedVersion: string, rubric: Rubric | null, now = new Date().toISOString()): RubricSaveResult {
  if (rubric) {
    const problems = rubricProblems(rubric);
    if (problems.length) return { kind: "invalid", problems };
  }
  return db().transaction(
    (tx) => {
      const before = tx.select({ rubric: fundingStreams.rubric }).from(fundingStreams).where(eq(fundingStreams.id, streamId)).get()!;
      if (rubricVersion(before.rubric) !== expectedVersion) return { kind: "stale" };
      const beingScored = bidsBeingScored(streamId, tx);
      if (beingScored > 0) return { kind: "locked", beingScored };
      tx.update(fundingStreams).set({ rubric }).where(eq(fundingStreams.id, streamId)).run();
      recordAudit(tx, {
        userId,
        action: rubric ? "rubric.changed" : "rubric.reset",
        entityType: "funding_stream",
        entityId: streamId,
        before: (before.rubric as Rubric | null) ?? { default: true },
        after: rubric ?? { default: true },
      }, now);
      return { kind: "saved" };
    },
    { behavior: "immediate" },
  );
}
