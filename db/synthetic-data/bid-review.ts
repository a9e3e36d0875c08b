import type Database from "better-sqlite3";
import type { DecisionReviewSummary } from "../schema/decisions";
import { DEFAULT_RUBRIC, scoreBid } from "../../app/domain/scoring";

type Sqlite = Database.Database;

/**
 * The bids' side of the life-cycle at national scale, after db/synthetic.ts has decided the
 * approved half (addGrantsAndReturns): what the PCC did with the other bids submitted long enough
 * ago to be decided (seven in ten rejected with a decision, the rest withdrawn by the partnership
 * before it), where the bids still waiting stand (taken into review, sent back for changes, or just
 * submitted), every submission's snapshot (one bid in nine decided was sent back once and
 * resubmitted), the reviewers' assignments, score sheets and comments, the moderated score each
 * decision followed, the bids' risks, and the audit trail the portal writes for all of it.
 * Deterministic: chosen by id, no random draws, so the rows made before are the same as ever.
 */
export function addSyntheticBidLifecycle(sqlite: Sqlite, o: { reviewers: number[]; admin: number; today: string }) {
  const { today } = o;
  // The PCC decides about 40 days after a bid is submitted (as addGrantsAndReturns does). A bid's year
  // follows id % 10, so the choices here go by id / 20, to fall alike in every year.
  sqlite
    .prepare(
      `update bids set status = case when (id / 20) % 10 < 7 then 'rejected' else 'withdrawn' end, version = version + 1,
              updated_at = date(submitted_at, case when (id / 20) % 10 < 7 then '+40 days' else '+20 days' end) || 'T15:00:00.000Z'
        where status = 'submitted' and (id / 10) % 2 = 1 and date(submitted_at, '+40 days') <= @today`,
    )
    .run({ today });
  // Those still waiting: four in ten taken into review, one in ten sent back for changes.
  sqlite.exec(`
    update bids set status = case when (id / 20) % 10 < 4 then 'under_review' else 'changes_requested' end, version = version + 1
     where status = 'submitted' and (id / 20) % 10 < 5`);

  addRejections(sqlite, o.admin, today);
  addBidSubmissions(sqlite, today);
  addBidRisks(sqlite);
  addReviews(sqlite, o.reviewers, today);
  addBidAudit(sqlite);
}

/** A decision (numbered on in each year's sequence) for every rejected bid, recorded when the bid moved. */
function addRejections(sqlite: Sqlite, admin: number, today: string) {
  sqlite
    .prepare(
      `insert into decisions (reference, financial_year_id, sequence, bid_id, outcome, decided_on, decision_maker, lead_officer, reasons, conditions,
                              declaration_of_interests, publishable, recorded_by, recorded_at, without_review_reason)
       select printf('SYN/%s/%05d', x.label, x.sequence), x.fy, x.sequence, x.id, 'rejected', x.decided_on, 'Synthetic PCC', 'Synthetic Officer',
              case x.id % 3 when 0 then 'The bid does not show enough evidence of need in the area.'
                             when 1 then 'The costs are high for the outcomes proposed; the partnership may bid again next year.'
                             else 'Other bids met the Police and Crime Plan''s priorities more closely.' end,
              '[]', 'None', 1, @admin, x.decided_on || 'T15:00:00.000Z', 'Synthetic data'
         from (select b.id, r.financial_year_id as fy, fy.label, substr(b.updated_at, 1, 10) as decided_on,
                      coalesce((select s.last_number from decision_sequences s where s.financial_year_id = r.financial_year_id), 0)
                        + row_number() over (partition by r.financial_year_id order by b.updated_at, b.id) as sequence
                 from bids b join rounds r on r.id = b.round_id join financial_years fy on fy.id = r.financial_year_id
                where b.status = 'rejected' and substr(b.updated_at, 1, 10) <= @today) x
        order by x.fy, x.sequence`,
    )
    .run({ admin, today });
  sqlite.exec(`
    insert into decision_sequences (financial_year_id, last_number)
    select financial_year_id, max(sequence) from decisions where true group by financial_year_id
    on conflict (financial_year_id) do update set last_number = excluded.last_number`);
}

/**
 * Every submission of every bid ever submitted, as the portal freezes it (snapshotOf): the bid's
 * text, dates, priorities, milestones, lines, match funding, outcomes, risks and totals. One decided
 * bid in nine was sent back for changes three weeks before its last submission, so has two.
 */
function addBidSubmissions(sqlite: Sqlite, today: string) {
  sqlite
    .prepare(
      `insert into bid_submissions (bid_id, number, submitted_at, submitted_by, snapshot)
       select s.id, s.number, s.at, s.created_by,
              json_object('title', s.title, 'summary', s.summary, 'need', s.need, 'activities', s.activities, 'deliveryPartners', s.delivery_partners,
                          'locations', s.locations, 'startDate', s.start_date, 'endDate', s.end_date,
                          'priorities', (select json_group_array(p.name) from bid_priorities bp join priorities p on p.id = bp.priority_id where bp.bid_id = s.id),
                          'milestones', (select json_group_array(json_object('when', fy.label || ' Q' || m.quarter, 'description', m.description))
                                           from bid_milestones m join financial_years fy on fy.id = m.financial_year_id where m.bid_id = s.id),
                          'costLines', (select json_group_array(json_object('description', l.description, 'quantityHundredths', l.quantity_hundredths,
                                                   'unitPriceTenThousandths', l.unit_price_ten_thousandths, 'expenditureType', l.expenditure_type, 'recurrence', l.recurrence, 'financialYearLabel', fy.label))
                                          from bid_cost_lines l join financial_years fy on fy.id = l.financial_year_id where l.bid_id = s.id),
                          'matchFunding', (select json_group_array(json_object('source', m.source, 'kind', m.kind, 'amountPence', m.amount_pence)) from bid_match_funding m where m.bid_id = s.id),
                          'outcomes', (select json_group_array(json_object('measure', o.measure, 'unit', o.unit, 'baseline', o.baseline, 'target', o.target, 'targetDate', o.target_date))
                                         from bid_outcomes o where o.bid_id = s.id),
                          'risks', json('[]'),
                          'holdsPersonalData', json(case when s.holds_personal_data is null then 'null' when s.holds_personal_data then 'true' else 'false' end),
                          'dpiaCompleted', json(case when s.dpia_completed is null then 'null' when s.dpia_completed then 'true' else 'false' end),
                          'equalityImpact', s.equality_impact,
                          'totalCostPence', s.total, 'matchFundingPence', s.match, 'requestedPence', max(0, s.total - s.match))
         from (select b.*, n.number,
                      case when n.number = 1 and b.id % 9 = 4 and b.status in ('approved', 'part_approved', 'rejected')
                           then strftime('%Y-%m-%dT%H:%M:%fZ', b.submitted_at, '-21 days') else b.submitted_at end as at,
                      (select coalesce(sum((l.quantity_hundredths * l.unit_price_ten_thousandths + 5000) / 10000), 0) from bid_cost_lines l where l.bid_id = b.id) as total,
                      (select coalesce(sum(m.amount_pence), 0) from bid_match_funding m where m.bid_id = b.id) as match
                 from bids b join (select 1 as number union all select 2) n
                   on n.number = 1 or (b.id % 9 = 4 and b.status in ('approved', 'part_approved', 'rejected'))
                where b.submitted_at is not null and b.submitted_at <= @today) s
        order by s.at, s.id`,
    )
    .run({ today: `${today}T23:59:59.999Z` });
}

const RISKS = [
  ["The supplier cannot deliver on time", "Two quotes kept; the second supplier can step in."],
  ["Young people do not take part", "Sessions planned with the youth service and schools; times moved to suit."],
  ["Staff leave the project", "Cover agreed with the partner charity; handover notes kept."],
  ["Costs rise above the quote", "Contingency held by the council; scope reduced if needed."],
  ["The equipment is vandalised", "Installed out of reach and covered by the council's insurance."],
];

/** Two risks a bid (three for one in three), on the councils' 6 × 4 matrix, set-based. */
function addBidRisks(sqlite: Sqlite) {
  const cases = (k: 0 | 1) => RISKS.map((r, i) => `when ${i} then '${r[k].replaceAll("'", "''")}'`).join(" ");
  sqlite.exec(`
    insert into bid_risks (bid_id, position, description, likelihood, impact, mitigation)
    select b.id, n.n - 1, case (b.id + n.n) % ${RISKS.length} ${cases(0)} end, 1 + (b.id * 3 + n.n) % 6, 1 + (b.id + n.n * 5) % 4, case (b.id + n.n) % ${RISKS.length} ${cases(1)} end
      from bids b join (select 1 as n union all select 2 union all select 3) n on n.n <= 2 + (b.id % 3 = 0)`);
}

const CRITERIA = DEFAULT_RUBRIC.criteria.map((c) => c.key);
const GATES = DEFAULT_RUBRIC.gates.map((g) => g.key);
const JUSTIFY: Record<number, string> = {
  5: "Strong, well evidenced.",
  4: "Good; a few points could be firmer.",
  3: "Adequate.",
  2: "Weak: little evidence given.",
  1: "Very weak.",
  0: "Not addressed.",
};
const INTERNAL_COMMENTS = [
  "Checked the costs against last year's similar projects: in line.",
  "The council's finance officer confirmed the match funding by e-mail.",
  "Overlaps with the county's youth offer; worth asking how they work together.",
  "Lead reviewer's note: moderated after the panel discussion.",
];
const SHARED_COMMENTS = [
  "Please give a breakdown of the outreach worker's costs and say how many sessions they will run.",
  "Please add the evidence of need for the area (recorded crime or survey figures).",
  "Please confirm the council's match funding and its source.",
];

/**
 * Reviewers for every bid taken into review or decided: two from the OPCC's reviewers, one the
 * lead; each says they have no conflict a day later (one second reviewer in forty-one declares one);
 * each one free of conflict scores the latest submission and the lead moderates, in the band the
 * PCC's decision followed (recommend for approved, refer for part-approved, do not recommend for
 * rejected). Bids still under review have some sheets, none moderated. Comments: an internal note
 * on a third of the decided bids, a shared change request on every bid sent back. The decisions keep
 * the moderated score they followed.
 */
function addReviews(sqlite: Sqlite, reviewers: number[], today: string) {
  const rows = sqlite
    .prepare(
      `select b.id, b.csp_id as cspId, b.status, b.submitted_at as submittedAt, (select max(number) from bid_submissions s where s.bid_id = b.id) as submission,
              (select min(submitted_at) from bid_submissions s where s.bid_id = b.id) as firstSubmittedAt,
              (select d.id from decisions d where d.bid_id = b.id and +d.supersedes_id is null) as decisionId,
              (select d.decided_on from decisions d where d.bid_id = b.id and +d.supersedes_id is null) as decidedOn
         from bids b where b.status in ('under_review', 'changes_requested', 'approved', 'part_approved', 'rejected') and b.submitted_at is not null order by b.id`,
    )
    .all() as { id: number; cspId: number; status: string; submittedAt: string; submission: number; firstSubmittedAt: string; decisionId: number | null; decidedOn: string | null }[];
  const names = new Map(
    (sqlite.prepare(`select id, name from users where id in (${reviewers.join(",")})`).all() as { id: number; name: string }[]).map((u) => [u.id, u.name]),
  );
  const assign = sqlite.prepare(
    "insert into review_assignments (bid_id, reviewer_id, is_lead, assigned_by, assigned_at, conflict, conflict_details, conflict_answered_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const score = sqlite.prepare(
    "insert into review_scores (bid_id, submission_number, reviewer_id, kind, gates, scores, justifications, rubric, created_at) values (?, ?, ?, ?, ?, ?, ?, null, ?)",
  );
  const comment = sqlite.prepare("insert into review_comments (bid_id, author_id, visibility, body, created_at) values (?, ?, ?, ?, ?)");
  const followed = sqlite.prepare("update decisions set review = ?, without_review_reason = null where id = ?");
  const todayEnd = Date.parse(`${today}T23:59:59.999Z`);
  const at = (from: string, days: number, hour: number) => {
    const ms = Date.parse(`${from.slice(0, 10)}T00:00:00.000Z`) + days * 86_400_000 + hour * 3_600_000;
    return new Date(Math.min(ms, todayEnd - 3_600_000)).toISOString();
  };
  const base = { approved: 4, part_approved: 3, rejected: 2 } as Record<string, number>;
  const n = reviewers.length;
  for (const b of rows) {
    const lead = reviewers[b.id % n];
    const second = reviewers[(b.id + 1 + (Math.floor(b.id / n) % (n - 1))) % n];
    const decided = b.decisionId !== null;
    const assignedAt = at(b.firstSubmittedAt, 3, 9);
    const answered = decided || b.status === "changes_requested" || b.id % 3 !== 0;
    const secondConflicted = b.id % 41 === 7;
    assign.run(b.id, lead, 1, reviewers[0] === lead ? second : reviewers[0], assignedAt, answered ? "none" : null, "", answered ? at(b.firstSubmittedAt, 4, 10) : null);
    assign.run(
      b.id, second, 0, reviewers[0] === lead ? second : reviewers[0], assignedAt,
      answered ? (secondConflicted ? "declared" : "none") : null, secondConflicted ? "A family member volunteers with the delivery partner." : "", answered ? at(b.firstSubmittedAt, 4, 14) : null,
    );
    if (b.status === "changes_requested" || b.id % 9 === 4) {
      comment.run(b.id, lead, "shared", SHARED_COMMENTS[b.id % SHARED_COMMENTS.length], b.status === "changes_requested" ? at(b.submittedAt, 10, 11) : at(b.firstSubmittedAt, 10, 11));
    }
    if (!answered) continue;
    // The sheets for the latest submission; for a bid still under review only some are in.
    const level = decided ? base[b.status === "part_approved" ? "part_approved" : b.status] ?? 4 : 3;
    const sheetFor = (who: number, shift: number) => {
      const scores = Object.fromEntries(CRITERIA.map((c, k) => [c, Math.max(0, Math.min(5, level + (((b.id + k + shift) % 5 === 0 ? 1 : 0) - ((b.id + k * 2 + shift) % 7 === 0 ? 1 : 0))))]));
      const gates = Object.fromEntries(GATES.map((g) => [g, !(b.status === "rejected" && g === "governance" && b.id % 7 === 0)]));
      const justifications = Object.fromEntries(CRITERIA.map((c) => [c, JUSTIFY[scores[c]]]));
      return { who, scores, gates, justifications };
    };
    if (b.status === "changes_requested") continue;
    const sheets = [sheetFor(lead, 0), ...(secondConflicted ? [] : [sheetFor(second, 2)])];
    const scoredAt = (k: number) => at(b.submittedAt, 8 + k * 2, 15);
    sheets.forEach((s, k) => {
      if (!decided && (b.id + k) % 2 === 0) return;
      score.run(b.id, b.submission, s.who, "individual", JSON.stringify(s.gates), JSON.stringify(s.scores), JSON.stringify(s.justifications), scoredAt(k));
    });
    if (!decided) continue;
    // The moderated sheet: the lead's own, which the band of the decision follows.
    const moderated = sheets[0];
    score.run(b.id, b.submission, lead, "moderated", JSON.stringify(moderated.gates), JSON.stringify(moderated.scores), JSON.stringify(moderated.justifications), at(b.submittedAt, 14, 16));
    const result = scoreBid(DEFAULT_RUBRIC, { gates: moderated.gates, scores: moderated.scores });
    const summary: DecisionReviewSummary = {
      submissionNumber: b.submission,
      moderatedBy: names.get(lead) ?? "Synthetic Reviewer",
      total: result.kind === "scored" ? result.total : null,
      failedGates: result.kind === "failed-gate" ? result.failed : [],
      bandKey: result.band.key,
      bandLabel: result.band.label,
    };
    followed.run(JSON.stringify(summary), b.decisionId);
    if (b.id % 3 === 0) comment.run(b.id, lead, "internal", INTERNAL_COMMENTS[b.id % INTERNAL_COMMENTS.length], at(b.submittedAt, 12, 10));
  }
}

/**
 * The bids' audit trail as the portal writes it (moveBid, the review and decision modules): created,
 * submitted (each submission), taken into review, sent back, withdrawn, decided; reviewers assigned,
 * conflicts answered, sheets scored and moderated, comments; decisions recorded with their grants.
 */
function addBidAudit(sqlite: Sqlite) {
  sqlite.exec(`
    insert into audit_log (at, user_id, action, entity_type, entity_id, bid_id, csp_id, before, after)
    select at, user_id, action, entity_type, entity_id, bid_id, csp_id, before, after from (
      select b.created_at as at, b.created_by as user_id, 'bid.created' as action, 'bid' as entity_type, b.id as entity_id, b.id as bid_id, b.csp_id,
             null as before, json_object('title', b.title, 'roundId', b.round_id) as after
        from bids b
      union all
      select s.submitted_at, s.submitted_by, 'bid.submitted', 'bid', b.id, b.id, b.csp_id,
             json_object('status', case when s.number = 1 then 'draft' else 'changes_requested' end),
             json_object('status', 'submitted', 'requestedPence', json_extract(s.snapshot, '$.requestedPence'), 'totalCostPence', json_extract(s.snapshot, '$.totalCostPence'),
                         'matchFundingPence', json_extract(s.snapshot, '$.matchFundingPence'), 'submission', s.number)
        from bid_submissions s join bids b on b.id = s.bid_id
      union all
      select a.assigned_at, a.assigned_by, 'review.assigned', 'bid', a.bid_id, a.bid_id, b.csp_id, null, json_object('reviewerId', a.reviewer_id, 'isLead', json(case when a.is_lead then 'true' else 'false' end))
        from review_assignments a join bids b on b.id = a.bid_id
      union all
      select strftime('%Y-%m-%dT%H:%M:%fZ', a.assigned_at, '+1 hour'), a.assigned_by, 'bid.review_started', 'bid', a.bid_id, a.bid_id, b.csp_id, json_object('status', 'submitted'), json_object('status', 'under_review')
        from review_assignments a join bids b on b.id = a.bid_id where a.is_lead and b.status <> 'changes_requested'
      union all
      select a.conflict_answered_at, a.reviewer_id, 'review.conflict_answered', 'bid', a.bid_id, a.bid_id, b.csp_id,
             json_object('conflict', null, 'details', ''), json_object('conflict', a.conflict, 'details', a.conflict_details)
        from review_assignments a join bids b on b.id = a.bid_id where a.conflict_answered_at is not null
      union all
      select s.created_at, s.reviewer_id, case s.kind when 'moderated' then 'review.moderated' else 'review.scored' end, 'bid', s.bid_id, s.bid_id, b.csp_id, null,
             json_object('submission', s.submission_number, 'gates', json(s.gates), 'scores', json(s.scores), 'justifications', json(s.justifications))
        from review_scores s join bids b on b.id = s.bid_id
      union all
      select c.created_at, c.author_id, 'review.commented', 'bid', c.bid_id, c.bid_id, b.csp_id, null, json_object('commentId', c.id, 'visibility', c.visibility, 'body', c.body)
        from review_comments c join bids b on b.id = c.bid_id
      union all
      select strftime('%Y-%m-%dT%H:%M:%fZ', c.created_at, '+5 minutes'), c.author_id, 'bid.changes_requested', 'bid', c.bid_id, c.bid_id, b.csp_id,
             json_object('status', case when b.status = 'changes_requested' then 'submitted' else 'under_review' end), json_object('status', 'changes_requested')
        from review_comments c join bids b on b.id = c.bid_id where c.visibility = 'shared'
      union all
      select b.updated_at, b.created_by, 'bid.withdrawn', 'bid', b.id, b.id, b.csp_id, json_object('status', case when b.submitted_at is null then 'draft' else 'submitted' end), json_object('status', 'withdrawn')
        from bids b where b.status = 'withdrawn'
      union all
      select d.recorded_at, d.recorded_by, 'decision.recorded', 'decision', d.id, d.bid_id, b.csp_id, null,
             json_object('reference', d.reference, 'outcome', d.outcome, 'grantedPence', coalesce((select sum(dl.approved_pence) from decision_lines dl where dl.decision_id = d.id), 0),
                         'grantId', (select g.id from grants g where g.decision_id = d.id), 'review', json(d.review))
        from decisions d join bids b on b.id = d.bid_id where d.supersedes_id is null
      union all
      select d.recorded_at, d.recorded_by, case d.outcome when 'approved' then 'bid.approved' when 'part_approved' then 'bid.part_approved' else 'bid.rejected' end, 'bid', d.bid_id, d.bid_id, b.csp_id,
             json_object('status', 'under_review'), json_object('status', d.outcome)
        from decisions d join bids b on b.id = d.bid_id where d.supersedes_id is null
      union all
      select g.created_at, d.recorded_by, 'grant.created', 'grant', g.id, g.bid_id, g.csp_id, null, json_object('id', g.id, 'decisionId', g.decision_id, 'offerStatus', 'offered', 'acceptBy', g.accept_by)
        from grants g join decisions d on d.id = g.decision_id
    ) order by at`);
}
