import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { searchBids } from "../../app/data/search.server";
import { bidScopeOf, type Viewer } from "../../app/domain/access-rules";
import { MAX_SEARCH_LENGTH, searchQuery } from "../../app/domain/search-query";
import { JOBS, runDueJobs } from "../../app/jobs/scheduler.server";
import * as search from "../../app/routes/search";
import { bids, decisions } from "../../db/schema";
import { approveBid } from "../support/accepted-grant";
import { request, run, userId, type DemoUser } from "../support/requests";
import { bidIdByTitle, cspId, startCurrentDraft } from "./helpers";

/** /search: bids, grants and decisions through the FTS5 table search_bids (decision record 29). */

type Found = NonNullable<Awaited<ReturnType<typeof search.loader>> extends infer T ? (T extends { found: infer F } ? F : never) : never>;

async function searchAs(who: DemoUser | null, q: string | null, page?: string) {
  const params = new URLSearchParams();
  if (q !== null) params.set("q", q);
  if (page !== undefined) params.set("page", page);
  return run<{ q: string; error: string | null; found: Found | null }>(search.loader, await request(who, `/search?${params.toString()}`));
}

async function titlesFor(who: DemoUser, q: string) {
  const res = await searchAs(who, q);
  expect(res.status, `searching "${q}" as ${who}`).toBe(200);
  return res.data!.found!.results.map((r) => r.title);
}

describe("search", () => {
  it("finds bids by title, summary, partnership and delivery partner, as the user types", async () => {
    expect(await titlesFor("reviewer", "drink safe")).toEqual(["Drink Safe"]);
    expect(await titlesFor("reviewer", "drink sa")).toEqual(["Drink Safe"]);
    expect(await titlesFor("reviewer", "drink-spiking")).toEqual(["Drink Safe"]);
    expect(await titlesFor("reviewer", "WCCTV")).toContain("WCCTV help point and standard support package");
    expect(await titlesFor("reviewer", "street pastors")).toEqual(["Loughborough night-time economy street pastors"]);
    expect(await titlesFor("reviewer", "Violence Reduction Network")).toEqual(["Knife crime prevention in schools"]);
    expect(await titlesFor("reviewer", "Fosse")).toEqual(["Fosse Park retail crime partnership"]);
    const melton = await titlesFor("reviewer", "Safer Melton");
    expect(melton).toEqual(expect.arrayContaining(["Drink Safe", "Play Close CCTV", "Convex mirrors at four sites"]));
    expect(melton).not.toContain("Fosse Park retail crime partnership");
  });

  it("finds a decision by its reference, with links to the bid, its grant and the decision", async () => {
    const bidId = bidIdByTitle("Play Close CCTV");
    const grantId = approveBid(bidId);
    const decision = db().select().from(decisions).where(eq(decisions.bidId, bidId)).get()!;
    expect(decision.reference).toMatch(/^PCC\/2023-24\/\d{3}$/);
    for (const who of ["reviewer", "meltonLead", "finance", "meltonFinance"] as const) {
      const res = await searchAs(who, decision.reference);
      const first = res.data!.found!.results[0];
      expect(first, `${who} finds ${decision.reference}`).toMatchObject({ bidId, title: "Play Close CCTV", grantId, decisions: [{ id: decision.id, reference: decision.reference }], status: "approved" });
    }
    // Typed in lower case, or only its start.
    expect((await titlesFor("reviewer", decision.reference.toLowerCase()))[0]).toBe("Play Close CCTV");
    expect(await titlesFor("reviewer", decision.reference.slice(0, -1))).toContain("Play Close CCTV");
    // Another partnership does not find it.
    expect(await titlesFor("charnwoodLead", decision.reference)).toEqual([]);
  });

  it("ranks a match in the title above one in the summary", async () => {
    const lead = userId("meltonLead");
    const inTitle = startCurrentDraft("Quokka patrols", { userId: lead });
    const inSummary = startCurrentDraft("Park wardens", { userId: lead });
    db().update(bids).set({ summary: "Wardens in the park, looking out for the quokka and its friends; more quokka sightings mean fewer thefts." }).where(eq(bids.id, inSummary)).run();
    const res = await searchAs("meltonLead", "quokka");
    expect(res.data!.found!.results.map((r) => r.bidId)).toEqual([inTitle, inSummary]);
    // The snippet marks the matched word in the summary; the page shows it in <mark>.
    expect(res.data!.found!.results[1].snippet).toContain("\u0002quokka\u0003");
  });

  it("keeps the index in step with edits, renamed partnerships and deletions", async () => {
    const lead = userId("meltonLead");
    const id = startCurrentDraft("Wombat watch", { userId: lead });
    expect(await titlesFor("meltonLead", "wombat")).toEqual(["Wombat watch"]);
    db().update(bids).set({ title: "Badger watch" }).where(eq(bids.id, id)).run();
    expect(await titlesFor("meltonLead", "wombat")).toEqual([]);
    expect(await titlesFor("meltonLead", "badger")).toEqual(["Badger watch"]);
    db().run(sql`update organisations set name = 'Melton Safer Together' where id = ${cspId("melton")}`);
    expect(await titlesFor("meltonLead", "together badger")).toEqual(["Badger watch"]);
    db().run(sql`update organisations set name = 'Safer Melton Partnership' where id = ${cspId("melton")}`);
    db().delete(bids).where(eq(bids.id, id)).run();
    expect(await titlesFor("meltonLead", "badger")).toEqual([]);
  });

  it("finds the same once the daily job has merged the index into one segment", async () => {
    const segments = () => db().get<{ n: number }>(sql`select count(distinct segid) as n from search_bids_idx`).n;
    const lead = userId("meltonLead");
    // Each save writes a segment of its own, until FTS5 merges a batch of them.
    const made: number[] = [];
    while (segments() < 2 && made.length < 20) made.push(startCurrentDraft(`Quokka count ${made.length}`, { userId: lead }));
    expect(segments()).toBeGreaterThan(1);
    const before = await titlesFor("meltonLead", "quokka");
    const job = JOBS.filter((j) => j.name === "search-index");
    expect(runDueJobs(new Date(), { force: true, jobs: job })).toEqual([{ name: "search-index", status: "ran", summary: expect.stringMatching(/^search index merged from \d+ segments into one$/) }]);
    expect(segments()).toBe(1);
    expect(await titlesFor("meltonLead", "quokka")).toEqual(before);
    expect(runDueJobs(new Date(), { force: true, jobs: job })[0].summary).toBe("search index already in one segment");
    for (const id of made) db().delete(bids).where(eq(bids.id, id)).run();
  });

  it("shows a partnership only its own bids, drafts included, and the OPCC only bids ever submitted", async () => {
    // Charnwood's draft: Charnwood finds it; the OPCC and Melton do not.
    expect(await titlesFor("charnwoodLead", "domestic abuse")).toEqual(["Domestic abuse awareness in workplaces"]);
    for (const who of ["reviewer", "finance", "admin", "meltonLead", "meltonFinance"] as const) expect(await titlesFor(who, "domestic abuse"), who).toEqual([]);
    // Another partnership's submitted bid is never found by a partnership.
    expect(await titlesFor("meltonLead", "Loughborough")).toEqual([]);
    expect(await titlesFor("meltonFinance", "street pastors")).toEqual([]);
    // A bid withdrawn after it was submitted stays with the OPCC, as on /bids.
    expect(await titlesFor("reviewer", "Shepshed")).toEqual(["Shepshed youth diversion football"]);
    // A draft started and withdrawn before it was ever submitted: its partnership only.
    const lead = userId("meltonLead");
    const unsent = startCurrentDraft("Aardvark awareness", { userId: lead });
    db().update(bids).set({ status: "withdrawn" }).where(eq(bids.id, unsent)).run();
    expect(await titlesFor("meltonLead", "aardvark")).toEqual(["Aardvark awareness"]);
    expect(await titlesFor("reviewer", "aardvark")).toEqual([]);
    // Nothing that matches everything leaks across: a partnership searching for every CSP's name.
    const everything = await searchAs("meltonLead", "partnership");
    const foreign = everything.data!.found!.results.filter((r) => r.cspName !== "Safer Melton Partnership");
    expect(foreign).toEqual([]);
  });

  it("counts and pages in SQL", async () => {
    const lead = userId("meltonLead");
    for (let i = 0; i < 45; i++) startCurrentDraft(`Numbat survey ${i}`, { userId: lead });
    const first = await searchAs("meltonLead", "numbat");
    expect(first.data!.found).toMatchObject({ count: 45, page: 1, pages: 3 });
    expect(first.data!.found!.results).toHaveLength(20);
    const third = await searchAs("meltonLead", "numbat", "3");
    expect(third.data!.found!.results).toHaveLength(5);
    const ids = new Set([...first.data!.found!.results, ...(await searchAs("meltonLead", "numbat", "2")).data!.found!.results, ...third.data!.found!.results].map((r) => r.bidId));
    expect(ids.size).toBe(45);
    // A page past the end shows the last; a malformed one the first.
    expect((await searchAs("meltonLead", "numbat", "999999")).data!.found!.page).toBe(3);
    for (const bad of ["abc", "0", "-2", "1.5", "9999999999", ""]) expect((await searchAs("meltonLead", "numbat", bad)).data!.found!.page, bad).toBe(1);
  });

  it("answers FTS5 syntax, quotes and punctuation as text, never with a 500", async () => {
    const nasty = ['"', '""', "'", "AND", "OR", "NOT", "NEAR", "NEAR(drink safe)", "drink OR", "drink AND", "(", ")", "^drink", "title:drink", "{title summary}: drink", "-drink", "+", "drink*", "\\", "%", "_",
      "'; drop table bids; --", 'drink" OR "safe', "drink NEAR/2 safe", "*drink", "::", "\u0000", "😀 drink", "PCC/2023-24/014", "PCC//", "2023-24"];
    for (const q of nasty) {
      const res = await searchAs("reviewer", q);
      expect([200, 400], `searching ${JSON.stringify(q)}`).toContain(res.status);
    }
    expect(await titlesFor("reviewer", "title:drink")).toEqual([]);
    expect(await titlesFor("reviewer", "(drink) [safe]")).toEqual(["Drink Safe"]);
    expect(db().get<{ n: number }>(sql`select count(*) as n from bids`).n).toBeGreaterThan(0);
  });

  it("refuses an empty search, one of punctuation only, and one longer than the box takes, keeping what was typed", async () => {
    for (const [q, message] of [
      ["", "Enter words to search for"],
      ["   ", "Enter words to search for"],
      ["*", "Enter words or a decision reference to search for, using letters or numbers"],
      ['" * -', "Enter words or a decision reference to search for, using letters or numbers"],
      ["x".repeat(MAX_SEARCH_LENGTH + 1), `Search for ${MAX_SEARCH_LENGTH} characters or fewer`],
    ] as const) {
      const res = await searchAs("reviewer", q);
      expect(res.status, JSON.stringify(q)).toBe(400);
      expect(res.data).toMatchObject({ q, error: message, found: null });
    }
    // With no search yet, just the form.
    expect(await searchAs("reviewer", null)).toMatchObject({ status: 200, data: { q: "", error: null, found: null } });
  });

  it("is for people who may read bids: signed out, it asks you to sign in", async () => {
    const res = await searchAs(null, "drink");
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/^\/login\?redirectTo=/);
  });

  it("finds nothing for a delivery partner's account, which sees no bids", () => {
    const partner: Viewer = { userId: 0, role: "csp_lead", organisationId: 0, organisationKind: "partner" };
    const q = searchQuery("drink");
    expect(q.ok && searchBids(bidScopeOf(partner), q.match, 1).count).toBe(0);
  });
});
