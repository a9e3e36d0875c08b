import { inArray } from "drizzle-orm";
import { users } from "../../db/schema";
import { hasPermission, isOpccStaff, type Viewer } from "../domain/access-rules";
import { DECIDED_STATUSES, canTransition, isEditable } from "../domain/bid-lifecycle";
import { OPCC_AS_SEEN_BY_PARTNERSHIPS, assignedReviewerIds, historyLines, nameFor, type HistoryReader } from "../domain/bid-history";
import { sectionTasks } from "../domain/bid-tasks";
import { grantedPence } from "../domain/part-approval";
import { closedMessage, maySubmitIn } from "../domain/round-window";
import { bidHistory, lastChangedBy, problemsBeforeSubmission, savedSections, type BidDetail } from "./bids.server";
import { decisionsForBid } from "./decisions.server";
import { comments } from "./review.server";
import { findRound } from "./rounds.server";
import { db } from "./db.server";

/**
 * What each viewer may read of a bid, shaped on the server: whatever a loader returns reaches the
 * browser (the page source and `.data`), so these functions decide what is in it. A partnership
 * (a CSP lead, a council finance officer) gets its bid, the OPCC's requests for changes and
 * shared comments, and the PCC's decisions; never internal comments, who reviewed, scores or
 * conflict of interest answers, and OPCC staff are named to it as "OPCC" (decision record 014).
 */

export const readerOf = (viewer: Viewer): HistoryReader =>
  isOpccStaff(viewer) ? { kind: "opcc" } : { kind: "partnership", organisationId: viewer.organisationId };

/** The bid as its pages show it: its content and money, none of the ids and rules only the server uses. */
export function bidView(bid: BidDetail) {
  return {
    id: bid.id,
    title: bid.title,
    status: bid.status,
    version: bid.version,
    fund: bid.fund,
    cspName: bid.cspName,
    roundName: bid.roundName,
    financialYearLabel: bid.financialYearLabel,
    submittedAt: bid.submittedAt,
    summary: bid.summary,
    need: bid.need,
    activities: bid.activities,
    deliveryPartners: bid.deliveryPartners,
    locations: bid.locations,
    startDate: bid.startDate,
    endDate: bid.endDate,
    holdsPersonalData: bid.holdsPersonalData,
    dpiaCompleted: bid.dpiaCompleted,
    equalityImpact: bid.equalityImpact,
    priorities: bid.priorities.map((p) => ({ id: p.id, name: p.name, kind: p.kind })),
    milestones: bid.milestones.map((m) => ({ financialYearLabel: m.financialYearLabel, quarter: m.quarter, description: m.description })),
    costLines: bid.costLines.map((l) => ({
      id: l.id,
      description: l.description,
      quantityHundredths: l.quantityHundredths,
      unitPriceTenThousandths: l.unitPriceTenThousandths,
      expenditureType: l.expenditureType,
      recurrence: l.recurrence,
      financialYearLabel: l.financialYearLabel,
      totalPence: l.totalPence,
    })),
    matchFunding: bid.matchFunding,
    outcomes: bid.outcomes,
    risks: bid.risks,
    totalCostPence: bid.totalCostPence,
    matchFundingPence: bid.matchFundingPence,
    requestedPence: bid.requestedPence,
  };
}
export type BidView = ReturnType<typeof bidView>;

/**
 * The bid for its edit and check-your-answers pages (only its own partnership's leads reach them):
 * everything the forms fill in, without who last changed it (an OPCC officer, after a request for
 * changes) or the ids only the server uses.
 */
export function bidForForms(bid: BidDetail) {
  const { cspId: _csp, roundId: _round, roundStatus: _roundStatus, streamName: _stream, updatedAt: _at, updatedByName: _by, submittedAt: _submitted, ...rest } = bid;
  return rest;
}

/** Who last changed the bid, as the viewer may see them named. */
export function lastChangedByFor(viewer: Viewer, bidId: number): string {
  const actor = lastChangedBy(bidId);
  const name = nameFor(readerOf(viewer), actor);
  return name === OPCC_AS_SEEN_BY_PARTNERSHIPS ? "the OPCC" : name;
}

/** Names of the given users, in one query (for the OPCC's history: who was assigned to review). */
function userNames(ids: number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  return new Map(db().select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids)).all().map((u) => [u.id, u.name]));
}

/** A PCC decision as the bid's page shows it: what the decision record says, no more. */
function decisionViews(bid: BidDetail) {
  return decisionsForBid(bid.id).map((d) => {
    const approved = new Map(d.lines.map((l) => [l.costLineId, l.approvedPence]));
    return {
      id: d.id,
      reference: d.reference,
      outcome: d.outcome,
      decidedOn: d.decidedOn,
      decisionMaker: d.decisionMaker,
      reasons: d.reasons,
      conditions: d.conditions,
      correctionReason: d.correctionReason,
      supersedesReference: d.supersedesReference,
      supersededByReference: d.supersededBy?.reference ?? null,
      grantId: d.grantId,
      grantedPence: d.outcome === "rejected" ? null : grantedPence(d.lines, bid.matchFundingPence),
      lines: d.outcome === "rejected" ? [] : bid.costLines.map((l) => ({ id: l.id, description: l.description, askedPence: l.totalPence, approvedPence: approved.get(l.id) ?? 0 })),
    };
  });
}

/** The bid's page, for one viewer. */
export function bidPageFor(viewer: Viewer, bid: BidDetail) {
  const reader = readerOf(viewer);
  const opcc = reader.kind === "opcc";
  const canEdit = hasPermission(viewer, "bid:edit") && isEditable(bid.status);
  // Only OPCC staff comment on bids (review:act), so a partnership sees every author as the OPCC.
  const all = comments(bid.id, { sharedOnly: !opcc });
  const shown = all.map((c) =>
    opcc
      ? { id: c.id, author: c.author, createdAt: c.createdAt, body: c.body, internal: c.visibility !== "shared" }
      : { id: c.id, author: OPCC_AS_SEEN_BY_PARTNERSHIPS, createdAt: c.createdAt, body: c.body, internal: false },
  );
  // The OPCC's message is the latest comment shared with the partnership: requesting changes adds it,
  // and nothing more can be said on the bid until it is submitted again.
  const message = bid.status === "changes_requested" ? all.find((c) => c.visibility === "shared") : undefined;
  // A draft in a round that has closed can still be changed, but not sent: no "Check and submit".
  const round = findRound(bid.roundId)!;
  const now = new Date();
  const roundClosed = canEdit && !maySubmitIn(bid.status, round, now) ? `${closedMessage(round, now) ?? ""} The draft can still be changed or deleted, but not submitted.` : null;
  const rows = bidHistory(bid.id, { partnership: !opcc });
  const names = opcc ? userNames(assignedReviewerIds(rows)) : new Map<number, string>();
  return {
    bid: bidView(bid),
    lastChange: { by: lastChangedByFor(viewer, bid.id), at: bid.updatedAt },
    comments: shown,
    sentBack: message ? { commentId: message.id, message: message.body, at: message.createdAt } : null,
    tasks: canEdit ? sectionTasks(bid, problemsBeforeSubmission(bid), savedSections(bid.id), bid.rules) : null,
    decisions: decisionViews(bid),
    history: historyLines(rows, reader, names),
    canEdit,
    canSubmit: canEdit && hasPermission(viewer, "bid:submit") && !roundClosed,
    roundClosed,
    canWithdraw: hasPermission(viewer, "bid:withdraw") && canTransition(bid.status, "withdraw"),
    // A draft has never been submitted (a bid sent back for changes is not a draft): it can go altogether.
    canDelete: canEdit && bid.status === "draft",
    canReview: hasPermission(viewer, "review:read"),
    canCorrect: hasPermission(viewer, "decision:record") && DECIDED_STATUSES.includes(bid.status),
  };
}
export type BidPage = ReturnType<typeof bidPageFor>;
