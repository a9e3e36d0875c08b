import { parseArgs } from "node:util";
import type Database from "better-sqlite3";
import { openDatabase } from "../app/data/db.server";
import { financialYearBounds } from "../app/domain/financial-years";
import { returnPeriods } from "../app/domain/return-periods";
import { migrateDatabase } from "./migrate";

/**
 * A national-scale database for checking that lists and totals stay fast (bids with their lines,
 * match funding and priorities; decisions, grants and their quarterly returns; a day of sign-in
 * attempts, years of outbox messages; payments, hold releases and reminders for those grants and
 * returns):
 *   npx tsx db/synthetic.ts --file data/synthetic.db --csps 300 --years 10 --bids 60000
 * Deterministic (a seeded generator), written straight through SQL in one transaction.
 */

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function generateSynthetic(file: string, { csps = 300, years = 10, bids = 60_000, signIns = 30_000, messages = 100_000, seed = 2023 } = {}) {
  const { db, sqlite } = openDatabase(file);
  migrateDatabase(db);
  const random = rng(seed);
  const pick = <T,>(list: T[]) => list[Math.floor(random() * list.length)];
  const now = new Date().toISOString();

  sqlite.transaction(() => {
    const org = sqlite.prepare("insert into organisations (kind, name, code, accountable_council) values (?, ?, ?, ?)");
    const opccId = Number(org.run("opcc", "Synthetic OPCC", "synthetic-opcc", null).lastInsertRowid);
    const cspIds: number[] = [];
    for (let i = 1; i <= csps; i++) cspIds.push(Number(org.run("csp", `Synthetic CSP ${i}`, `synthetic-csp-${i}`, `Synthetic Council ${i}`).lastInsertRowid));
    const userId = Number(
      sqlite
        .prepare("insert into users (email, name, role, organisation_id, active, password_hash, created_at) values (?, ?, 'admin', ?, 1, 'scrypt$1$1$1$x$x', ?)")
        .run("synthetic.admin@example.test", "Synthetic Admin", opccId, now).lastInsertRowid,
    );
    const stream = Number(
      sqlite
        .prepare("insert into funding_streams (code, name, description, may_span_years, max_duration_months, match_funding_required) values ('synthetic-annual', 'Annual CSP allocation', '', 0, 12, 0)")
        .run().lastInsertRowid,
    );
    const fyIds: number[] = [];
    const roundIds: number[] = [];
    const firstYear = 2030;
    for (let y = 0; y < years; y++) {
      const b = financialYearBounds(firstYear + y);
      const fy = Number(sqlite.prepare("insert into financial_years (label, starts_on, ends_on, status) values (?, ?, ?, 'open')").run(b.label, b.startsOn, b.endsOn).lastInsertRowid);
      fyIds.push(fy);
      const round = Number(
        sqlite
          .prepare("insert into rounds (stream_id, financial_year_id, name, opens_on, closes_on, total_pot_pence, status) values (?, ?, ?, ?, ?, ?, 'open')")
          .run(stream, fy, `Annual allocation ${b.label}`, b.startsOn, b.endsOn, csps * 3_000_000).lastInsertRowid,
      );
      roundIds.push(round);
      const alloc = sqlite.prepare("insert into allocations (round_id, csp_id, amount_pence) values (?, ?, ?)");
      for (const csp of cspIds) alloc.run(round, csp, 3_000_000);
    }
    const priority = sqlite.prepare("insert into priorities (kind, name, position) values ('police_and_crime_plan', ?, ?)");
    const priorityIds = [1, 2, 3, 4, 5].map((n) => Number(priority.run(`Priority ${n}`, n).lastInsertRowid));

    const bid = sqlite.prepare(
      `insert into bids (round_id, csp_id, status, version, title, created_by, created_at, updated_by, updated_at, start_date, end_date, submitted_at)
       values (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const line = sqlite.prepare(
      "insert into bid_cost_lines (bid_id, position, description, quantity_hundredths, unit_price_ten_thousandths, expenditure_type, recurrence, financial_year_id) values (?, ?, ?, ?, ?, ?, 'one_off', ?)",
    );
    const match = sqlite.prepare("insert into bid_match_funding (bid_id, position, source, kind, amount_pence) values (?, 0, 'Council', 'cash', ?)");
    const bp = sqlite.prepare("insert into bid_priorities (bid_id, priority_id) values (?, ?)");
    const statuses = ["draft", "submitted", "submitted", "submitted", "withdrawn"];
    for (let i = 0; i < bids; i++) {
      const y = i % years;
      const b = financialYearBounds(firstYear + y);
      const at = new Date(Date.UTC(firstYear + y, 4, 1) + Math.floor(random() * 300) * 86_400_000).toISOString();
      const status = pick(statuses);
      // Every bid past draft was submitted once (a withdrawn one too: the OPCC still sees it).
      const id = Number(bid.run(roundIds[y], pick(cspIds), status, `Synthetic bid ${i + 1}`, userId, at, userId, at, b.startsOn, b.endsOn, status === "draft" ? null : at).lastInsertRowid);
      const lines = 1 + Math.floor(random() * 5);
      for (let l = 0; l < lines; l++) {
        line.run(id, l, `Line ${l + 1}`, (1 + Math.floor(random() * 50)) * 100, 10_000 + Math.floor(random() * 5_000_000), random() < 0.5 ? "capital" : "revenue", fyIds[y]);
      }
      if (random() < 0.2) match.run(id, 100 + Math.floor(random() * 100_000));
      bp.run(id, pick(priorityIds));
    }

    addGrantsAndReturns(sqlite, { seed, userId, fyIds, firstYear, now });

    // A busy day of sign-ins (the throttle keeps a day): accounts across the country, many
    // clients, a few in ten mistyped.
    const attempt = sqlite.prepare("insert into sign_in_attempts (at, account, client, succeeded) values (?, ?, ?, ?)");
    const dayAgo = Date.now() - 86_400_000;
    for (let i = 0; i < signIns; i++) {
      const at = new Date(dayAgo + Math.floor(random() * 86_000_000)).toISOString();
      attempt.run(at, `user${Math.floor(random() * (csps * 10))}@csp.example`, `198.${Math.floor(random() * 64)}.${Math.floor(random() * 256)}.1`, random() < 0.9 ? 1 : 0);
    }

    // Years of e-mail in the outbox, some not sent and some failed.
    const mail = sqlite.prepare('insert into outbox ("to", subject, body, created_at, sent_at, error) values (?, ?, ?, ?, ?, ?)');
    for (let i = 0; i < messages; i++) {
      const y = i % years;
      const at = new Date(Date.UTC(firstYear + y, 4, 1) + Math.floor(random() * 300 * 86_400_000)).toISOString();
      const state = random();
      mail.run(`lead${Math.floor(random() * csps)}@csp${Math.floor(random() * csps)}.example`, `Bid submitted: Synthetic bid ${i + 1}`, "Synthetic message", at, state < 0.95 ? at : null, state > 0.98 ? "Connection refused" : null);
    }

    // Judged on the synthetic service's own "today", so instalments and returns before it are past.
    addSyntheticPayments(sqlite, userId, new Date(`${SYNTHETIC_TODAY}T12:00:00.000Z`));
    // Last, so that it finds every return made above.
    syntheticEvidence(sqlite, random, userId);
  })();
  sqlite.pragma("optimize");
  sqlite.close();
}

/**
 * The synthetic service's "today" for its returns: the synthetic years run 2030-31 to 2039-40, so
 * returns due before this are past (mostly accepted, a few still waiting, queried or overdue) and
 * those after it are still to come. Pass it as `today` to whatever judges a return overdue.
 */
export const SYNTHETIC_TODAY = "2036-11-15";

/**
 * Half the submitted bids approved by a PCC decision (every line approved in full), each with its
 * grant: most offers accepted, a few still offered or declined. Every accepted grant has a return
 * for each quarter, in every state in realistic proportions for where its quarter stands against
 * SYNTHETIC_TODAY, with actuals on every line of a return that has been started, a submission
 * snapshot for each time it was submitted, and the OPCC's reviews. Its own random sequence, so the
 * bids made before it are the same as ever.
 */
function addGrantsAndReturns(sqlite: ReturnType<typeof openDatabase>["sqlite"], o: { seed: number; userId: number; fyIds: number[]; firstYear: number; now: string }) {
  const random = rng(o.seed + 9);
  const approved = sqlite
    .prepare("select b.id, b.csp_id as cspId, b.round_id as roundId, b.start_date as startDate, b.end_date as endDate, b.submitted_at as submittedAt from bids b where b.status = 'submitted' and b.id % 2 = 0 order by b.id")
    .all() as { id: number; cspId: number; roundId: number; startDate: string; endDate: string; submittedAt: string }[];
  const fyOfRound = new Map((sqlite.prepare("select id, financial_year_id as fy from rounds").all() as { id: number; fy: number }[]).map((r) => [r.id, r.fy]));
  const labelOfFy = new Map((sqlite.prepare("select id, label from financial_years").all() as { id: number; label: string }[]).map((y) => [y.id, y.label]));
  const linesOf = sqlite.prepare("select id, (quantity_hundredths * unit_price_ten_thousandths + 5000) / 10000 as total from bid_cost_lines where bid_id = ? order by position");
  const approve = sqlite.prepare("update bids set status = 'approved', version = 2 where id = ?");
  const decision = sqlite.prepare(
    `insert into decisions (reference, financial_year_id, sequence, bid_id, outcome, decided_on, decision_maker, lead_officer, reasons, conditions, declaration_of_interests, publishable, recorded_by, recorded_at, without_review_reason)
     values (?, ?, ?, ?, 'approved', ?, 'Synthetic PCC', 'Synthetic Officer', 'Meets the plan.', '[]', 'None', 1, ?, ?, 'Synthetic data')`,
  );
  const decisionLine = sqlite.prepare("insert into decision_lines (decision_id, cost_line_id, approved_pence) values (?, ?, ?)");
  const grant = sqlite.prepare(
    `insert into grants (decision_id, bid_id, csp_id, payment_basis, created_at, offer_status, accept_by, responded_by, responded_at, declaration_name, declaration_role, declaration_date, decline_reason)
     values (?, ?, ?, 'quarterly_arrears', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const ret = sqlite.prepare(
    `insert into grant_returns (grant_id, start_year, quarter, period_start, period_end, due_on, status, version, spend_rag, spend_rag_reason, delivery_rag, delivery_rag_reason,
       went_well, did_not_go_well, next_steps, first_submitted_at, submitted_at, accepted_at, updated_by, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const instalment = sqlite.prepare("insert into grant_payments (grant_id, due_on, label, amount_pence) values (?, ?, ?, ?)");
  const line = sqlite.prepare("insert into return_lines (return_id, cost_line_id, actual_pence, variance_explanation) values (?, ?, ?, ?)");
  const submission = sqlite.prepare("insert into return_submissions (return_id, number, submitted_at, submitted_by, snapshot) values (?, ?, ?, ?, ?)");
  const review = sqlite.prepare("insert into return_reviews (return_id, action, comment, by_user, at) values (?, ?, ?, ?, ?)");
  const sequences = new Map<number, number>();
  const day = (iso: string, days: number) => new Date(Date.parse(`${iso}T10:00:00Z`) + days * 86_400_000).toISOString();
  const today = SYNTHETIC_TODAY;
  const recently = day(today, -90).slice(0, 10);

  /** Where a return stands, by where its quarter stands today. */
  function statusFor(p: { periodEnd: string; dueOn: string }): string {
    const x = random();
    if (p.periodEnd >= today) return x < 0.9 ? "not_started" : "in_progress";
    if (p.dueOn >= recently) return x < 0.3 ? "accepted" : x < 0.6 ? "submitted" : x < 0.65 ? "queried" : x < 0.7 ? "resubmitted" : x < 0.9 ? "in_progress" : "not_started";
    return x < 0.92 ? "accepted" : x < 0.94 ? "queried" : x < 0.95 ? "resubmitted" : x < 0.97 ? "submitted" : x < 0.99 ? "in_progress" : "not_started";
  }

  for (const b of approved) {
    approve.run(b.id);
    const fy = fyOfRound.get(b.roundId)!;
    const sequence = (sequences.get(fy) ?? 0) + 1;
    sequences.set(fy, sequence);
    const decidedOn = day(b.submittedAt.slice(0, 10), 40).slice(0, 10);
    const recordedAt = day(decidedOn, 1);
    const decisionId = Number(decision.run(`SYN/${labelOfFy.get(fy)}/${String(sequence).padStart(5, "0")}`, fy, sequence, b.id, decidedOn, o.userId, recordedAt, ).lastInsertRowid);
    const lines = linesOf.all(b.id) as { id: number; total: number }[];
    for (const l of lines) decisionLine.run(decisionId, l.id, l.total);
    const x = random();
    const offer = x < 0.9 ? "accepted" : x < 0.97 ? "offered" : "declined";
    const acceptBy = day(decidedOn, 28).slice(0, 10);
    const respondedAt = offer === "offered" ? null : day(decidedOn, 10);
    const grantId = Number(
      grant.run(decisionId, b.id, b.cspId, recordedAt, offer, acceptBy, respondedAt ? o.userId : null, respondedAt, respondedAt ? "Synthetic Lead" : null, respondedAt ? "CSP lead" : null, respondedAt?.slice(0, 10) ?? null, offer === "declined" ? "The project can no longer go ahead." : null).lastInsertRowid,
    );
    // Paid quarterly in arrears: a quarter of the grant the day after each quarter, the odd pennies last.
    const granted = lines.reduce((n, l) => n + l.total, 0);
    const periods = returnPeriods({ startDate: b.startDate, endDate: b.endDate }, 30);
    periods.forEach((p, i) => {
      const each = Math.floor(granted / periods.length);
      instalment.run(grantId, day(p.periodEnd, 1).slice(0, 10), `${labelOfFy.get(fy)} Q${p.quarter}`, i === periods.length - 1 ? granted - each * (periods.length - 1) : each);
    });
    if (offer !== "accepted") continue;
    for (const p of periods) {
      const status = statusFor(p);
      const started = status !== "not_started";
      const submitted = ["submitted", "queried", "resubmitted", "accepted"].includes(status);
      const firstAt = submitted ? day(p.dueOn, Math.floor(random() * 40) - 25) : null;
      const lastAt = status === "resubmitted" || (status === "accepted" && random() < 0.05) ? day(firstAt!.slice(0, 10), 12) : firstAt;
      const acceptedAt = status === "accepted" ? day(lastAt!.slice(0, 10), 7) : null;
      const updatedAt = acceptedAt ?? lastAt ?? (started ? day(p.periodEnd, 10) : o.now);
      const rag = () => (["green", "green", "green", "amber", "red"] as const)[Math.floor(random() * 5)];
      const returnId = Number(
        ret.run(
          grantId, p.startYear, p.quarter, p.periodStart, p.periodEnd, p.dueOn, status, started ? 2 + (lastAt !== firstAt ? 2 : 0) : 1,
          started ? rag() : null, started ? "Spend is close to the profile." : "", started ? rag() : null, started ? "Delivery as planned." : "",
          started ? "Sessions ran as planned." : "", started ? "One supplier was late." : "", started ? "Carry on as planned." : "",
          firstAt, lastAt, acceptedAt, o.userId, updatedAt,
        ).lastInsertRowid,
      );
      if (!started) continue;
      for (const l of lines) {
        const profile = Math.floor(l.total / 4);
        const actual = Math.max(0, Math.round(profile * (0.8 + random() * 0.4)));
        line.run(returnId, l.id, actual, Math.abs(actual - profile) * 10 > profile ? "Invoices fell in a different quarter from the profile." : "");
      }
      if (!firstAt) continue;
      const snapshot = JSON.stringify({ synthetic: true, lines: lines.length, period: `${p.startYear} Q${p.quarter}` });
      submission.run(returnId, 1, firstAt, o.userId, snapshot);
      if (lastAt !== firstAt) {
        review.run(returnId, "queried", "Please send the invoices for this quarter.", o.userId, day(firstAt.slice(0, 10), 5));
        submission.run(returnId, 2, lastAt, o.userId, snapshot);
      }
      if (status === "queried") review.run(returnId, "queried", "Please explain the underspend on the largest line.", o.userId, day(firstAt.slice(0, 10), 6));
      if (acceptedAt) review.run(returnId, "accepted", "", o.userId, acceptedAt);
    }
  }
  const lastNumber = sqlite.prepare("insert into decision_sequences (financial_year_id, last_number) values (?, ?)");
  for (const [fy, n] of sequences) lastNumber.run(fy, n);
}

/**
 * Payments, hold releases, reminders and the reminder job's last run for the grants and returns
 * already in the database, set-based (a few statements, whatever the number of rows) and
 * deterministic (chosen by id): about eight in ten instalments of accepted grants that fell due
 * more than a fortnight ago paid in full a few days after they fell due; one in twenty of the rest
 * released from its hold; the overdue reminder recorded as sent for every return overdue and never
 * submitted, and the due-soon one for three in four returns now past due. With no grants it adds
 * only the reminder job's row.
 */
export function addSyntheticPayments(sqlite: ReturnType<typeof openDatabase>["sqlite"], userId: number, today: Date) {
  const day = today.toISOString().slice(0, 10);
  const at = today.toISOString();
  sqlite
    .prepare(
      `insert into payments (grant_id, instalment_id, paid_on, amount_pence, finance_reference, recorded_by, recorded_at)
       select gp.grant_id, gp.id, date(gp.due_on, '+' || (2 + gp.id % 10) || ' days'), gp.amount_pence, 'SYN-AP-' || gp.id, ?,
              date(gp.due_on, '+' || (2 + gp.id % 10) || ' days') || 'T10:30:00.000Z'
         from grant_payments gp join grants g on g.id = gp.grant_id
        where g.offer_status = 'accepted' and g.withdrawn_at is null and gp.amount_pence > 0
          and date(gp.due_on, '+14 days') <= ? and gp.id % 10 < 8`,
    )
    .run(userId, day);
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

const EVIDENCE_KINDS = [
  { ext: "pdf", mime: "application/pdf", name: (n: number) => `Invoice INV-${10_000 + n}.pdf`, min: 40_000, max: 2_000_000, description: "Supplier's invoice for the quarter" },
  { ext: "jpg", mime: "image/jpeg", name: (n: number) => `Site photo ${n}.jpg`, min: 400_000, max: 6_000_000, description: "Photo of the work in place" },
  { ext: "png", mime: "image/png", name: (n: number) => `Screenshot ${n}.png`, min: 60_000, max: 900_000, description: "Screenshot of the app's usage report" },
  { ext: "xlsx", mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name: (n: number) => `Spend ledger ${n}.xlsx`, min: 12_000, max: 250_000, description: "Ledger of the quarter's spend from the council's finance system" },
  { ext: "docx", mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", name: (n: number) => `Delivery report ${n}.docx`, min: 20_000, max: 600_000, description: "Delivery partner's quarterly report" },
  { ext: "csv", mime: "text/csv", name: (n: number) => `Spend ${n}.csv`, min: 800, max: 30_000, description: "Spend on each cost line" },
] as const;

/**
 * Evidence rows (no files: the scale test reads lists, never downloads) for about a third of the
 * returns there are, one to four each, uploaded in the fortnight after the quarter ended; a few
 * checked for viruses, a few removed. Run inside generateSynthetic's transaction once the returns
 * have been made; with no returns it adds nothing.
 */
export function syntheticEvidence(sqlite: Database.Database, random: () => number, uploadedBy: number): number {
  const returns = sqlite.prepare("select id, period_end as periodEnd from grant_returns order by id").all() as { id: number; periodEnd: string }[];
  const insert = sqlite.prepare(
    `insert into return_evidence (return_id, stored_name, file_name, content_type, size_bytes, sha256, scan, description, uploaded_by, uploaded_at, removed_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join("");
  let made = 0;
  for (const r of returns) {
    if (random() >= 0.35) continue;
    const files = 1 + Math.floor(random() * 4);
    for (let f = 0; f < files; f++) {
      const kind = EVIDENCE_KINDS[Math.floor(random() * EVIDENCE_KINDS.length)];
      const at = new Date(Date.parse(`${r.periodEnd}T09:00:00Z`) + (1 + Math.floor(random() * 14)) * 86_400_000 + Math.floor(random() * 28_800_000)).toISOString();
      const removed = random() < 0.05 ? new Date(Date.parse(at) + 3_600_000).toISOString() : null;
      const size = kind.min + Math.floor(random() * (kind.max - kind.min));
      insert.run(r.id, `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`, kind.name(made + 1), kind.mime, size, hex(64), random() < 0.2 ? "clean" : "not_scanned", kind.description, uploadedBy, at, removed);
      made += 1;
    }
  }
  return made;
}

const invokedDirectly = process.argv[1]?.endsWith("synthetic.ts");
if (invokedDirectly) {
  const { values } = parseArgs({
    options: { file: { type: "string" }, csps: { type: "string" }, years: { type: "string" }, bids: { type: "string" } },
  });
  const file = values.file ?? "data/synthetic.db";
  const started = Date.now();
  generateSynthetic(file, { csps: Number(values.csps ?? 300), years: Number(values.years ?? 10), bids: Number(values.bids ?? 60_000) });
  console.log(`Wrote ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
