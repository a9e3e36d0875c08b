import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import * as outboxPage from "../../app/routes/outbox";
import { outbox } from "../../db/schema";
import { request, run } from "../support/requests";

/**
 * /outbox, read by an administrator: 25 messages a page, newest first, narrowed by part of the
 * recipient's address, by whether each was sent, and by the dates it was written; a query string
 * that makes no sense is read as no filter at all, never as an error.
 */
const page = async (query = "") => (await run(outboxPage.loader, await request("admin", `/outbox${query}`))).data;

beforeAll(() => {
  db().delete(outbox).run();
  // 40 messages over 40 days of July and August 2023: every fourth to Blaby, three sent, two failed.
  for (let i = 0; i < 40; i++) {
    const day = new Date(Date.UTC(2023, 6, 1 + i, 12)).toISOString();
    db()
      .insert(outbox)
      .values({
        to: i % 4 === 0 ? `Lead.Blaby+${i}@demo.opcc.test` : `reviewer${i}@demo.opcc.test`,
        subject: `Message ${i}`,
        body: `Body ${i}`,
        createdAt: day,
        sentAt: i < 3 ? day : null,
        error: i >= 3 && i < 5 ? "Connection refused" : null,
      })
      .run();
  }
});

describe("the outbox", () => {
  it("shows 25 messages a page, newest first, and the rest on the next page", async () => {
    const first = await page();
    expect(first.outbox.count).toBe(40);
    expect(first.outbox.pages).toBe(2);
    expect(first.outbox.rows).toHaveLength(25);
    expect(first.outbox.rows[0].subject).toBe("Message 39");
    const second = await page("?page=2");
    expect(second.outbox.rows.map((m: { subject: string }) => m.subject)).toEqual(Array.from({ length: 15 }, (_, i) => `Message ${14 - i}`));
  });

  it("finds messages by any part of the recipient's address, in any case", async () => {
    const blaby = await page("?to=lead.BLABY");
    expect(blaby.outbox.count).toBe(10);
    expect(blaby.outbox.rows.every((m: { to: string }) => m.to.startsWith("Lead.Blaby"))).toBe(true);
    // What is typed is matched as itself, wildcards included.
    expect((await page("?to=%25")).outbox.count).toBe(0);
    expect((await page("?to=_")).outbox.count).toBe(0);
    expect((await page("?to=%2B1")).outbox.count).toBe(2); // Blaby's +12 and +16
  });

  it("tells sent, not yet sent and failed messages apart", async () => {
    expect((await page("?status=sent")).outbox.count).toBe(3);
    expect((await page("?status=failed")).outbox.count).toBe(2);
    expect((await page("?status=waiting")).outbox.count).toBe(35);
  });

  it("keeps to the dates it was written between, both days included", async () => {
    const july = await page("?from.day=10&from.month=7&from.year=2023&until.day=19&until.month=7&until.year=2023");
    expect(july.query).toMatchObject({ from: "2023-07-10", until: "2023-07-19" });
    expect(july.outbox.count).toBe(10);
    expect(july.outbox.rows.map((m: { subject: string }) => m.subject)[0]).toBe("Message 18");
    expect((await page("?from.day=1&from.month=8&from.year=2023")).outbox.count).toBe(9);
    expect((await page("?until.day=1&until.month=7&until.year=2023")).outbox.count).toBe(1);
  });

  it("combines the filters", async () => {
    expect((await page("?to=blaby&status=sent")).outbox.count).toBe(1);
  });

  it("reads a query string that makes no sense as no filter, never an error", async () => {
    for (const query of [
      "?status=lost",
      "?status=__proto__",
      "?page=0",
      "?page=-3",
      "?page=abc",
      "?page=99999999",
      "?from.day=31&from.month=2&from.year=2023",
      "?from.day=__proto__&from.month=constructor&from.year=toString",
      "?until.day=1&until.month=13&until.year=2023",
      "?__proto__=1&constructor=2&toString=3",
      "?to=",
    ]) {
      const res = await run(outboxPage.loader, await request("admin", `/outbox${query}`));
      expect(res.status, query).toBe(200);
      expect(res.data.query.status, query).toBeUndefined();
      expect(res.data.query.from, query).toBeUndefined();
      expect(res.data.query.until, query).toBeUndefined();
      expect(res.data.outbox.rows.length, query).toBeGreaterThan(0);
    }
    // A page past the last shows the last.
    expect((await page("?page=7")).outbox.page).toBe(2);
  });

  it("pages through the outbox newest first by its index on when each message was written", () => {
    const plan = db()
      .all<{ detail: string }>(sql`explain query plan select * from outbox where created_at >= '2023-07-10' order by created_at desc, id desc limit 25`)
      .map((p) => p.detail)
      .join("\n");
    expect(plan).toMatch(/outbox_created_idx/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});
