import type Database from "better-sqlite3";
import { formatPence } from "../../app/domain/money";
import { DAY, isoDay, msOf, type People } from "./shared";

type Sqlite = Database.Database;

/**
 * Payments, hold releases, reminders and the reminder job's last run for the grants and returns
 * already in the database, set-based (a few statements, whatever the number of rows) and
 * deterministic (chosen by id): about eight in ten instalments of accepted grants that fell due
 * more than a fortnight ago paid in full a few days after they fell due; one in twenty of the rest
 * released from its hold; the overdue reminder recorded as sent for every return overdue and never
 * submitted, and the due-soon one for three in four returns now past due. With no grants it adds
 * only the reminder job's row.
 */
export function addSyntheticPayments(sqlite: Sqlite, userId: number, today: Date) {
  const day = today.toISOString().slice(0, 10);
  const at = today.toISOString();
  // Paid a few days after it fell due, and never before the offer was accepted.
  sqlite
    .prepare(
      `insert into payments (grant_id, instalment_id, paid_on, amount_pence, finance_reference, recorded_by, recorded_at)
       select grant_id, id, paid_on, amount_pence, 'SYN-AP-' || id, @user, paid_on || 'T10:30:00.000Z'
         from (select gp.grant_id, gp.id, gp.amount_pence,
                      max(date(gp.due_on, '+' || (2 + gp.id % 10) || ' days'), date(g.responded_at, '+' || (2 + gp.id % 5) || ' days')) as paid_on
                 from grant_payments gp join grants g on g.id = gp.grant_id
                where g.offer_status = 'accepted' and g.withdrawn_at is null and gp.amount_pence > 0
                  and date(gp.due_on, '+14 days') <= @day and gp.id % 10 < 8)
        where paid_on <= @day`,
    )
    .run({ user: userId, day });
  sqlite
    .prepare(
      `insert into payment_hold_releases (instalment_id, reason, released_by, released_at)
       select gp.id, 'Synthetic release: the partnership explained the late return.', ?, date(gp.due_on, '+5 days') || 'T09:00:00.000Z'
         from grant_payments gp join grants g on g.id = gp.grant_id
        where g.offer_status = 'accepted' and g.withdrawn_at is null and gp.id % 10 >= 8 and gp.id % 20 = 9 and gp.due_on <= ?`,
    )
    .run(userId, day);
  const reminder = sqlite.prepare(
    `insert or ignore into return_reminders (return_id, kind, sent_at)
     select r.id, ?, date(r.due_on, ?) || 'T08:00:00.000Z' from grant_returns r join grants g on g.id = r.grant_id
      where g.offer_status = 'accepted' and g.withdrawn_at is null and r.due_on < ? and (? = 'overdue' and r.first_submitted_at is null or ? = 'due_soon' and r.id % 4 <> 0)`,
  );
  reminder.run("due_soon", "-7 days", day, "due_soon", "due_soon");
  reminder.run("overdue", "+1 days", day, "overdue", "overdue");
  sqlite.prepare("insert or replace into job_runs (name, last_started_at, last_finished_at, last_error) values ('return-reminders', ?, ?, null)").run(at, at);
}

/**
 * A handful of grants corrected after they were paid (about one in a thousand accepted grants of
 * years more than a year before `today`, fully or mostly paid): a correcting decision approving
 * each line at 70%, which supersedes the grant's decision; the grant moved to it, its unpaid
 * instalments dropped (what was paid is kept, as keepPaidInstalments does); and, since more was
 * paid than it now grants, the amount to recover (as raiseRecovery words it). Returns how many.
 */
export function addSyntheticRecoveries(sqlite: Sqlite, userId: number, today: string): number {
  const candidates = sqlite
    .prepare(
      `select g.id, g.bid_id as bidId, g.decision_id as decisionId, d.financial_year_id as fy, fy.label, d.decided_on as decidedOn,
              (select coalesce(sum(m.amount_pence), 0) from bid_match_funding m where m.bid_id = g.bid_id) as matchPence,
              (select coalesce(sum(p.amount_pence), 0) from payments p where p.grant_id = g.id) as paidPence,
              (select max(p.paid_on) from payments p where p.grant_id = g.id) as lastPaidOn
         from grants g join decisions d on d.id = g.decision_id join financial_years fy on fy.id = d.financial_year_id
        where g.offer_status = 'accepted' and g.withdrawn_at is null and d.decided_on < date(@today, '-1 year') and g.id % 997 = 13
        order by g.id`,
    )
    .all({ today }) as { id: number; bidId: number; decisionId: number; fy: number; label: string; decidedOn: string; matchPence: number; paidPence: number; lastPaidOn: string | null }[];
  const linesOf = sqlite.prepare("select cost_line_id as costLineId, approved_pence as approvedPence from decision_lines where decision_id = ?");
  const nextNumber = sqlite.prepare(
    "insert into decision_sequences (financial_year_id, last_number) values (?, 1) on conflict (financial_year_id) do update set last_number = last_number + 1 returning last_number as n",
  );
  const decision = sqlite.prepare(
    `insert into decisions (reference, financial_year_id, sequence, bid_id, outcome, decided_on, decision_maker, lead_officer, reasons, conditions, declaration_of_interests, publishable,
                            supersedes_id, correction_reason, recorded_by, recorded_at, without_review_reason)
     values (?, ?, ?, ?, 'part_approved', ?, 'Synthetic PCC', 'Synthetic Officer', 'Meets the plan at a smaller scale.', '[]', 'None', 1, ?, ?, ?, ?, 'Synthetic data')`,
  );
  const decisionLine = sqlite.prepare("insert into decision_lines (decision_id, cost_line_id, approved_pence) values (?, ?, ?)");
  const recovery = sqlite.prepare(`insert into grant_recoveries (grant_id, decision_id, financial_year_id, amount_pence, reason, status, created_at)
     values (@grant, @decision, (select r.financial_year_id from grants g join bids b on b.id = g.bid_id join rounds r on r.id = b.round_id where g.id = @grant), @amount, @reason, 'raised', @at)`);
  let made = 0;
  for (const c of candidates) {
    const lines = linesOf.all(c.decisionId) as { costLineId: number; approvedPence: number }[];
    const reduced = lines.map((l) => ({ ...l, approvedPence: Math.round(l.approvedPence * 0.7) }));
    const granted = Math.max(0, reduced.reduce((n, l) => n + l.approvedPence, 0) - c.matchPence);
    if (!c.lastPaidOn || c.paidPence <= granted) continue;
    const decidedOn = [isoDay(msOf(c.lastPaidOn) + 21 * DAY), isoDay(msOf(today) - DAY)].sort()[0];
    const recordedAt = new Date(msOf(decidedOn, 16)).toISOString();
    const sequence = (nextNumber.get(c.fy) as { n: number }).n;
    const reference = `SYN/${c.label}/${String(sequence).padStart(5, "0")}`;
    const id = Number(
      decision.run(reference, c.fy, sequence, c.bidId, decidedOn, c.decisionId, "The partnership reported that the second phase will not go ahead: each line is reduced to 70%.", userId, recordedAt).lastInsertRowid,
    );
    for (const l of reduced) decisionLine.run(id, l.costLineId, l.approvedPence);
    sqlite.prepare("update bids set status = 'part_approved', version = version + 1 where id = ?").run(c.bidId);
    sqlite.prepare("update grants set decision_id = ?, version = version + 1 where id = ?").run(id, c.id);
    sqlite.prepare("delete from grant_payments where grant_id = ? and not exists (select 1 from payments p where p.instalment_id = grant_payments.id)").run(c.id);
    sqlite.prepare("update grant_payments set amount_pence = (select sum(p.amount_pence) from payments p where p.instalment_id = grant_payments.id) where grant_id = ?").run(c.id);
    recovery.run({ grant: c.id, decision: id, amount: c.paidPence - granted, reason: `Decision ${reference} grants ${formatPence(granted)}; ${formatPence(c.paidPence)} had been paid under it.`, at: recordedAt });
    made += 1;
  }
  return made;
}

/**
 * Virements on about one accepted grant in five (decision record 023): between its first approved
 * line and the next of the same year, 5% of the giving line, asked 60 days after the offer was
 * accepted. Most are approved (one in two automatically, the rest by the OPCC's reviewer, with
 * their two line adjustments), some refused or withdrawn; only the current year's still wait for
 * the OPCC. Returns how many were made.
 */
export function addSyntheticVariations(sqlite: Sqlite, people: People, today: string): number {
  const currentYearStart = `${Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) < 4 ? 1 : 0)}-04-01`;
  const pairs = sqlite
    .prepare(
      `select g.id, g.csp_id as cspId, g.responded_at as respondedAt, f.id as fromId, f.financial_year_id as fy, fd.approved_pence as fromPence, fy.starts_on as yearStart,
              (select min(t.id) from decision_lines td join bid_cost_lines t on t.id = td.cost_line_id
                where td.decision_id = g.decision_id and td.approved_pence > 0 and t.financial_year_id = f.financial_year_id and t.id > f.id) as toId
         from grants g
         join bid_cost_lines f on f.id = (select min(l.id) from decision_lines dl join bid_cost_lines l on l.id = dl.cost_line_id where dl.decision_id = g.decision_id and dl.approved_pence > 0)
         join decision_lines fd on fd.decision_id = g.decision_id and fd.cost_line_id = f.id
         join financial_years fy on fy.id = f.financial_year_id
        where g.offer_status = 'accepted' and g.withdrawn_at is null and g.id % 5 = 2 and g.responded_at is not null
        order by g.id`,
    )
    .all() as { id: number; cspId: number; respondedAt: string; fromId: number; fy: number; fromPence: number; yearStart: string; toId: number | null }[];
  const variation = sqlite.prepare(
    `insert into grant_variations (grant_id, kind, status, financial_year_id, from_cost_line_id, to_cost_line_id, amount_pence, reason, auto_approved, requested_by, requested_at, decided_by, decided_at, decision_reason, withdrawn_at, version)
     values (@grant, 'virement', @status, @fy, @from, @to, @amount, 'Synthetic virement: the giving line came in under its quote.', @auto, @lead, @requestedAt, @decidedBy, @decidedAt, @decisionReason, @withdrawnAt, @version)`,
  );
  const adjustment = sqlite.prepare("insert into grant_line_adjustments (grant_id, cost_line_id, delta_pence, variation_id, created_at) values (?, ?, ?, ?, ?)");
  const transfer = sqlite.prepare(
    `insert into grant_variations (grant_id, kind, status, financial_year_id, from_cost_line_id, amount_pence, reason, requested_by, requested_at, decided_by, decided_at, decision_reason, version)
     values (@grant, 'transfer', @status, @fy, @from, @amount, 'Synthetic transfer: the money is wanted for a new project.', @lead, @requestedAt, @decidedBy, @decidedAt, @decisionReason, @version)`,
  );
  let made = 0;
  for (const p of pairs) {
    if (p.toId === null) continue;
    const amount = Math.floor(p.fromPence / 20);
    if (amount <= 0) continue;
    const requestedMs = Math.min(msOf(p.respondedAt.slice(0, 10)) + 60 * DAY, msOf(today) - 2 * DAY);
    const requestedAt = new Date(requestedMs).toISOString();
    const decidedAt = new Date(Math.min(requestedMs + 5 * DAY, msOf(today) - DAY)).toISOString();
    // g.id % 5 = 2 chose the grant; the rest of its id spreads the outcomes.
    const slot = Math.floor(p.id / 5) % 20;
    const status = slot >= 17 ? (p.yearStart === currentYearStart ? "requested" : "approved") : slot >= 15 ? "refused" : slot === 14 ? "withdrawn" : "approved";
    const auto = status === "approved" && slot % 2 === 0 ? 1 : 0;
    const decided = status === "approved" || status === "refused";
    const id = Number(
      variation.run({
        grant: p.id, status, fy: p.fy, from: p.fromId, to: p.toId, amount, auto, lead: people.leads.get(p.cspId)?.id ?? people.admin, requestedAt,
        decidedBy: decided && !auto ? people.reviewer : null, decidedAt: decided ? (auto ? requestedAt : decidedAt) : null,
        decisionReason: decided ? (auto ? "Within the fund's tolerance and limit, so approved automatically." : status === "approved" ? "Agreed." : "The receiving line is already fully funded.") : null,
        withdrawnAt: status === "withdrawn" ? decidedAt : null, version: status === "requested" ? 1 : auto ? 1 : 2,
      }).lastInsertRowid,
    );
    if (status === "approved") {
      adjustment.run(p.id, p.fromId, -amount, id, decidedAt);
      adjustment.run(p.id, p.toId, amount, id, decidedAt);
    }
    made += 1;
    // One grant in a hundred also asks to release money for a new project (decision record 025):
    // waiting in the current year, refused before it (an approved one is a pair of PCC decisions).
    if (slot === 3) {
      const waiting = p.yearStart === currentYearStart;
      transfer.run({
        grant: p.id, status: waiting ? "requested" : "refused", fy: p.fy, from: p.fromId, amount, lead: people.leads.get(p.cspId)?.id ?? people.admin, requestedAt,
        decidedBy: waiting ? null : people.reviewer, decidedAt: waiting ? null : decidedAt, decisionReason: waiting ? null : "The plan's priorities keep the money where it is.", version: waiting ? 1 : 2,
      });
      made += 1;
    }
  }
  return made;
}

/**
 * Underspends and their clawbacks at national scale, set-based: of the accepted grants whose year
 * has ended (and no amount to recover already), every one of a year that is closed by today (the
 * year-end checklist asks it) and one in seven of the others has its outstanding underspend
 * recorded (one in five of those re-allocated, the rest returned) two months after the year end;
 * each return of money paid and not spent raises a clawback of it, in every state by turns:
 * raised, invoiced, received and waived. The synthetic streams are annual, so nothing is carried
 * forward. Returns how many underspends it recorded.
 */
export function addSyntheticUnderspends(sqlite: Sqlite, userId: number, today: string): number {
  const made = sqlite
    .prepare(
      `insert into grant_underspends (grant_id, financial_year_id, outcome, amount_pence, reason, recorded_by, recorded_at)
       select y.grant_id, y.financial_year_id, case when y.grant_id % 5 = 4 then 'reallocated' else 'returned' end, y.current - y.spent,
              'Synthetic: spent less than approved.', @user, date(fy.ends_on, '+60 days') || 'T10:00:00.000Z'
         from (select g.id as grant_id, l.financial_year_id, sum(dl.approved_pence) as current,
                      sum((select coalesce(sum(rl.actual_pence), 0) from return_lines rl join grant_returns gr on gr.id = rl.return_id
                            where rl.cost_line_id = dl.cost_line_id and gr.grant_id = g.id and +gr.status = 'accepted')) as spent
                 from grants g join decision_lines dl on dl.decision_id = g.decision_id join bid_cost_lines l on l.id = dl.cost_line_id
                where g.offer_status = 'accepted' and g.withdrawn_at is null
                  and not exists (select 1 from grant_recoveries x where x.grant_id = g.id)
                group by g.id, l.financial_year_id) y
         join financial_years fy on fy.id = y.financial_year_id
        where y.current > y.spent and date(fy.ends_on, '+60 days') < @today and (y.grant_id % 7 = 3 or fy.ends_on < date(@today, '-1 year'))
        order by y.grant_id`,
    )
    .run({ user: userId, today }).changes;
  sqlite
    .prepare(
      `insert into grant_recoveries (grant_id, financial_year_id, underspend_id, amount_pence, reason, status, created_at, created_by,
                                     invoice_reference, invoiced_on, invoiced_by, received_on, received_by, waived_reason, waived_decision_reference, waived_by, waived_at)
       select c.grant_id, c.financial_year_id, c.id, c.amount, 'Synthetic: paid and not spent.', c.status, c.recorded_at, @user,
              case when c.status in ('invoiced', 'received') then 'SYN-INV-' || c.id end,
              case when c.status in ('invoiced', 'received') then date(c.recorded_at, '+2 days') end,
              case when c.status in ('invoiced', 'received') then @user end,
              case when c.status = 'received' then date(c.recorded_at, '+25 days') end,
              case when c.status = 'received' then @user end,
              case when c.status = 'waived' then 'Synthetic: the council spent it on the project after the year end.' end,
              case when c.status = 'waived' then 'SYN/WAIVER/' || c.id end,
              case when c.status = 'waived' then @user end,
              case when c.status = 'waived' then date(c.recorded_at, '+30 days') || 'T10:00:00.000Z' end
         from (select u.id, u.grant_id, u.financial_year_id, u.recorded_at,
                      min(u.amount_pence, (select coalesce(sum(p.amount_pence), 0) from payments p where p.grant_id = u.grant_id)
                                          - (select coalesce(sum(rl.actual_pence), 0) from return_lines rl join grant_returns gr on gr.id = rl.return_id
                                              where gr.grant_id = u.grant_id and +gr.status = 'accepted')) as amount,
                      case u.id % 4 when 0 then 'raised' when 1 then 'invoiced' when 2 then 'received' else 'waived' end as status
                 from grant_underspends u where u.outcome = 'returned') c
        where c.amount > 0`,
    )
    .run({ user: userId });
  // Their audit trail, as the portal writes it.
  sqlite.exec(`
    insert into audit_log (at, user_id, action, entity_type, entity_id, bid_id, csp_id, before, after)
    select at, user_id, action, entity_type, entity_id, bid_id, csp_id, null, after from (
      select u.recorded_at as at, u.recorded_by as user_id, 'underspend.' || u.outcome as action, 'grant_underspend' as entity_type, u.id as entity_id, g.bid_id, g.csp_id,
             json_object('grantId', u.grant_id, 'financialYearId', u.financial_year_id, 'amountPence', u.amount_pence, 'reason', u.reason) as after
        from grant_underspends u join grants g on g.id = u.grant_id
      union all
      select x.created_at, x.created_by, 'clawback.raised', 'grant_recovery', x.id, g.bid_id, g.csp_id, json_object('amountPence', x.amount_pence, 'reason', x.reason)
        from grant_recoveries x join grants g on g.id = x.grant_id where x.underspend_id is not null
      union all
      select x.invoiced_on || 'T10:00:00.000Z', x.invoiced_by, 'clawback.invoiced', 'grant_recovery', x.id, g.bid_id, g.csp_id, json_object('status', 'invoiced', 'invoiceReference', x.invoice_reference)
        from grant_recoveries x join grants g on g.id = x.grant_id where x.underspend_id is not null and x.invoiced_on is not null
      union all
      select x.received_on || 'T10:00:00.000Z', x.received_by, 'clawback.received', 'grant_recovery', x.id, g.bid_id, g.csp_id, json_object('status', 'received', 'receivedOn', x.received_on)
        from grant_recoveries x join grants g on g.id = x.grant_id where x.underspend_id is not null and x.received_on is not null
      union all
      select x.waived_at, x.waived_by, 'clawback.waived', 'grant_recovery', x.id, g.bid_id, g.csp_id, json_object('status', 'waived', 'reason', x.waived_reason)
        from grant_recoveries x join grants g on g.id = x.grant_id where x.underspend_id is not null and x.waived_at is not null
    ) order by at;
  `);
  return made;
}

/**
 * Scrutiny reports at national scale (issue 11, decision record 026): for two in three partnerships
 * in every year that has ended, the CSP lead wrote an introduction to the year's report three
 * months after its end (some of them changed it once since, so at version 2), with the audit
 * trail the portal writes. Set-based. Returns how many introductions it wrote.
 */
export function addSyntheticScrutinyReports(sqlite: Sqlite, people: People, today: string): number {
  const insert = sqlite.prepare(
    `insert into scrutiny_reports (csp_id, financial_year_id, introduction, updated_by, updated_at, version)
     select @csp, fy.id, 'Synthetic introduction: the partnership''s work in ' || fy.label || ', and what the committee may wish to ask about it.', @lead,
            date(fy.ends_on, '+90 days') || 'T09:30:00.000Z', 1 + ((@csp + fy.id) % 4 = 0)
       from financial_years fy
      where date(fy.ends_on, '+90 days') < @today and (@csp + fy.id) % 3 <> 0`,
  );
  let made = 0;
  for (const [csp, lead] of people.leads) made += insert.run({ csp, lead: lead.id, today }).changes;
  sqlite.exec(`
    insert into audit_log (at, user_id, action, entity_type, entity_id, bid_id, csp_id, before, after)
    select r.updated_at, r.updated_by, case when r.version = 1 then 'scrutiny_report.introduction_written' else 'scrutiny_report.introduction_changed' end,
           'scrutiny_report', r.financial_year_id, null, r.csp_id, null, json_object('introduction', r.introduction, 'version', r.version)
      from scrutiny_reports r order by r.updated_at, r.csp_id`);
  return made;
}

/**
 * The audit trail of what happened after the award, set-based from the rows themselves and in time
 * order: offers accepted (with the declaration, on behalf of the council), declined and extended;
 * returns certified, submitted or resubmitted, queried, accepted and reopened; payments recorded
 * and holds released; decisions corrected and the amounts to recover raised. (Saves, and the
 * returns made when an offer is accepted, are left out: they would only add volume.)
 */
export function addSyntheticAudit(sqlite: Sqlite) {
  sqlite.exec(`
    insert into audit_log (at, user_id, action, entity_type, entity_id, bid_id, csp_id, before, after)
    select at, user_id, action, entity_type, entity_id, bid_id, csp_id, before, after from (
      select g.responded_at as at, g.responded_by as user_id, 'offer.accepted' as action, 'grant' as entity_type, g.id as entity_id, g.bid_id, g.csp_id,
             json_object('offerStatus', 'offered', 'acceptBy', g.accept_by) as before,
             json_object('offerStatus', 'accepted', 'declaration', json_object('name', g.declaration_name, 'role', g.declaration_role, 'date', g.declaration_date, 'onBehalfOf', coalesce(o.accountable_council, o.name)),
                         'returnsMade', (select count(*) from grant_returns r where r.grant_id = g.id)) as after
        from grants g join organisations o on o.id = g.csp_id where g.offer_status = 'accepted'
      union all
      select g.responded_at, g.responded_by, 'offer.declined', 'grant', g.id, g.bid_id, g.csp_id,
             json_object('offerStatus', 'offered', 'acceptBy', g.accept_by), json_object('offerStatus', 'declined', 'reason', g.decline_reason)
        from grants g where g.offer_status = 'declined'
      union all
      select date(g.accept_by, '-29 days') || 'T11:00:00.000Z', (select id from users where email = 'synthetic.reviewer@example.test'), 'offer.extended', 'grant', g.id, g.bid_id, g.csp_id,
             json_object('acceptBy', date(g.accept_by, '-28 days'), 'offer', 'offered'), json_object('acceptBy', g.accept_by, 'reason', 'The council''s cabinet meets after the accept-by date.')
        from grants g where g.offer_status = 'offered' and g.version = 2
      union all
      select r.certified_on || 'T11:30:00.000Z', r.certified_by, 'return.certified', 'return', r.id, g.bid_id, g.csp_id, null,
             json_object('name', r.certified_name, 'role', r.certified_role, 'on', r.certified_on, 'actualPence', (select coalesce(sum(l.actual_pence), 0) from return_lines l where l.return_id = r.id))
        from grant_returns r join grants g on g.id = r.grant_id where r.certified_on is not null
      union all
      select s.submitted_at, s.submitted_by,
             case when (select v.action from return_reviews v where v.return_id = s.return_id and v.at < s.submitted_at order by v.at desc limit 1) = 'queried' then 'return.resubmitted' else 'return.submitted' end,
             'return', s.return_id, g.bid_id, g.csp_id, null,
             json_object('submission', s.number, 'actualPence', (select coalesce(sum(l.actual_pence), 0) from return_lines l where l.return_id = s.return_id),
                         'late', json(case when s.number = 1 and substr(s.submitted_at, 1, 10) > r.due_on then 'true' else 'false' end))
        from return_submissions s join grant_returns r on r.id = s.return_id join grants g on g.id = r.grant_id
      union all
      select v.at, v.by_user, 'return.' || v.action, 'return', v.return_id, g.bid_id, g.csp_id, null,
             case when v.comment = '' then json_object('action', v.action) else json_object('action', v.action, 'comment', v.comment) end
        from return_reviews v join grant_returns r on r.id = v.return_id join grants g on g.id = r.grant_id
      union all
      select p.recorded_at, p.recorded_by, 'payment.recorded', 'payment', p.id, g.bid_id, g.csp_id, null,
             json_object('grantId', p.grant_id, 'instalmentId', p.instalment_id, 'instalment', gp.label, 'paidOn', p.paid_on, 'amountPence', p.amount_pence, 'financeReference', p.finance_reference)
        from payments p join grants g on g.id = p.grant_id join grant_payments gp on gp.id = p.instalment_id
      union all
      select h.released_at, h.released_by, 'payment.hold_released', 'instalment', h.instalment_id, g.bid_id, g.csp_id, null,
             json_object('grantId', g.id, 'instalment', gp.label, 'reason', h.reason)
        from payment_hold_releases h join grant_payments gp on gp.id = h.instalment_id join grants g on g.id = gp.grant_id
      union all
      select d.recorded_at, d.recorded_by, 'decision.corrected', 'decision', d.id, d.bid_id, b.csp_id, null,
             json_object('reference', d.reference, 'outcome', d.outcome, 'supersedes', (select e.reference from decisions e where e.id = d.supersedes_id), 'correctionReason', d.correction_reason)
        from decisions d join bids b on b.id = d.bid_id where d.supersedes_id is not null
      union all
      select x.created_at, d.recorded_by, 'recovery.raised', 'grant_recovery', x.id, g.bid_id, g.csp_id, null,
             json_object('grantId', x.grant_id, 'decisionId', x.decision_id, 'amountPence', x.amount_pence, 'reason', x.reason)
        from grant_recoveries x join grants g on g.id = x.grant_id left join decisions d on d.id = x.decision_id
    ) order by at;
  `);
}
