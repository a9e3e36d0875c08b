import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSRF_FIELD, sessionCsrfToken } from "../../app/auth/csrf.server";
import { currentSession, startSession } from "../../app/auth/session.server";
import { closeDb, db } from "../../app/data/db.server";
import { ensureFinancialYears } from "../../app/data/financial-years.server";
import { createUser } from "../../app/data/users.server";
import * as roundsNew from "../../app/routes/rounds.new";
import * as streamPage from "../../app/routes/settings.streams.$streamId";
import * as streamsList from "../../app/routes/settings.streams._index";
import * as newStream from "../../app/routes/settings.streams.new";
import * as yearsPage from "../../app/routes/settings.years";
import { migrateDatabase } from "../../db/migrate";
import { prepareDatabase } from "../../db/prepare";
import { auditLog, financialYears, fundingStreams, organisations } from "../../db/schema";
import { TMP_DIR } from "../support/paths";
import { request, run, type DemoUser } from "../support/requests";

/** Funding streams and financial years an administrator keeps (/settings/streams, /settings/years). */

type Who = DemoUser | null;
const EVERYONE: Who[] = [null, "meltonLead", "charnwoodLead", "reviewer", "finance", "meltonFinance", "admin"];
const expected = (who: Who, adminStatus: number) => (who === null ? 302 : who === "admin" ? adminStatus : 403);

const STREAM = {
  name: "Safer Streets 6", code: "safer-streets-6", description: "Home Office money through the OPCC.",
  maySpanYears: "yes", maxDurationMonths: "18", matchFundingRequired: "no", acceptByDays: "21", returnDueDays: "30",
  tolerance: "12.5", certificationRequired: "yes", virementCap: "2500.50",
};

describe("pages × roles", () => {
  it.each(EVERYONE)("%s", async (who) => {
    expect((await run(streamsList.loader, await request(who, "/settings/streams"))).status).toBe(expected(who, 200));
    expect((await run(newStream.loader, await request(who, "/settings/streams/new"))).status).toBe(expected(who, 200));
    expect((await run(newStream.action, await request(who, "/settings/streams/new", { ...STREAM, name: "" }))).status).toBe(expected(who, 400));
    expect((await run(streamPage.loader, await request(who, "/settings/streams/1"), { streamId: "1" })).status).toBe(expected(who, 200));
    expect((await run(streamPage.loader, await request(who, "/settings/streams/x"), { streamId: "x" })).status).toBe(expected(who, 404));
    expect((await run(yearsPage.loader, await request(who, "/settings/years"))).status).toBe(expected(who, 200));
    expect((await run(yearsPage.action, await request(who, "/settings/years", { next: "1999-00" }))).status).toBe(expected(who, 409));
  });
});

describe("funding streams", () => {
  it("bad input is answered 400 on each field, what was typed kept", async () => {
    const res = await run<any>(newStream.action, await request("admin", "/settings/streams/new", {
      ...STREAM, code: "Not A Slug", maxDurationMonths: "121", tolerance: "101", virementCap: "-1", acceptByDays: "0", maySpanYears: "",
    }));
    expect(res.status).toBe(400);
    expect(Object.keys(res.data.errors).sort()).toEqual(["acceptByDays", "code", "maxDurationMonths", "maySpanYears", "tolerance", "virementCap"]);
    expect(res.data.values.code).toBe("Not A Slug");
    expect(res.data.values.tolerance).toBe("101");
  });

  it("a stream is added, audited, offered on /rounds/new; its code is its own; a stale edit is refused; retired it is not offered", async () => {
    const added = await run(newStream.action, await request("admin", "/settings/streams/new", STREAM));
    expect(added).toMatchObject({ status: 302, location: "/settings/streams?done=added" });
    const stream = db().select().from(fundingStreams).where(eq(fundingStreams.code, "safer-streets-6")).get()!;
    expect(stream).toMatchObject({ maySpanYears: true, maxDurationMonths: 18, toleranceBasisPoints: 1250, virementCapPence: 250050, acceptByDays: 21, certificationRequired: true, version: 1 });
    expect(db().select().from(auditLog).where(eq(auditLog.action, "stream.created")).all().map((a) => a.entityId)).toContain(stream.id);

    const again = await run<any>(newStream.action, await request("admin", "/settings/streams/new", { ...STREAM, code: "SAFER-STREETS-6" }));
    expect(again.status).toBe(400);
    expect(again.data.errors.code).toMatch(/already a stream with this code/);

    const offered = async () => (await run<any>(roundsNew.loader, await request("reviewer", "/rounds/new"))).data.streams.map((s: { id: number }) => s.id);
    expect(await offered()).toContain(stream.id);

    const params = { streamId: String(stream.id) };
    const saved = await run(streamPage.action, await request("admin", `/settings/streams/${stream.id}`, { ...STREAM, version: "1", name: "Safer Streets 6 (2027)" }), params);
    expect(saved.status).toBe(302);
    const stale = await run<any>(streamPage.action, await request("admin", `/settings/streams/${stream.id}`, { ...STREAM, version: "1", name: "From an old copy" }), params);
    expect(stale.status).toBe(409);
    expect(stale.data.formError).toMatch(/changed this stream/);
    expect(stale.data.values.name).toBe("From an old copy");
    expect(db().select().from(fundingStreams).where(eq(fundingStreams.id, stream.id)).get()).toMatchObject({ name: "Safer Streets 6 (2027)", version: 2 });

    expect((await run(streamPage.action, await request("admin", `/settings/streams/${stream.id}`, { intent: "retire", version: "2" }), params)).status).toBe(302);
    expect(await offered()).not.toContain(stream.id);
    const refused = await run<any>(roundsNew.action, await request("reviewer", "/rounds/new", { streamId: String(stream.id) }));
    expect(refused.status).toBe(400);
    expect((await run(streamPage.action, await request("admin", `/settings/streams/${stream.id}`, { intent: "restore", version: "3" }), params)).status).toBe(302);
    expect(await offered()).toContain(stream.id);
    expect(db().select().from(auditLog).where(eq(auditLog.entityId, stream.id)).all().filter((a) => a.entityType === "stream").map((a) => a.action)).toEqual(["stream.created", "stream.updated", "stream.retired", "stream.restored"]);
  });

  it("the round form still changes its stream's rules, with the same messages", async () => {
    const res = await run<any>(roundsNew.action, await request("reviewer", "/rounds/new", { tolerance: "101", maxDurationMonths: "0" }));
    expect(res.status).toBe(400);
    expect(res.data.errors.tolerance).toMatch(/percentage from 0 to 100/);
    expect(res.data.errors.maxDurationMonths).toBe("A project may run from 1 to 120 months");
  });
});

describe("financial years", () => {
  it("adds the next year after the latest, audited; the same page twice is refused the second time", async () => {
    const page = await run<any>(yearsPage.loader, await request("admin", "/settings/years"));
    const next: string = page.data.next;
    expect(page.data.years.map((y: { label: string }) => y.label)).not.toContain(next);
    expect((await run(yearsPage.action, await request("admin", "/settings/years", { next }))).status).toBe(302);
    const year = db().select().from(financialYears).where(eq(financialYears.label, next)).get()!;
    expect(year.startsOn.slice(5)).toBe("04-01");
    expect(year.endsOn.slice(5)).toBe("03-31");
    expect(db().select().from(auditLog).where(eq(auditLog.action, "financial_year.created")).all().map((a) => a.entityId)).toContain(year.id);
    const twice = await run<any>(yearsPage.action, await request("admin", "/settings/years", { next }));
    expect(twice.status).toBe(409);
    expect(twice.data.formError).toMatch(/the next year to add is now/);
    expect((await run<any>(roundsNew.loader, await request("reviewer", "/rounds/new"))).data.years.map((y: { label: string }) => y.label)).toContain(next);
  });

  it("the years a date needs are made once, by the portal", () => {
    const before = db().select().from(financialYears).all().length;
    expect(ensureFinancialYears("2026-12-01T12:00:00.000Z")).toEqual([]);
    expect(db().select().from(financialYears).all().length).toBe(before);
  });
});

describe("an empty portal, as `npm run admin:create` leaves it", () => {
  const file = path.join(TMP_DIR, `streams-years-empty-${process.pid}.db`);
  let previous: string | undefined;
  let cookie = "";
  beforeAll(async () => {
    previous = process.env.DATABASE_PATH;
    closeDb();
    process.env.DATABASE_PATH = file;
    migrateDatabase(db());
    const opcc = db().insert(organisations).values({ kind: "opcc", code: "opcc", name: "Office of the Police and Crime Commissioner" }).returning().get();
    const id = createUser({ email: "first.admin@opcc.example", name: "First Admin", role: "admin", organisationId: opcc.id, passwordHash: "x", createdBy: null });
    ensureFinancialYears();
    closeDb();
    expect(await prepareDatabase({ demo: false })).toEqual({ seeded: false, demo: false });
    cookie = (await startSession(id)).split(";")[0];
  });
  afterAll(() => {
    closeDb();
    process.env.DATABASE_PATH = previous;
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  });
  const as = async (p: string, form?: Record<string, string>) => {
    const headers = new Headers({ Cookie: cookie });
    if (!form) return new Request(`http://localhost${p}`, { headers });
    const session = await currentSession(new Request("http://localhost/", { headers }));
    const body = new URLSearchParams({ [CSRF_FIELD]: sessionCsrfToken(session!.key), ...form });
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    return new Request(`http://localhost${p}`, { method: "POST", headers, body });
  };

  it("has the current financial year and, once a stream is added, /rounds/new offers both", async () => {
    expect(db().get<{ n: number }>(sql`select count(*) as n from financial_years`).n).toBeGreaterThanOrEqual(1);
    const before = await run<any>(roundsNew.loader, await as("/rounds/new"));
    expect(before.data.streams).toEqual([]);
    expect(before.data.years.length).toBeGreaterThanOrEqual(1);
    expect((await run(newStream.action, await as("/settings/streams/new", STREAM))).status).toBe(302);
    const after = await run<any>(roundsNew.loader, await as("/rounds/new"));
    expect(after.data.streams.map((s: { name: string }) => s.name)).toEqual(["Safer Streets 6"]);
  });
});
