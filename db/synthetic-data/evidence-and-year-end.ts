import type Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { findYearByLabel, yearUnsettledGrants } from "../../app/data/year-end.server";
import * as schema from "../schema";

type Sqlite = Database.Database;

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
 * returns the partnership has begun, one to four each, uploaded in the fortnight after the quarter ended; a few
 * checked for viruses, a few removed. Run inside generateSynthetic's transaction once the returns
 * have been made; with no returns it adds nothing.
 */
export function syntheticEvidence(sqlite: Database.Database, random: () => number, uploadedBy: number): number {
  const returns = sqlite.prepare("select id, period_end as periodEnd from grant_returns where status <> 'not_started' order by id").all() as { id: number; periodEnd: string }[];
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

/**
 * What OPCC finance does before closing a year (the checklist refuses to close it otherwise), by
 * the checklist's own rules (yearUnsettledGrants), for each grant ending in it: what was evidenced
 * and not yet paid is paid in the May after the year, against the instalments still unpaid; an
 * underspend not yet resolved is recorded as returned; what was paid and not spent is clawed back
 * (against that underspend, if any), invoiced in May and received in June.
 */
function settleSyntheticPayments(sqlite: Sqlite, financeId: number, today: string, years: { id: number; label: string; endsOn: string }[]) {
  // The checklist's query is planned for a database with statistics: without them, mid-load, it
  // takes seconds a year. A whole ANALYZE takes under a second here (a sampled one left plans
  // elsewhere worse than none).
  sqlite.exec("analyze");
  const tx = drizzle(sqlite, { schema });
  // What is left to pay of each instalment, oldest first: a payment never goes beyond its instalment.
  const unpaidInstalments = sqlite.prepare(`select gp.id, gp.amount_pence - coalesce((select sum(p.amount_pence) from payments p where p.instalment_id = gp.id), 0) as unpaid
      from grant_payments gp where gp.grant_id = ? order by gp.due_on, gp.id`);
  const pay = sqlite.prepare(`insert into payments (grant_id, instalment_id, paid_on, amount_pence, finance_reference, recorded_by, recorded_at)
     values (@grant, @instalment, @paidOn, @amount, 'SYN-FINAL-' || @instalment, @user, @paidOn || 'T11:00:00.000Z')`);
  const underspend = sqlite.prepare(`insert into grant_underspends (grant_id, financial_year_id, outcome, amount_pence, reason, recorded_by, recorded_at)
     values (@grant, @year, 'returned', @amount, 'Synthetic: spent less than was paid, found at year end.', @user, @on || 'T10:00:00.000Z')`);
  const claw = sqlite.prepare(`insert into grant_recoveries (grant_id, financial_year_id, underspend_id, amount_pence, reason, status, created_at, created_by,
                                   invoice_reference, invoiced_on, invoiced_by, received_on, received_by)
     values (@grant, @year, @underspend, @amount, 'Synthetic: paid beyond the evidenced spend, recovered at year end.', 'received', @raisedOn || 'T11:00:00.000Z', @user,
             'SYN-YE-' || @grant, @raisedOn, @user, @receivedOn, @user)`);
  for (const year of years) {
    const row = findYearByLabel(year.label, tx);
    if (!row) continue;
    const end = Number(year.endsOn.slice(0, 4));
    for (const { grantId, gapPence, outstandingPence } of yearUnsettledGrants(row, { today, tx })) {
      const underspendId = outstandingPence > 0 ? Number(underspend.run({ grant: grantId, year: year.id, amount: outstandingPence, on: `${end}-05-06`, user: financeId }).lastInsertRowid) : null;
      if (gapPence < 0) {
        let owed = -gapPence;
        for (const { id, unpaid } of unpaidInstalments.all(grantId) as { id: number; unpaid: number }[]) {
          if (owed <= 0) break;
          const amount = Math.min(owed, unpaid);
          if (amount <= 0) continue;
          pay.run({ grant: grantId, instalment: id, paidOn: `${end}-05-20`, amount, user: financeId });
          owed -= amount;
        }
      } else if (gapPence > 0) {
        claw.run({ grant: grantId, year: year.id, underspend: underspendId, amount: gapPence, raisedOn: `${end}-05-06`, receivedOn: `${end}-06-02`, user: financeId });
      }
    }
  }
}

/**
 * Closes every financial year that ended more than a year before the synthetic service's today, as
 * OPCC finance would at the end of the June after it (decision record 022); one past year was
 * closed, reopened by the administrator and closed again, so the year page has a history. Written
 * after everything else: the lock's triggers refuse any later write to those years.
 */
export function closeSyntheticYears(sqlite: Sqlite, financeId: number, today: string): number {
  const years = sqlite.prepare("select id, label, ends_on as endsOn from financial_years where ends_on < date(?, '-1 year') order by starts_on").all(today) as { id: number; label: string; endsOn: string }[];
  settleSyntheticPayments(sqlite, financeId, today, years);
  const admin = (sqlite.prepare("select id from users where role = 'admin' order by id limit 1").get() as { id: number } | undefined)?.id ?? financeId;
  const closure = sqlite.prepare("insert into financial_year_closures (financial_year_id, closed_by, closed_at, reopened_by, reopened_at, reopen_reason) values (?, ?, ?, ?, ?, ?)");
  const close = sqlite.prepare("update financial_years set status = 'closed' where id = ?");
  sqlite.transaction(() => {
    years.forEach((y, i) => {
      const closedAt = `${Number(y.endsOn.slice(0, 4))}-06-28T16:00:00.000Z`;
      if (i === 0) closure.run(y.id, financeId, closedAt, admin, `${closedAt.slice(0, 4)}-07-02T09:00:00.000Z`, "A payment was recorded against the wrong grant.");
      closure.run(y.id, financeId, i === 0 ? `${closedAt.slice(0, 4)}-07-05T16:00:00.000Z` : closedAt, null, null, null);
      close.run(y.id);
    });
  })();
  return years.length;
}
