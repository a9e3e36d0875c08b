import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEntriesQuery, auditIdsQuery, listAudit, type AuditFilters } from "../../app/data/audit-log.server";
import { recordAudit } from "../../app/data/audit.server";
import { db } from "../../app/data/db.server";
import * as auditCsv from "../../app/routes/settings.audit[.csv]";
import * as auditPage from "../../app/routes/settings.audit._index";
import { readCsv } from "../support/csv-read";
import { DEMO, request, run, userId, type DemoUser } from "../support/requests";

/**
 * /settings/audit and /settings/audit.csv, read by an administrator: the log newest first, 50 a
 * page by keyset on id, filtered by who, record, bid, kind and dates; before and after in words;
 * the CSV holds exactly the rows the pages list; nonsense answers 400 with what was typed; only
 * administrators get in. Entries of a kind the demo never writes ("widget") make the counts exact.
 */

type Row = { id: number; who: string; kind: string; at: string; record: { type: string; id: number; href: string | null }; bid: { id: number } | null; lines: { field: string; from?: string; to?: string }[] };
const page = async (query = "", who: DemoUser = "admin") => run(auditPage.loader, await request(who, `/settings/audit${query}`));
const rowsOf = async (query: string) => {
  const res = await page(query);
  expect(res.status, query).toBe(200);
  return res.data.page as { rows: Row[]; newer: number | null; older: number | null };
};
/** Every page, following the "Older" links. */
async function allPages(query: string): Promise<Row[]> {
  const all: Row[] = [];
  let cursor: number | null = null;
  for (let i = 0; i < 20; i++) {
    const p = await rowsOf(`${query}${cursor === null ? "" : `&before=${cursor}`}`);
    all.push(...p.rows);
    if (p.older === null) return all;
    cursor = p.older;
  }
  throw new Error("too many pages");
}

let firstId = 0;
const BID = 990_001;

beforeAll(() => {
  const admin = userId("admin");
  const reviewer = userId("reviewer");
  // 130 entries over July 2023, one a day-ish: 120 widget changes (a third by the portal), 10 widget removals about one bid.
  db().transaction((tx) => {
    for (let i = 0; i < 130; i++) {
      const at = new Date(Date.UTC(2023, 6, 1 + Math.floor(i / 5), 9, i % 60)).toISOString();
      const removal = i >= 120;
      recordAudit(
        tx,
        {
          userId: i % 3 === 0 ? null : i % 3 === 1 ? admin : reviewer,
          action: removal ? "widget.removed" : "widget.changed",
          entityType: "widget",
          entityId: removal ? 7 : 1000 + i,
          bidId: removal || i === 5 ? BID : null,
          before: removal ? { name: `Widget ${i}` } : { amountPence: 100, name: "Same" },
          after: removal ? undefined : { amountPence: 250 + i, name: "Same", active: true },
        },
        at,
      );
    }
  });
  firstId = db().get<{ id: number }>(sql`select min(id) as id from audit_log where entity_type = 'widget'`)!.id;
});

describe("the audit log page", () => {
  it("lists the newest 50 first, then older and newer pages by keyset, with no count", async () => {
    const first = await rowsOf("?type=widget");
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0].id).toBe(firstId + 129);
    expect(first.rows.map((r) => r.id)).toEqual([...first.rows.map((r) => r.id)].sort((a, b) => b - a));
    expect(first.newer).toBeNull();
    expect(first.older).toBe(firstId + 80);
    const second = await rowsOf(`?type=widget&before=${first.older}`);
    expect(second.rows[0].id).toBe(firstId + 79);
    expect(second.newer).toBe(firstId + 79);
    const third = await rowsOf(`?type=widget&before=${second.older}`);
    expect(third.rows).toHaveLength(30);
    expect(third.older).toBeNull();
    // "Newer" from the second page is the first page again.
    const back = await rowsOf(`?type=widget&after=${second.newer}`);
    expect(back.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    expect(back.newer).toBeNull();
    expect(back.older).toBe(first.older);
    expect(JSON.stringify((await page("?type=widget")).data)).not.toMatch(/"count"|"total"/);
  });

  it("shows each entry's who, kind, record and before and after in words", async () => {
    const { rows } = await rowsOf("?type=widget");
    const newestChange = rows.find((r) => r.kind === "Widget: changed")!;
    expect(newestChange.id).toBe(firstId + 119);
    expect(newestChange.who).not.toBe("The portal");
    expect(newestChange.lines).toEqual([
      { field: "Amount", from: "£1.00", to: "£3.69", kind: "changed" },
      { field: "Active", to: "yes", kind: "set" },
    ]);
    const removal = rows[0];
    expect(removal.kind).toBe("Widget: removed");
    expect(removal.lines).toEqual([{ field: "Name", from: "Widget 129", kind: "removed" }]);
    expect(removal.record).toEqual({ type: "Widget", id: 7, href: null });
    expect(removal.bid).toEqual({ id: BID, href: `/bids/${BID}` });
    const portal = rows.find((r) => r.id === firstId + 126)!;
    expect(portal.who).toBe("The portal");
    expect(rows.find((r) => r.id === firstId + 127)!.who).not.toBe("The portal");
  });

  it("links a record to its page where it has one", async () => {
    const { rows } = await rowsOf("");
    const bidEntry = rows.find((r) => r.record.type === "Bid");
    if (bidEntry) expect(bidEntry.record.href).toBe(`/bids/${bidEntry.record.id}`);
  });

  it("filters by person (e-mail in any case, or the portal), record, bid, kind and dates", async () => {
    const all = await allPages("?type=widget");
    expect(all).toHaveLength(130);
    const byAdmin = await allPages(`?type=widget&person=${encodeURIComponent(DEMO.admin.toUpperCase())}`);
    expect(byAdmin.map((r) => r.id)).toEqual(all.filter((r) => (r.id - firstId) % 3 === 1).map((r) => r.id));
    const byPortal = await allPages("?type=widget&person=portal");
    expect(byPortal).toHaveLength(44);
    expect(byPortal.every((r) => r.who === "The portal")).toBe(true);
    expect((await allPages("?type=widget&record=7")).map((r) => r.id)).toEqual(all.filter((r) => r.id >= firstId + 120).map((r) => r.id));
    expect((await allPages(`?bid=${BID}`)).map((r) => r.id)).toEqual([...all.filter((r) => r.id >= firstId + 120).map((r) => r.id), firstId + 5]);
    expect(await allPages("?kind=widget.removed")).toHaveLength(10);
    // Five a day from 1 July: 3 and 4 July (UK days) are entries 10 to 19.
    const days = await allPages("?type=widget&from.day=3&from.month=7&from.year=2023&until.day=4&until.month=7&until.year=2023");
    expect(days.map((r) => r.id - firstId)).toEqual(Array.from({ length: 10 }, (_, i) => 19 - i));
    const combined = await allPages(`?kind=widget.changed&person=portal&from.day=3&from.month=7&from.year=2023&bid=${BID}`);
    expect(combined).toEqual([]);
    expect((await rowsOf(`?kind=widget.changed&person=portal&from.day=3&from.month=7&from.year=2023&bid=${BID}`)).rows).toEqual([]);
  });

  it("offers the kinds of change and of record the log holds", async () => {
    const { choices } = (await page()).data;
    expect(choices.kinds).toContainEqual({ value: "widget.removed", label: "Widget: removed" });
    expect(choices.types).toContainEqual({ value: "widget", label: "Widget" });
    expect(new Set(choices.kinds.map((k: { value: string }) => k.value)).size).toBe(choices.kinds.length);
  });

  it("refuses filters that make no sense with 400, the errors and what was typed", async () => {
    const cases: [string, string][] = [
      ["?record=abc&type=widget", "record"],
      ["?record=12", "type"],
      ["?bid=12x", "bid"],
      ["?kind=no.such.kind", "kind"],
      ["?type=no_such_type", "type"],
      ["?person=not-an-address", "person"],
      ["?person=nobody%40example.com", "person"],
      ["?from.day=31&from.month=2&from.year=2023", "from.day"],
      ["?from.day=3&from.year=2023", "from.day"],
      ["?from.day=5&from.month=7&from.year=2023&until.day=4&until.month=7&until.year=2023", "until.day"],
    ];
    for (const [query, field] of cases) {
      const res = await page(query);
      expect(res.status, query).toBe(400);
      expect(Object.keys(res.data.state.errors), query).toContain(field);
      expect(res.data.page).toBeNull();
      const csv = (await run(auditCsv.loader, await request("admin", `/settings/audit.csv${query}`))) as { status: number };
      expect(csv.status, query).toBe(400);
    }
    const kept = await page("?record=abc&type=widget&person=someone%40example.com&kind=no.such");
    expect(kept.data.state.values).toMatchObject({ record: "abc", type: "widget", person: "someone@example.com", kind: "no.such" });
    // Every problem at once, whether the words or the database found it.
    expect(Object.keys(kept.data.state.errors).sort()).toEqual(["kind", "person", "record"]);
    // A cursor that is not a number is the first page, not an error.
    expect((await page("?before=abc&after=-1")).status).toBe(200);
  });

  it("is for administrators only", async () => {
    for (const who of ["reviewer", "finance", "meltonLead", "meltonFinance"] as const) {
      expect((await page("", who)).status, who).toBe(403);
      expect((await run(auditCsv.loader, await request(who, "/settings/audit.csv"))).status, who).toBe(403);
    }
    expect((await run(auditPage.loader, await request(null, "/settings/audit"))).status).toBe(302);
  });
});

describe("the audit log's CSV", () => {
  it("holds exactly the rows the pages list, with the change in words and the stored JSON", async () => {
    const query = "?type=widget&kind=widget.changed";
    const listed = await allPages(query);
    const res = (await auditCsv.loader({ request: await request("admin", `/settings/audit.csv${query}`), params: {}, context: {} } as never)) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = readCsv(Buffer.from(bytes.subarray(3)).toString("utf8"));
    expect(header).toEqual(["When", "Who", "Email", "Kind", "Record type", "Record id", "Bid id", "Partnership", "Change", "Before", "After"]);
    expect(rows).toHaveLength(listed.length);
    expect(rows.map((r) => [r[0], r[1], r[3], Number(r[5])])).toEqual(listed.map((r) => [r.at, r.who, r.kind, r.record.id]));
    const newest = rows[0];
    expect(newest[8]).toBe("Amount: £1.00 → £3.69; Active: yes");
    expect(JSON.parse(newest[9])).toEqual({ amountPence: 100, name: "Same" });
    expect(JSON.parse(newest[10])).toEqual({ amountPence: 369, name: "Same", active: true });
    expect(newest[2]).toMatch(/@demo\.opcc\.test$/);
  });
});

describe("the audit log's queries", () => {
  const combos: [string, AuditFilters][] = [];
  const parts: [string, AuditFilters][] = [
    ["person", { userId: 1 }],
    ["portal", { userId: null }],
    ["record", { entityType: "bid", entityId: 5 }],
    ["type", { entityType: "bid" }],
    ["bid", { bidId: 5 }],
    ["kind", { action: "bid.submitted" }],
    ["dates", { atFrom: "2023-07-01T00:00:00.000Z", atUntil: "2023-07-31T23:59:59.999Z" }],
  ];
  // Every combination of filters (person and portal are one box, record and type one pair).
  for (let mask = 0; mask < 1 << parts.length; mask++) {
    const chosen = parts.filter((_, i) => mask & (1 << i));
    const names = chosen.map(([n]) => n);
    if (names.includes("person") && names.includes("portal")) continue;
    if (names.includes("record") && names.includes("type")) continue;
    combos.push([names.join("+") || "none", Object.assign({}, ...chosen.map(([, f]) => f))]);
  }

  it.each(combos)("%s: read through an index (or the primary key in order), never a scan of the table", (name, filters) => {
    for (const cursor of [{}, { before: 1000 }, { after: 10 }]) {
      const plan = db()
        .all<{ detail: string }>(sql`explain query plan ${auditIdsQuery(filters, { ...cursor, limit: 51 })}`)
        .map((p) => p.detail)
        .join("\n");
      const onlyDates = name === "none" || name === "dates";
      if (onlyDates) {
        // The primary key walked in id order (stopping at the page), or the date index.
        expect(plan, `${name} ${JSON.stringify(cursor)}`).toMatch(/^(SCAN a|SEARCH a USING INTEGER PRIMARY KEY|SEARCH a USING (COVERING )?INDEX audit_log_at_idx)/);
        if (/^SCAN a/.test(plan)) expect(plan).not.toMatch(/TEMP B-TREE/);
      } else {
        expect(plan, `${name} ${JSON.stringify(cursor)}`).toMatch(/SEARCH a USING (COVERING )?INDEX audit_log_(user|entity|entity_type|bid|action|at)_idx/);
        // A kind of record alone is read newest first from its own index (migration 0021), not sorted.
        if (name === "type") expect(plan).not.toMatch(/TEMP B-TREE/);
      }
    }
  });

  it.each(combos)("%s: the page's entries are joined by their ids, never by reading the whole log", (name, filters) => {
    const plan = db()
      .all<{ detail: string }>(sql`explain query plan ${auditEntriesQuery(filters, {}, 51)}`)
      .map((p) => p.detail);
    expect(plan, name).toContain("SEARCH a USING INTEGER PRIMARY KEY (rowid=?)");
    expect(plan.filter((d) => /^SCAN a\b/.test(d)).length, name).toBeLessThanOrEqual(1);
  });

  it("a page asks for 51 rows at most and never counts", () => {
    const text = auditIdsQuery({ action: "bid.submitted" }, { limit: 51 });
    const compiled = db().all<{ detail: string }>(sql`explain query plan ${text}`);
    expect(compiled.length).toBeGreaterThan(0);
    expect(listAudit({ action: "no.such" }).rows).toEqual([]);
  });
});
