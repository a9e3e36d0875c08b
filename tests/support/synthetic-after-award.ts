import type Database from "better-sqlite3";

/**
 * Everything after the award for db/synthetic.ts's national database, in bulk SQL (deterministic:
 * chosen by id), for the scale test to run the reconciliation and the dashboards on while
 * db/synthetic.ts does not make these rows itself. When it does (the engineers building offers,
 * returns and payments add their tables to it), the scale test uses those and this goes.
 *
 * Half the submitted bids are approved (chosen by id / 10: the synthetic bids' years follow id % 10) (one in five of those part-approved: each line at 80%),
 * with a decision, its lines, a grant (one in twenty offers left unanswered, one in twenty
 * declined), four quarterly instalments, and for accepted offers four returns whose states follow
 * `today`: quarters long past are mostly accepted (some submitted, queried, resubmitted, or never
 * submitted: overdue), the current one in progress, later ones not started. Every return past in
 * progress has its actuals (around the profile, some lines overspent) and forecasts for the
 * year's remaining quarters; instalments due by `today` are mostly paid.
 */
export function addAfterAwardRows(sqlite: Database.Database, { today }: { today: string }) {
  const userId = (sqlite.prepare("select id from users order by id limit 1").get() as { id: number }).id;
  const lineTotal = "((l.quantity_hundredths * l.unit_price_ten_thousandths + 5000) / 10000)";
  sqlite.transaction(() => {
    sqlite.exec(`
      insert into decisions (reference, financial_year_id, sequence, bid_id, outcome, decided_on, decision_maker, lead_officer, reasons, conditions,
                             declaration_of_interests, publishable, recorded_by, recorded_at, without_review_reason)
      select 'SYN/' || b.id, r.financial_year_id, b.id, b.id, case when (b.id / 10) % 10 = 0 then 'part_approved' else 'approved' end,
             date(fy.starts_on, '+45 days'), 'Synthetic PCC', 'Synthetic officer', 'Meets the plan', '[]', 'None', 1, ${userId},
             date(fy.starts_on, '+45 days') || 'T10:00:00.000Z', 'Synthetic'
        from bids b join rounds r on r.id = b.round_id join financial_years fy on fy.id = r.financial_year_id
       where b.status = 'submitted' and (b.id / 10) % 2 = 0;
      update bids set status = (select d.outcome from decisions d where d.bid_id = bids.id) where id in (select bid_id from decisions);
      insert into decision_lines (decision_id, cost_line_id, approved_pence)
      select d.id, l.id, case when d.outcome = 'part_approved' then ${lineTotal} * 8 / 10 else ${lineTotal} end
        from decisions d join bid_cost_lines l on l.bid_id = d.bid_id;
      insert into grants (decision_id, bid_id, csp_id, payment_basis, created_at, offer_status, accept_by, version)
      select d.id, d.bid_id, b.csp_id, 'quarterly_arrears', d.recorded_at,
             case (d.bid_id / 10) % 40 when 2 then 'offered' when 4 then 'declined' else 'accepted' end, date(d.decided_on, '+28 days'), 1
        from decisions d join bids b on b.id = d.bid_id;
      insert into grant_payments (grant_id, due_on, label, amount_pence)
      select g.id, date(fy.starts_on, '+' || (q.n * 3) || ' months'), fy.label || ' Q' || q.n,
             max(0, (select sum(dl.approved_pence) from decision_lines dl where dl.decision_id = g.decision_id)
                    - coalesce((select sum(m.amount_pence) from bid_match_funding m where m.bid_id = g.bid_id), 0)) / 4
        from grants g join bids b on b.id = g.bid_id join rounds r on r.id = b.round_id join financial_years fy on fy.id = r.financial_year_id
        join (select 1 as n union all select 2 union all select 3 union all select 4) q
       where g.offer_status <> 'declined';
    `);
    // Returns, in a state that follows the clock.
    sqlite.prepare(`
      insert into grant_returns (grant_id, start_year, quarter, period_start, period_end, due_on, status, version, first_submitted_at, submitted_at, accepted_at, updated_at,
                                 went_well, did_not_go_well, next_steps)
      select g.id, cast(substr(fy.starts_on, 1, 4) as integer), q.n,
             date(fy.starts_on, '+' || ((q.n - 1) * 3) || ' months'), date(fy.starts_on, '+' || (q.n * 3) || ' months', '-1 day'),
             date(fy.starts_on, '+' || (q.n * 3) || ' months', '+29 days'),
             case
               when date(fy.starts_on, '+' || (q.n * 3) || ' months', '+29 days') < @today then
                 case (g.id + q.n) % 25 when 0 then 'not_started' when 1 then 'submitted' when 2 then 'queried' when 3 then 'resubmitted' else 'accepted' end
               when date(fy.starts_on, '+' || ((q.n - 1) * 3) || ' months') <= @today then 'in_progress'
               else 'not_started' end,
             2, null, null, null, fy.starts_on || 'T00:00:00.000Z',
             'Partners attended and the work started on time.', 'Recruitment took longer than planned.', 'Finish the installation next quarter.'
        from grants g join bids b on b.id = g.bid_id join rounds r on r.id = b.round_id join financial_years fy on fy.id = r.financial_year_id
        join (select 1 as n union all select 2 union all select 3 union all select 4) q
       where g.offer_status = 'accepted'`).run({ today });
    sqlite.exec(`
      update grant_returns set first_submitted_at = due_on || 'T09:00:00.000Z', submitted_at = due_on || 'T09:00:00.000Z',
             accepted_at = case when status = 'accepted' then due_on || 'T15:00:00.000Z' end
       where status in ('submitted', 'queried', 'resubmitted', 'accepted');
      insert into return_lines (return_id, cost_line_id, actual_pence, variance_explanation)
      select gr.id, dl.cost_line_id, dl.approved_pence / 4 * (7 + (gr.id + dl.cost_line_id) % 7) / 10, 'Invoices arrived later than planned.'
        from grant_returns gr join grants g on g.id = gr.grant_id join decision_lines dl on dl.decision_id = g.decision_id
       where gr.status <> 'not_started';
      insert into return_forecasts (return_id, cost_line_id, start_year, quarter, amount_pence)
      select gr.id, dl.cost_line_id, gr.start_year, q.n, dl.approved_pence / 4
        from grant_returns gr join grants g on g.id = gr.grant_id join decision_lines dl on dl.decision_id = g.decision_id
        join (select 1 as n union all select 2 union all select 3 union all select 4) q on q.n > gr.quarter
       where gr.status in ('submitted', 'queried', 'resubmitted', 'accepted');
    `);
    sqlite.prepare(`
      insert into payments (grant_id, instalment_id, paid_on, amount_pence, finance_reference, recorded_by, recorded_at)
      select ip.grant_id, ip.id, date(ip.due_on, '+5 days'), ip.amount_pence, 'SYN-' || ip.id, ${userId}, date(ip.due_on, '+5 days') || 'T12:00:00.000Z'
        from grant_payments ip join grants g on g.id = ip.grant_id
       where g.offer_status = 'accepted' and ip.due_on < @today and ip.amount_pence > 0 and ip.id % 6 <> 0`).run({ today });
  })();
  sqlite.pragma("optimize");
}
