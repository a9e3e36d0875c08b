import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { bidSubmissions, fundingStreams, reviewAssignments, reviewComments, reviewScores, rounds, users, bids, organisations } from "../../db/schema";
import type { BidSnapshot } from "../domain/bid-diff";
import type { ReviewState } from "../domain/decision-review";
import { AWAITING_REVIEW_STATUSES, canTransition } from "../domain/bid-lifecycle";
import { DEFAULT_RUBRIC, scoreBid, type Rubric, type ScoreSheet } from "../domain/scoring";
import { recordAudit } from "./audit.server";
import { cspContacts, portalUrl, queueMessage } from "./notifications.server";
import { getBidDetail, moveBid, type SaveResult } from "./bids.server";
import { db, type Tx } from "./db.server";
import { idsIn } from "./id-list.server";
import { LINE_TOTAL_SQL } from "./money-sql.server";
import { AWAITING_REVIEW_SQL } from "../../db/schema/bids";

// ---------------------------------------------------------------------------------------------
// The queue

export const REVIEW_PAGE_SIZE = 25;

export interface ReviewQueueFilters {
  roundId?: number;
  cspId?: number;
  reviewerId?: number;
  /** Only bids submitted at least this many days ago. */
  olderThanDays?: number;
  page: number;
}

export interface ReviewQueueRow {
  id: number;
  title: string;
  status: "submitted" | "under_review";
  cspName: string;
  roundName: string;
  /** Null for a bid whose submission time was never recorded (data from before the portal): listed first. */
  submittedAt: string | null;
  requestedPence: number;
  reviewers: string | null;
}

/**
 * The queue's WHERE (alias b): bids awaiting review, with the filters. The page and its CSV
 * (/review.csv) both select by it. The statuses are literal, the very words of
 * bids_review_queue_idx's WHERE (db/schema/bids.ts), so SQLite may read the queue from it.
 */
export function reviewQueueWhere(filters: Omit<ReviewQueueFilters, "page">, now = new Date()): SQL {
  const where: SQL[] = [sql.raw(AWAITING_REVIEW_SQL.replace(/^status\b/, "b.status"))];
  if (filters.roundId !== undefined) where.push(sql`b.round_id = ${filters.roundId}`);
  if (filters.cspId !== undefined) where.push(sql`b.csp_id = ${filters.cspId}`);
  if (filters.reviewerId !== undefined) {
    where.push(sql`b.id in (select ra.bid_id from review_assignments ra where ra.reviewer_id = ${filters.reviewerId})`);
  }
  if (filters.olderThanDays !== undefined) {
    where.push(sql`b.submitted_at <= ${new Date(now.getTime() - filters.olderThanDays * 86_400_000).toISOString()}`);
  }
  return sql.join(where, sql` and `);
}

/**
 * The index the queue is read through, named to SQLite (INDEXED BY), whose planner would otherwise
 * walk the status index and sort every queued bid: bids_review_queue_idx, in the queue's order,
 * holding the round and partnership it is filtered by. For one reviewer's bids, the few they are
 * assigned, found through review_assignments, are left to the planner.
 */
export const reviewQueueIndex = (filters: Omit<ReviewQueueFilters, "page">) =>
  filters.reviewerId !== undefined ? sql`` : sql.raw("indexed by bids_review_queue_idx");

/** The queue's order: oldest submission first (one never recorded first of all), then by id. */
export const REVIEW_ORDER_SQL = sql`b.submitted_at asc, b.id asc`;

/** The queue's columns for these bids (in no order), money and reviewers set-based: one query for the lot. */
export function reviewRows(ids: number[]): ReviewQueueRow[] {
  if (ids.length === 0) return [];
  const list = idsIn(ids);
  return db().all<ReviewQueueRow>(sql`
    select b.id, b.title, b.status, o.name as cspName, r.name as roundName, b.submitted_at as submittedAt,
           coalesce(c.pence, 0) - coalesce(m.pence, 0) as requestedPence, ra.names as reviewers
      from bids b join organisations o on o.id = b.csp_id join rounds r on r.id = b.round_id
      left join (select l.bid_id, sum(${sql.raw(LINE_TOTAL_SQL)}) as pence from bid_cost_lines l where l.bid_id in ${list} group by l.bid_id) c on c.bid_id = b.id
      left join (select mf.bid_id, sum(mf.amount_pence) as pence from bid_match_funding mf where mf.bid_id in ${list} group by mf.bid_id) m on m.bid_id = b.id
      left join (select a.bid_id, group_concat(u.name, ', ') as names from review_assignments a join users u on u.id = a.reviewer_id where a.bid_id in ${list} group by a.bid_id) ra on ra.bid_id = b.id
     where b.id in ${list}`);
}

/** Rows for ids, in the ids' order. */
export function reviewRowsInOrder(ids: number[]): ReviewQueueRow[] {
  const byId = new Map(reviewRows(ids).map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!);
}

/**
 * Bids waiting for the OPCC, oldest submission first, filtered and paged in SQL through
 * bids_review_queue_idx: the page's 25 ids first, then their money and reviewers (never worked
 * out for the bids before the page). Past the middle the page is read from the other end.
 */
export function reviewQueue(filters: ReviewQueueFilters, now = new Date()) {
  const whereSql = sql`where ${reviewQueueWhere(filters, now)}`;
  const index = reviewQueueIndex(filters);
  const count = db().get<{ n: number }>(sql`select count(*) as n from bids b ${index} ${whereSql}`).n;
  const pages = Math.max(1, Math.ceil(count / REVIEW_PAGE_SIZE));
  const page = Math.min(filters.page, pages);
  const offset = (page - 1) * REVIEW_PAGE_SIZE;
  const take = Math.max(0, Math.min(REVIEW_PAGE_SIZE, count - offset));
  const backwards = offset > count / 2;
  const ids =
    take === 0
      ? []
      : db()
          .all<{ id: number }>(sql`select b.id from bids b ${index} ${whereSql}
             order by ${backwards ? sql`b.submitted_at desc, b.id desc` : REVIEW_ORDER_SQL}
             limit ${take} offset ${backwards ? count - offset - take : offset}`)
          .map((r) => r.id);
  if (backwards) ids.reverse();
  return { rows: reviewRowsInOrder(ids), count, page, pages };
}

/** OPCC staff who may review. */
export function listReviewers() {
  return db()
    .select({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(users.role, "opcc_reviewer"), eq(users.active, true), eq(organisations.kind, "opcc")))
    .orderBy(asc(users.name))
    .all();
}

// ---------------------------------------------------------------------------------------------
// One bid's review

export function rubricForBid(bidId: number): Rubric {
  const row = db()
    .select({ rubric: fundingStreams.rubric })
    .from(bids)
    .innerJoin(rounds, eq(rounds.id, bids.roundId))
    .innerJoin(fundingStreams, eq(fundingStreams.id, rounds.streamId))
    .where(eq(bids.id, bidId))
    .get();
  return (row?.rubric as Rubric | null) ?? DEFAULT_RUBRIC;
}

export function latestSubmissionNumber(bidId: number, tx: Tx | ReturnType<typeof db> = db()): number {
  return tx.get<{ n: number }>(sql`select coalesce(max(number), 0) as n from bid_submissions where bid_id = ${bidId}`).n;
}

export function submissions(bidId: number) {
  return db()
    .select({ number: bidSubmissions.number, submittedAt: bidSubmissions.submittedAt, snapshot: bidSubmissions.snapshot, submittedBy: users.name })
    .from(bidSubmissions)
    .innerJoin(users, eq(users.id, bidSubmissions.submittedBy))
    .where(eq(bidSubmissions.bidId, bidId))
    .orderBy(asc(bidSubmissions.number))
    .all()
    .map((s) => ({ ...s, snapshot: s.snapshot as BidSnapshot }));
}

export function assignments(bidId: number) {
  return db()
    .select({
      reviewerId: reviewAssignments.reviewerId,
      name: users.name,
      isLead: reviewAssignments.isLead,
      conflict: reviewAssignments.conflict,
      conflictDetails: reviewAssignments.conflictDetails,
    })
    .from(reviewAssignments)
    .innerJoin(users, eq(users.id, reviewAssignments.reviewerId))
    .where(eq(reviewAssignments.bidId, bidId))
    .orderBy(desc(reviewAssignments.isLead), asc(users.name))
    .all();
}

/** The score sheets for one submission, each with the rubric it was scored against. */
export function scoresFor(bidId: number, submissionNumber: number) {
  const rows = db()
    .select({
      reviewerId: reviewScores.reviewerId,
      reviewerName: users.name,
      kind: reviewScores.kind,
      gates: reviewScores.gates,
      scores: reviewScores.scores,
      justifications: reviewScores.justifications,
      rubric: reviewScores.rubric,
      createdAt: reviewScores.createdAt,
    })
    .from(reviewScores)
    .innerJoin(users, eq(users.id, reviewScores.reviewerId))
    .where(and(eq(reviewScores.bidId, bidId), eq(reviewScores.submissionNumber, submissionNumber)))
    .orderBy(asc(reviewScores.kind), asc(users.name))
    .all();
  return rows.map((r) => ({ ...r, rubric: (r.rubric as Rubric | null) ?? DEFAULT_RUBRIC }));
}

/**
 * The review as the decision rules read it (app/domain/decision-review.ts): the reviewers and the
 * score sheets for the latest submission. Takes the transaction, so a decision reads the review it
 * is recorded against.
 */
export function reviewStateFor(bidId: number, tx: Tx | ReturnType<typeof db> = db()): ReviewState {
  const submissionNumber = latestSubmissionNumber(bidId, tx);
  const reviewers = tx
    .select({ reviewerId: reviewAssignments.reviewerId, name: users.name, isLead: reviewAssignments.isLead, conflict: reviewAssignments.conflict })
    .from(reviewAssignments)
    .innerJoin(users, eq(users.id, reviewAssignments.reviewerId))
    .where(eq(reviewAssignments.bidId, bidId))
    .orderBy(desc(reviewAssignments.isLead), asc(users.name))
    .all();
  const sheets = tx
    .select({ reviewerId: reviewScores.reviewerId, kind: reviewScores.kind, gates: reviewScores.gates, scores: reviewScores.scores, rubric: reviewScores.rubric, createdAt: reviewScores.createdAt })
    .from(reviewScores)
    .where(and(eq(reviewScores.bidId, bidId), eq(reviewScores.submissionNumber, submissionNumber)))
    .all()
    .map((s) => ({ ...s, rubric: (s.rubric as Rubric | null) ?? DEFAULT_RUBRIC }));
  return { submissionNumber, reviewers, sheets };
}

/** Comments on a bid; a CSP sees only the shared ones. */
export function comments(bidId: number, { sharedOnly }: { sharedOnly: boolean }) {
  return db()
    .select({ id: reviewComments.id, body: reviewComments.body, visibility: reviewComments.visibility, createdAt: reviewComments.createdAt, author: users.name })
    .from(reviewComments)
    .innerJoin(users, eq(users.id, reviewComments.authorId))
    .where(and(eq(reviewComments.bidId, bidId), sharedOnly ? eq(reviewComments.visibility, "shared") : undefined))
    .orderBy(desc(reviewComments.id))
    .all();
}

// ---------------------------------------------------------------------------------------------
// Acting on a bid

export type ReviewResult = SaveResult | { kind: "refused"; message: string };

/** Assigns a reviewer (again, to change who leads). The first assignment takes the bid into review. */
export function assignReviewer(bidId: number, reviewerId: number, isLead: boolean, byUserId: number, expectedVersion: number, now = new Date().toISOString()): ReviewResult {
  return db().transaction(
    (tx) => {
      const bid = getBidDetail(bidId, tx)!;
      if (!AWAITING_REVIEW_STATUSES.includes(bid.status)) return { kind: "refused", message: "Only a bid waiting for review can have reviewers assigned." };
      let version = bid.version;
      if (canTransition(bid.status, "start_review")) {
        const moved = moveBid(tx, bid, byUserId, expectedVersion, "start_review", now);
        if (moved.kind !== "saved") return moved;
        version = moved.version;
      } else if (bid.version !== expectedVersion) {
        return { kind: "stale", changedBy: bid.updatedByName, changedAt: bid.updatedAt };
      }
      if (isLead) tx.update(reviewAssignments).set({ isLead: false }).where(eq(reviewAssignments.bidId, bidId)).run();
      tx.insert(reviewAssignments)
        .values({ bidId, reviewerId, isLead, assignedBy: byUserId, assignedAt: now })
        .onConflictDoUpdate({ target: [reviewAssignments.bidId, reviewAssignments.reviewerId], set: { isLead } })
        .run();
      recordAudit(tx, { userId: byUserId, action: "review.assigned", entityType: "bid", entityId: bidId, bidId, cspId: bid.cspId, after: { reviewerId, isLead } }, now);
      return { kind: "saved", version };
    },
    { behavior: "immediate" },
  );
}

export function answerConflict(bidId: number, reviewerId: number, declared: boolean, details: string, now = new Date().toISOString()): ReviewResult {
  return db().transaction((tx) => {
    const before = tx.select().from(reviewAssignments).where(and(eq(reviewAssignments.bidId, bidId), eq(reviewAssignments.reviewerId, reviewerId))).get();
    if (!before) return { kind: "refused", message: "You are not assigned to review this bid." };
    tx.update(reviewAssignments)
      .set({ conflict: declared ? "declared" : "none", conflictDetails: declared ? details : "", conflictAnsweredAt: now })
      .where(eq(reviewAssignments.id, before.id))
      .run();
    const cspId = tx.select({ cspId: bids.cspId }).from(bids).where(eq(bids.id, bidId)).get()!.cspId;
    recordAudit(tx, {
      userId: reviewerId,
      action: "review.conflict_answered",
      entityType: "bid",
      entityId: bidId,
      bidId,
      cspId,
      before: { conflict: before.conflict, details: before.conflictDetails },
      after: { conflict: declared ? "declared" : "none", details: declared ? details : "" },
    }, now);
    return { kind: "saved", version: 0 };
  });
}

/**
 * Records a reviewer's score sheet for the latest submission (replacing their earlier one), or the
 * lead reviewer's moderated score. A reviewer must have said they have no conflict of interest.
 */
export function recordScore(
  bidId: number,
  reviewerId: number,
  kind: "individual" | "moderated",
  sheet: ScoreSheet & { justifications: Record<string, string> },
  now = new Date().toISOString(),
): ReviewResult {
  return db().transaction((tx) => {
    const assignment = tx.select().from(reviewAssignments).where(and(eq(reviewAssignments.bidId, bidId), eq(reviewAssignments.reviewerId, reviewerId))).get();
    if (!assignment) return { kind: "refused", message: "You are not assigned to review this bid." };
    if (assignment.conflict === null) return { kind: "refused", message: "Declare whether you have a conflict of interest before you score." };
    if (assignment.conflict === "declared") return { kind: "refused", message: "You have declared a conflict of interest, so you cannot score this bid." };
    if (kind === "moderated" && !assignment.isLead) return { kind: "refused", message: "Only the lead reviewer records the moderated score." };
    const bid = tx.select({ status: bids.status, cspId: bids.cspId }).from(bids).where(eq(bids.id, bidId)).get()!;
    if (!AWAITING_REVIEW_STATUSES.includes(bid.status)) return { kind: "refused", message: "This bid is not waiting for review." };
    const number = latestSubmissionNumber(bidId, tx);
    const rubric = rubricForBid(bidId);
    const result = scoreBid(rubric, sheet);
    tx.insert(reviewScores)
      .values({ bidId, submissionNumber: number, reviewerId, kind, gates: sheet.gates, scores: sheet.scores, justifications: sheet.justifications, rubric, createdAt: now })
      .onConflictDoUpdate({
        target: [reviewScores.bidId, reviewScores.submissionNumber, reviewScores.reviewerId, reviewScores.kind],
        set: { gates: sheet.gates, scores: sheet.scores, justifications: sheet.justifications, rubric, createdAt: now },
      })
      .run();
    recordAudit(tx, {
      userId: reviewerId,
      action: kind === "moderated" ? "review.moderated" : "review.scored",
      entityType: "bid",
      entityId: bidId,
      bidId,
      cspId: bid.cspId,
      after: { submission: number, ...sheet, band: result.band.key, total: result.kind === "scored" ? result.total : null },
    }, now);
    return { kind: "saved", version: 0 };
  });
}

export function addComment(bidId: number, authorId: number, visibility: "internal" | "shared", body: string, tx?: Tx, now = new Date().toISOString()) {
  const write = (t: Tx) => {
    const created = t.insert(reviewComments).values({ bidId, authorId, visibility, body, createdAt: now }).returning({ id: reviewComments.id }).get();
    const cspId = t.select({ cspId: bids.cspId }).from(bids).where(eq(bids.id, bidId)).get()!.cspId;
    recordAudit(t, { userId: authorId, action: "review.commented", entityType: "bid", entityId: bidId, bidId, cspId, after: { commentId: created.id, visibility, body } }, now);
  };
  if (tx) write(tx);
  else db().transaction(write);
}

/** Sends a bid back to its CSP with a message they will see; they edit and resubmit. */
export function requestChanges(bidId: number, userId: number, expectedVersion: number, message: string, now = new Date().toISOString()): ReviewResult {
  return db().transaction(
    (tx) => {
      const bid = getBidDetail(bidId, tx)!;
      if (!canTransition(bid.status, "request_changes")) return { kind: "refused", message: "Only a bid waiting for review can be sent back for changes." };
      const moved = moveBid(tx, bid, userId, expectedVersion, "request_changes", now);
      if (moved.kind !== "saved") return moved;
      addComment(bidId, userId, "shared", message, tx, now);
      queueMessage(tx, {
        to: cspContacts(tx, bid.cspId),
        subject: `Changes requested: ${bid.title}`,
        body: `The OPCC has asked for changes to "${bid.title}":\n\n${message}\n\nEdit the bid and submit it again: ${portalUrl(`/bids/${bid.id}`)}`,
      }, now);
      return moved;
    },
    { behavior: "immediate" },
  );
}
