import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { checkDatabase } from "../../scripts/load/database-checks";
import { formBody, formWith } from "../../scripts/load/forms";

// The load and crash tests (scripts/load.ts, scripts/crash.ts) run against a built portal in
// `npm test`'s own step; these are the parts of them that decide pass or fail.

describe("the load test's forms", () => {
  const page = `
    <form method="post" action="/logout"><input type="hidden" name="csrf" value="t1"><button>Sign out</button></form>
    <form method="post" action="/bids/7/edit/details?x=1&amp;y=2">
      <input type="hidden" name="csrf" value="t1"/>
      <input type="hidden" name="version" value="4">
      <input class="govuk-input" name="title" type="text" value="Youth &amp; &quot;outreach&quot;">
      <textarea name="summary" rows="3">
Line one &lt;b&gt;</textarea>
      <input type="radio" name="fund" value="allocation" checked><input type="radio" name="fund" value="central">
      <input type="checkbox" name="agree" value="yes"><input type="file" name="upload">
      <select name="year"><option value="1">2025</option><option value="2" selected>2026</option></select>
      <button type="submit" name="intent" value="add">Add</button>
    </form>`;

  it("posts back what the page drew, as a browser would, with the one field changed", () => {
    const form = formWith(page, "version")!;
    expect(form.action).toBe("/bids/7/edit/details?x=1&y=2");
    expect(Object.fromEntries(new URLSearchParams(formBody(form, { summary: "New" })))).toEqual({
      csrf: "t1",
      version: "4",
      title: 'Youth & "outreach"',
      summary: "New",
      fund: "allocation",
      year: "2",
    });
    expect(new URLSearchParams(formBody(form)).get("summary")).toBe("Line one <b>");
  });

  it("finds the form by a field's value, and none where there is none", () => {
    expect(formWith(page, "csrf")!.action).toBe("/logout");
    expect(formWith(page, "fund", "central")).toBeNull();
  });
});

describe("the crash test's checks", () => {
  let dir: string;
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function database() {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "crash-checks-"));
    const file = path.join(dir, "portal.db");
    const sqlite = new Database(file);
    sqlite.exec(`
      create table bids (id integer primary key, title text not null, summary text not null default '');
      create table review_comments (id integer primary key, bid_id integer not null references bids(id), body text not null);
      create table audit_log (id integer primary key, bid_id integer, action text not null, after text);
      insert into bids values (1, 'Crash test bid 0.1.1', 'Crash test summary 0.3');
      insert into audit_log (bid_id, action, after) values (1, 'bid.created', '{}'),
        (1, 'bid.section.details.saved', '{"summary":"Crash test summary 0.2"}'), (1, 'bid.section.details.saved', '{"summary":"Crash test summary 0.3"}');
    `);
    return { file, sqlite };
  }

  it("passes a database holding every acknowledged write, and a later save whose answer the kill cut off", () => {
    const { file, sqlite } = database();
    sqlite.close();
    expect(checkDatabase(file, [
      { kind: "bid", bidId: 1, title: "Crash test bid 0.1.1" },
      { kind: "details", bidId: 1, seq: 2, summary: "Crash test summary 0.2" },
    ])).toEqual([]);
  });

  it("reports an acknowledged comment that is missing, an acknowledged save rolled back, and a broken foreign key", () => {
    const { file, sqlite } = database();
    sqlite.pragma("foreign_keys = OFF");
    sqlite.exec("insert into review_comments values (1, 99, 'orphan')");
    sqlite.close();
    const problems = checkDatabase(file, [
      { kind: "comment", bidId: 1, body: "Crash test comment 2.1.1" },
      { kind: "details", bidId: 1, seq: 4, summary: "Crash test summary 0.4" },
    ]);
    expect(problems).toEqual([
      expect.stringMatching(/^foreign_key_check: 1 rows/),
      'comment "Crash test comment 2.1.1" on bid 1 was acknowledged but is missing',
      'the save of "Crash test summary 0.4" on bid 1 has no audit entry',
      `bid 1's summary is "Crash test summary 0.3", older than the acknowledged "Crash test summary 0.4"`,
    ]);
  });
});
