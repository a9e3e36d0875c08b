import { sql } from "drizzle-orm";
import { STATUS_LABELS, type BidStatus } from "../domain/bid-lifecycle";
import { describeScore, reviewStanding, type ReviewState } from "../domain/decision-review";
import { describeRecommendation, recommendationFor } from "../domain/meeting-pack";
import { formatPence } from "../domain/money";
import { DEFAULT_RUBRIC, type Rubric } from "../domain/scoring";
import type { MeetingPack, MeetingPackBid, MeetingPackComment } from "../pdf/types";
import { db } from "./db.server";
import { idsIn } from "./id-list.server";
import { decisionGrantedSql, requestedSql } from "./money-sql.server";

/**
 * The decision-meeting pack for a round (decision record 29): every bid the OPCC has in the round
 * (submitted at least once, not withdrawn), by partnership and title, with its moderated score,
 * band and the recommendation that follows, its latest decision if there is one, and the comments
 * the reviewers shared with the partnership. A handful of queries for the whole round (or one part
 * of a large one), whatever its size: the bids, then their reviewers, moderated sheets, decisions
 * and shared comments, each for all of them at once (through each table's bid index).
 *
 * Internal comments are never read: the comment query asks for visibility = 'shared' only.
 */

type JsonText = string | null;

/**
 * A round with more bids than this has its pack in parts, in the pack's order (by partnership,
 * then title): a PCC's meeting reads tens of bids, and a pack of a national round's thousands
 * would take minutes to make and hold the PDF worker all that time (decision record 046).
 */
export const PACK_PART_SIZE = 200;

/** The round's bids the OPCC has: submitted at least once, neither a draft nor withdrawn. */
const bidsInRound = (roundId: number) =>
  sql`select rb.id from bids rb where rb.round_id = ${roundId} and rb.status not in ('draft', 'withdrawn') and rb.submitted_at is not null`;

export interface MeetingPackPart {
  number: number;
  /** Its first and last bids' places in the round's pack, from 1. */
  firstBid: number;
  lastBid: number;
  fromCsp: string;
  toCsp: string;
}

/** The parts of a round's pack, each with the partnerships it starts and ends with; one part for a round of PACK_PART_SIZE bids or fewer. */
export function meetingPackParts(roundId: number, partSize = PACK_PART_SIZE): MeetingPackPart[] {
  const bounds = db().all<{ n: number; cspName: string; total: number }>(sql`
    select n, cspName, total from (
      select row_number() over (order by o.name collate nocase, b.title collate nocase, b.id) as n, count(*) over () as total, o.name as cspName
        from bids b join organisations o on o.id = b.csp_id
       where b.id in (${bidsInRound(roundId)}))
     where (n - 1) % ${partSize} = 0 or n % ${partSize} = 0 or n = total
     order by n`);
  const parts: MeetingPackPart[] = [];
  for (const b of bounds) {
    const number = Math.floor((b.n - 1) / partSize) + 1;
    const part = parts[number - 1];
    if (!part) parts.push({ number, firstBid: b.n, lastBid: b.n, fromCsp: b.cspName, toCsp: b.cspName });
    else Object.assign(part, { lastBid: b.n, toCsp: b.cspName });
  }
  return parts;
}

export function meetingPack(roundId: number, now = new Date(), { part = 1, partSize = PACK_PART_SIZE }: { part?: number; partSize?: number } = {}): MeetingPack | null {
  const round = db().get<{ id: number; name: string; streamName: string; financialYearLabel: string; totalPotPence: number } | undefined>(sql`
    select r.id, r.name, s.name as streamName, fy.label as financialYearLabel, r.total_pot_pence as totalPotPence
      from rounds r join funding_streams s on s.id = r.stream_id join financial_years fy on fy.id = r.financial_year_id
     where r.id = ${roundId}`);
  if (!round) return null;
  const bidCount = db().get<{ n: number }>(sql`select count(*) as n from bids b where b.id in (${bidsInRound(roundId)})`).n;
  const parts = Math.max(1, Math.ceil(bidCount / partSize));
  if (!Number.isInteger(part) || part < 1 || part > parts) return null;

  const bids = db().all<{ id: number; title: string; summary: string; status: BidStatus; fund: "allocation" | "central"; cspName: string; requestedPence: number; submissionNumber: number }>(sql`
    select b.id, b.title, b.summary, b.status, b.fund, o.name as cspName, ${requestedSql(sql`b.id`)} as requestedPence,
           (select coalesce(max(s.number), 0) from bid_submissions s where s.bid_id = b.id) as submissionNumber
      from bids b join organisations o on o.id = b.csp_id
     where b.id in (${bidsInRound(roundId)})
     order by o.name collate nocase, b.title collate nocase, b.id
     limit ${partSize} offset ${(part - 1) * partSize}`);
  // The rest is read for this part's bids only.
  const inRound = idsIn(bids.map((b) => b.id));
  const withdrawnCount = db().get<{ n: number }>(sql`
    select count(*) as n from bids b where b.round_id = ${roundId} and b.status = 'withdrawn' and b.submitted_at is not null`).n;

  const reviewers = db().all<{ bidId: number; reviewerId: number; name: string; isLead: number; conflict: "none" | "declared" | null }>(sql`
    select ra.bid_id as bidId, ra.reviewer_id as reviewerId, u.name, ra.is_lead as isLead, ra.conflict
      from review_assignments ra join users u on u.id = ra.reviewer_id
     where ra.bid_id in ${inRound}
     order by ra.bid_id, ra.is_lead desc, u.name`);
  // The latest submission's sheets only, as the decision rules read a review.
  const sheets = db().all<{ bidId: number; reviewerId: number; kind: "individual" | "moderated"; gates: string; scores: string; rubric: JsonText; createdAt: string }>(sql`
    select rs.bid_id as bidId, rs.reviewer_id as reviewerId, rs.kind, rs.gates, rs.scores, rs.rubric, rs.created_at as createdAt
      from review_scores rs
     where rs.bid_id in ${inRound}
       and rs.submission_number = (select max(s.number) from bid_submissions s where s.bid_id = rs.bid_id)`);
  const decisions = db().all<{ bidId: number; reference: string; decidedOn: string; outcome: "approved" | "part_approved" | "rejected"; grantedPence: number }>(sql`
    select d.bid_id as bidId, d.reference, d.decided_on as decidedOn, d.outcome, ${decisionGrantedSql(sql`d.id`, sql`d.bid_id`)} as grantedPence
      from decisions d
     where d.id in (select max(x.id) from decisions x where x.bid_id in ${inRound} group by x.bid_id)`);
  const comments = db().all<MeetingPackComment & { bidId: number }>(sql`
    select c.bid_id as bidId, u.name as author, c.created_at as createdAt, c.body
      from review_comments c join users u on u.id = c.author_id
     where c.bid_id in ${inRound} and c.visibility = 'shared'
     order by c.bid_id, c.id`);

  const group = <T extends { bidId: number }>(rows: T[]) => {
    const by = new Map<number, T[]>();
    for (const row of rows) by.set(row.bidId, [...(by.get(row.bidId) ?? []), row]);
    return by;
  };
  const reviewersOf = group(reviewers);
  const sheetsOf = group(sheets);
  const commentsOf = group(comments);
  const decisionOf = new Map(decisions.map((d) => [d.bidId, d]));

  const packBids: MeetingPackBid[] = bids.map((bid) => {
    const state: ReviewState = {
      submissionNumber: bid.submissionNumber,
      reviewers: (reviewersOf.get(bid.id) ?? []).map((r) => ({ reviewerId: r.reviewerId, name: r.name, isLead: r.isLead === 1, conflict: r.conflict })),
      sheets: (sheetsOf.get(bid.id) ?? []).map((s) => ({
        reviewerId: s.reviewerId,
        kind: s.kind,
        gates: JSON.parse(s.gates) as Record<string, boolean>,
        scores: JSON.parse(s.scores) as Record<string, number>,
        rubric: s.rubric ? (JSON.parse(s.rubric) as Rubric) : DEFAULT_RUBRIC,
        createdAt: s.createdAt,
      })),
    };
    const standing = reviewStanding(state);
    const moderated = standing.kind === "moderated" ? standing.summary : null;
    const leadSheet = moderated ? state.sheets.find((s) => s.kind === "moderated" && state.reviewers.some((r) => r.isLead && r.reviewerId === s.reviewerId)) : undefined;
    const recommendation = recommendationFor(moderated ? { key: moderated.bandKey } : null, leadSheet?.rubric.bands ?? [], bid.requestedPence);
    const decision = decisionOf.get(bid.id);
    return {
      id: bid.id,
      title: bid.title,
      summary: bid.summary,
      cspName: bid.cspName,
      fundLabel: bid.fund === "central" ? "Central fund" : "Allocation",
      statusLabel: STATUS_LABELS[bid.status],
      requestedPence: bid.requestedPence,
      score: moderated ? describeScore(moderated) : null,
      bandLabel: moderated?.bandLabel ?? null,
      moderatedBy: moderated?.moderatedBy ?? null,
      notModeratedBecause: standing.kind === "missing" ? standing.missing : null,
      recommendedPence: recommendation.amountPence,
      recommendation: describeRecommendation(recommendation, formatPence),
      decision: decision
        ? {
            reference: decision.reference,
            decidedOn: decision.decidedOn,
            outcomeLabel: decision.outcome === "rejected" ? "Not approved" : STATUS_LABELS[decision.outcome],
            grantedPence: decision.outcome === "rejected" ? null : decision.grantedPence,
          }
        : null,
      sharedComments: (commentsOf.get(bid.id) ?? []).map(({ author, createdAt, body }) => ({ author, createdAt, body })),
    };
  });

  return {
    roundId: round.id,
    roundName: round.name,
    streamName: round.streamName,
    financialYearLabel: round.financialYearLabel,
    totalPotPence: round.totalPotPence,
    preparedOn: now.toISOString().slice(0, 10),
    bids: packBids,
    part: { number: part, of: parts, firstBid: (part - 1) * partSize + 1, bidsInRound: bidCount },
    withdrawnCount,
  };
}
