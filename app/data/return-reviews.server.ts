import { and, eq } from "drizzle-orm";
import { grantReturns, returnReviews } from "../../db/schema";
import { canReturnTransition, returnTransition, type ReturnEvent } from "../domain/return-lifecycle";
import { ukDate } from "../domain/round-window";
import { recordAudit } from "./audit.server";
import { assertReturnOpen } from "./year-lock.server";
import { db, type Tx } from "./db.server";
import { cspContacts, portalUrl, queueMessage } from "./notifications.server";
import { loadReturn, type ReturnDetail } from "./returns.server";
import type { Stale } from "./return-editing.server";
import type { ReturnStatus } from "../domain/return-lifecycle";

/**
 * What OPCC staff do with a submitted return: accept it, query it (back to the partnership with
 * comments, which the CSP lead and council finance are e-mailed), or reopen an accepted one with
 * a reason. Each is kept in return_reviews, audited, and refused from a stale copy.
 */

export type ReviewResult = { kind: "saved"; version: number } | Stale | { kind: "not-allowed"; status: ReturnStatus } | { kind: "refused"; message: string };

const ACTIONS = { query: "queried", accept: "accepted", reopen: "reopened" } as const;
type ReviewEvent = keyof typeof ACTIONS & ReturnEvent;

function review(returnId: number, userId: number, expectedVersion: number, event: ReviewEvent, comment: string, now: string): ReviewResult {
  return db().transaction(
    (tx) => {
      assertReturnOpen(returnId, tx);
      const r = loadReturn(returnId, { tx, today: ukDate(new Date(now)) });
      if (!r) throw new Error(`Return ${returnId} vanished`);
      if (r.version !== expectedVersion) return { kind: "stale", changedBy: r.updatedByName, changedById: r.updatedById, changedAt: r.updatedAt };
      if (!canReturnTransition(r.status, event)) return { kind: "not-allowed", status: r.status };
      if (event !== "accept" && !comment.trim()) return { kind: "refused", message: event === "query" ? "Enter your comments for the partnership" : "Enter why the return is reopened" };
      const to = returnTransition(r.status, event);
      const done = tx
        .update(grantReturns)
        .set({ status: to, version: expectedVersion + 1, updatedBy: userId, updatedAt: now, ...(event === "accept" ? { acceptedAt: now } : event === "reopen" ? { acceptedAt: null } : {}) })
        .where(and(eq(grantReturns.id, returnId), eq(grantReturns.version, expectedVersion)))
        .run();
      if (done.changes !== 1) return { kind: "stale", changedBy: r.updatedByName, changedById: r.updatedById, changedAt: r.updatedAt };
      tx.insert(returnReviews).values({ returnId, action: ACTIONS[event], comment: comment.trim(), byUser: userId, at: now }).run();
      recordAudit(tx, {
        userId,
        action: `return.${ACTIONS[event]}`,
        entityType: "return",
        entityId: returnId,
        bidId: r.bidId,
        cspId: r.cspId,
        before: { status: r.status },
        after: { status: to, ...(comment.trim() ? { comment: comment.trim() } : {}) },
      }, now);
      tell(tx, r, event, comment.trim(), now);
      return { kind: "saved", version: expectedVersion + 1 };
    },
    { behavior: "immediate" },
  );
}

/** The partnership's lead and council finance officer hear of it, with the OPCC's words. */
function tell(tx: Tx, r: ReturnDetail, event: ReviewEvent, comment: string, now: string) {
  const link = portalUrl(`/grants/${r.grantId}/returns/${r.id}`);
  const what = `your return for "${r.title}", ${r.label}`;
  const message = {
    query: {
      subject: `Quarterly return queried: ${r.title}, ${r.label}`,
      body: `The OPCC has queried ${what}. Their comments:\n\n${comment}\n\nAnswer the query and submit the return again: ${link}`,
    },
    accept: {
      subject: `Quarterly return accepted: ${r.title}, ${r.label}`,
      body: `The OPCC has accepted ${what}.${comment ? `\n\n${comment}` : ""}\n\n${link}`,
    },
    reopen: {
      subject: `Quarterly return reopened: ${r.title}, ${r.label}`,
      body: `The OPCC has reopened ${what}, which it had accepted. Why:\n\n${comment}\n\nChange the return and submit it again: ${link}`,
    },
  }[event];
  queueMessage(tx, { to: cspContacts(tx, r.cspId, { finance: true }), ...message }, now);
}

/** Sends the return back to the partnership with the OPCC's comments (required). */
export const queryReturn = (returnId: number, userId: number, expectedVersion: number, comments: string, now = new Date().toISOString()) =>
  review(returnId, userId, expectedVersion, "query", comments, now);

/** Accepts a submitted or resubmitted return; a note to the partnership is optional. */
export const acceptReturn = (returnId: number, userId: number, expectedVersion: number, note = "", now = new Date().toISOString()) =>
  review(returnId, userId, expectedVersion, "accept", note, now);

/** Reopens an accepted return, with the reason (required): it is in progress again. */
export const reopenReturn = (returnId: number, userId: number, expectedVersion: number, reason: string, now = new Date().toISOString()) =>
  review(returnId, userId, expectedVersion, "reopen", reason, now);
