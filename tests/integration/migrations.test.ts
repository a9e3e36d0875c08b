import fs from "node:fs";
import path from "node:path";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../app/data/db.server";
import { migrateDatabase } from "../../db/migrate";
import { TMP_DIR } from "../support/paths";

/**
 * Upgrading a live database must keep its data. SQLite rebuilds a table to change it; with foreign
 * keys on, dropping the old `bids` table would cascade to every cost line.
 */
describe("upgrading an existing database", () => {
  it("keeps every bid and cost line when a later migration rebuilds the bids table", () => {
    const dir = path.join(TMP_DIR, `migrations-${process.pid}`);
    const folder = path.join(dir, "migrations");
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.join(folder, "meta"), { recursive: true });
    // The database as it was before the review statuses (migrations 0000–0003).
    const journal = JSON.parse(fs.readFileSync("db/migrations/meta/_journal.json", "utf8"));
    const early = journal.entries.slice(0, 4) as { tag: string }[];
    for (const entry of early) fs.copyFileSync(`db/migrations/${entry.tag}.sql`, path.join(folder, `${entry.tag}.sql`));
    fs.writeFileSync(path.join(folder, "meta", "_journal.json"), JSON.stringify({ ...journal, entries: early }));

    const { db, sqlite } = openDatabase(path.join(dir, "old.db"));
    migrate(db, { migrationsFolder: folder });
    sqlite.exec(`
      insert into organisations (id, kind, name, code, accountable_council) values (1, 'csp', 'Melton', 'melton', 'Melton Borough Council');
      insert into users (id, email, name, role, organisation_id, active, password_hash, created_at) values (1, 'a@b.test', 'A', 'csp_lead', 1, 1, 'x', '2023-01-01');
      insert into financial_years (id, label, starts_on, ends_on) values (1, '2023-24', '2023-04-01', '2024-03-31');
      insert into funding_streams (id, code, name, may_span_years, max_duration_months, match_funding_required) values (1, 'a', 'Annual', 0, 12, 0);
      insert into rounds (id, stream_id, financial_year_id, name, opens_on, closes_on, total_pot_pence, status) values (1, 1, 1, 'R', '2023-04-01', '2023-07-31', 100, 'open');
      insert into bids (id, round_id, csp_id, status, title, created_by, created_at, updated_by, updated_at) values (1, 1, 1, 'submitted', 'Drink Safe', 1, 'x', 1, 'x');
      insert into bid_cost_lines (bid_id, position, description, quantity_hundredths, unit_price_ten_thousandths, expenditure_type, recurrence, financial_year_id)
        values (1, 0, 'Testing strips', 100000, 15000, 'revenue', 'one_off', 1), (1, 1, 'Drink covers', 1000000, 1535, 'revenue', 'one_off', 1);
      insert into bid_risks (bid_id, position, description, likelihood, impact, mitigation) values (1, 0, 'Low take-up', 3, 2, 'Pubwatch');
    `);

    migrateDatabase(db);

    expect(sqlite.prepare("select count(*) as n from bids").get()).toEqual({ n: 1 });
    expect(sqlite.prepare("select count(*) as n from bid_cost_lines").get()).toEqual({ n: 2 });
    expect(sqlite.prepare("select count(*) as n from bid_risks").get()).toEqual({ n: 1 });
    expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps grants and their payment schedules when offers arrive, each to be accepted 28 days after its decision", () => {
    const dir = path.join(TMP_DIR, `migrations-offers-${process.pid}`);
    const folder = path.join(dir, "migrations");
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.join(folder, "meta"), { recursive: true });
    // The database as it was before offers, returns and payments (migrations 0000–0014).
    const journal = JSON.parse(fs.readFileSync("db/migrations/meta/_journal.json", "utf8"));
    const before = (journal.entries as { tag: string }[]).filter((e) => e.tag < "0015");
    for (const entry of before) fs.copyFileSync(`db/migrations/${entry.tag}.sql`, path.join(folder, `${entry.tag}.sql`));
    fs.writeFileSync(path.join(folder, "meta", "_journal.json"), JSON.stringify({ ...journal, entries: before }));

    const { db, sqlite } = openDatabase(path.join(dir, "old.db"));
    migrate(db, { migrationsFolder: folder });
    sqlite.exec(`
      insert into organisations (id, kind, name, code, accountable_council) values (1, 'csp', 'Melton', 'melton', 'Melton Borough Council');
      insert into users (id, email, name, role, organisation_id, active, password_hash, created_at) values (1, 'a@b.test', 'A', 'csp_lead', 1, 1, 'x', '2023-01-01');
      insert into financial_years (id, label, starts_on, ends_on) values (1, '2023-24', '2023-04-01', '2024-03-31');
      insert into funding_streams (id, code, name, may_span_years, max_duration_months, match_funding_required) values (1, 'a', 'Annual', 0, 12, 0);
      insert into rounds (id, stream_id, financial_year_id, name, opens_on, closes_on, total_pot_pence, status) values (1, 1, 1, 'R', '2023-04-01', '2023-07-31', 100, 'open');
      insert into bids (id, round_id, csp_id, status, title, created_by, created_at, updated_by, updated_at) values (1, 1, 1, 'approved', 'Drink Safe', 1, 'x', 1, 'x');
      insert into bid_cost_lines (id, bid_id, position, description, quantity_hundredths, unit_price_ten_thousandths, expenditure_type, recurrence, financial_year_id)
        values (1, 1, 0, 'Testing strips', 100000, 15000, 'revenue', 'one_off', 1);
      insert into decisions (id, reference, financial_year_id, sequence, bid_id, outcome, decided_on, decision_maker, lead_officer, reasons, conditions, declaration_of_interests, publishable, recorded_by, recorded_at)
        values (1, 'PCC/2023-24/001', 1, 1, 1, 'approved', '2023-07-20', 'PCC', 'Officer', 'Because', '[]', 'None', 1, 1, 'x');
      insert into decision_lines (decision_id, cost_line_id, approved_pence) values (1, 1, 150000);
      insert into grants (id, decision_id, bid_id, csp_id, payment_basis, created_at) values (1, 1, 1, 1, 'advance', 'x');
      insert into grant_payments (grant_id, due_on, label, amount_pence) values (1, '2023-07-20', 'Advance payment', 150000);
    `);

    migrateDatabase(db);

    expect(sqlite.prepare("select offer_status, accept_by, version from grants").get()).toEqual({ offer_status: "offered", accept_by: "2023-08-17", version: 1 });
    expect(sqlite.prepare("select count(*) as n from grant_payments").get()).toEqual({ n: 1 });
    expect(sqlite.prepare("select tolerance_basis_points as t, return_due_days as d, accept_by_days as a, certification_required as c from funding_streams").get()).toEqual({ t: 1000, d: 30, a: 28, c: 0 });
    sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
