import { addDays } from "date-fns";
import { and, asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { parseIsoDate, toIsoDate } from "../../app/domain/financial-years";
import { ukDate } from "../../app/domain/round-window";
import * as dashboard from "../../app/routes/_index";
import * as edit from "../../app/routes/bids.$bidId.edit.$section";
import * as review from "../../app/routes/bids.$bidId.review";
import * as submit from "../../app/routes/bids.$bidId.submit";
import * as withdraw from "../../app/routes/bids.$bidId.withdraw";
import * as newBid from "../../app/routes/bids.new";
import * as roundPage from "../../app/routes/rounds.$roundId._index";
import { auditLog, fundingStreams, rounds } from "../../db/schema";
import { request, run, userId, type DemoUser } from "../support/requests";
import { annualRoundId, bidIdByTitle, bidRow, bidSnapshot, currentRoundId, databaseSnapshot, ss5RoundId, validSectionForms } from "./helpers";

/**
 * A round takes new bids and submissions of drafts only while its status is open and the moment is
 * within its dates (the end of its closing date, UK time); OPCC staff extend or reopen it with a
 * reason (decision record 13). The 2023-24 rounds are still "open" by status in the test database,
 * as they stood when their bids were submitted: only the clock has closed them.
 */

const roundRow = (id: number) => db().select().from(rounds).where(eq(rounds.id, id)).get()!;
const version = (id: number) => String(roundRow(id).version);
const roundAudit = (id: number) =>
  db().select().from(auditLog).where(and(eq(auditLog.entityType, "round"), eq(auditLog.entityId, id))).orderBy(asc(auditLog.id)).all();
const outboxSize = () => db().get<{ n: number }>(sql`select count(*) as n from outbox`).n;
const today = () => ukDate(new Date());
const plusDays = (iso: string, days: number) => toIsoDate(addDays(parseIsoDate(iso), days));
const dateForm = (name: string, iso: string) => {
  const [year, month, day] = iso.split("-").map(Number);
  return { [`${name}.day`]: String(day), [`${name}.month`]: String(month), [`${name}.year`]: String(year) };
};
const long = (iso: string) => parseIsoDate(iso).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });

/** "Change the round" as its page sends it, from the round as it is, with the fields given changed. */
const changeForm = (r: typeof rounds.$inferSelect, changes: Record<string, string> = {}) => {
  const stream = db().select().from(fundingStreams).where(eq(fundingStreams.id, r.streamId)).get()!;
  return {
    intent: "update", version: String(r.version), streamId: String(r.streamId), financialYearId: String(r.financialYearId), name: r.name,
    ...dateForm("opensOn", r.opensOn), ...dateForm("closesOn", r.closesOn),
    totalPot: String(r.totalPotPence / 100), centralFund: String(r.centralFundPence / 100), overProgramming: String(r.overProgrammingBasisPoints / 100), maxPerCsp: r.maxPerCspPence === null ? "" : String(r.maxPerCspPence / 100),
    maySpanYears: stream.maySpanYears ? "yes" : "no", maxDurationMonths: String(stream.maxDurationMonths), matchFundingRequired: stream.matchFundingRequired ? "yes" : "no",
    acceptByDays: String(stream.acceptByDays), returnDueDays: String(stream.returnDueDays), tolerance: String(stream.toleranceBasisPoints / 100), certificationRequired: stream.certificationRequired ? "yes" : "no",
    ...changes,
  };
};

const postRound = async (who: DemoUser | null, roundId: number, form: Record<string, string>) =>
  run<any>(roundPage.action, await request(who, `/rounds/${roundId}`, form), { roundId: String(roundId) });
const loadRound = async (roundId: number) => run<any>(roundPage.loader, await request("reviewer", `/rounds/${roundId}`), { roundId: String(roundId) });
const startPage = async (roundId: number) => run<any>(newBid.loader, await request("meltonLead", `/bids/new?round=${roundId}`));
const start = async (roundId: number, title: string) => run<any>(newBid.action, await request("meltonLead", `/bids/new?round=${roundId}`, { title }));
const submitBid = async (bidId: number) =>
  run<any>(submit.action, await request("meltonLead", `/bids/${bidId}/submit`, { version: String(bidRow(bidId)!.version) }), { bidId: String(bidId) });

describe("a round past its closing date, though its status is still open", () => {
  it("is one of the 2023-24 rounds: open by its status, closed by the clock", () => {
    expect(roundRow(annualRoundId())).toMatchObject({ status: "open", closesOn: "2023-07-31" });
    expect(roundRow(ss5RoundId())).toMatchObject({ status: "open", closesOn: "2023-12-31" });
  });

  it("its start page says it closed on 31 July 2023 and offers no form", async () => {
    const page = await startPage(annualRoundId());
    expect(page.status).toBe(200);
    expect(page.data.closed).toBe("This round closed on 31 July 2023.");
    expect(page.data.stateText).toBe("Closed on 31 July 2023");
  });

  it("refuses a new bid (409) with the reason, and writes nothing", async () => {
    const before = databaseSnapshot();
    const res = await start(annualRoundId(), "Christmas marshals");
    expect(res.status).toBe(409);
    expect(res.data.formError).toBe("This round closed on 31 July 2023. You can no longer start a bid in it, and no bid has been started.");
    expect(res.data.values.title).toBe("Christmas marshals");
    expect(databaseSnapshot()).toEqual(before);
  });

  it("refuses to submit a complete draft (409) with the reason, writing nothing and sending no e-mail", async () => {
    const bidId = bidIdByTitle("Solar lighting at Play Close Park");
    const check = await run<any>(submit.loader, await request("meltonLead", `/bids/${bidId}/submit`), { bidId: String(bidId) });
    expect(check.status).toBe(200);
    // Nothing else stands in its way: only the close.
    expect(check.data.problems).toEqual([]);
    expect(check.data.roundClosed).toBe("This round closed on 31 December 2023. A draft can no longer be submitted. You can still change it, withdraw it or delete it.");

    const before = { ...bidSnapshot(bidId), db: databaseSnapshot(), outbox: outboxSize() };
    const res = await submitBid(bidId);
    expect(res.status).toBe(409);
    expect(res.data.formError).toBe("This round closed on 31 December 2023. A draft can no longer be submitted. You can still change it, withdraw it or delete it. The bid was not submitted.");
    expect({ ...bidSnapshot(bidId), db: databaseSnapshot(), outbox: outboxSize() }).toEqual(before);
    expect(bidRow(bidId)!.status).toBe("draft");
  });

  it("a draft in it can still be changed and withdrawn", async () => {
    const bidId = bidIdByTitle("Body cameras and training for officers");
    const saved = await run(edit.action, await request("meltonLead", `/bids/${bidId}/edit/details`, { ...validSectionForms().details, title: "Body cameras for officers", version: String(bidRow(bidId)!.version) }), { bidId: String(bidId), section: "details" });
    expect(saved.status).toBe(302);
    expect(bidRow(bidId)!.title).toBe("Body cameras for officers");
    const withdrawn = await run(withdraw.action, await request("meltonLead", `/bids/${bidId}/withdraw`, { version: String(bidRow(bidId)!.version) }), { bidId: String(bidId) });
    expect(withdrawn.status).toBe(302);
    expect(bidRow(bidId)!.status).toBe("withdrawn");
  });

  it("a bid sent back for changes can still be resubmitted, even once the OPCC has also closed the round by hand", async () => {
    const roundId = annualRoundId();
    const closeReason = "Every 2023-24 bid has been decided.";
    expect((await postRound("reviewer", roundId, { intent: "status", status: "closed", closeReason, version: version(roundId) })).status).toBe(302);
    expect(roundRow(roundId).status).toBe("closed");
    // Closed after its closing date had passed: not "early".
    expect((await loadRound(roundId)).data.history.map((h: { text: string }) => h.text)).toEqual([expect.stringMatching(new RegExp(`^Closed by Rachel Ward on .+: ${closeReason}$`))]);

    const bidId = bidIdByTitle("Convex mirrors at four sites");
    const sent = await run(review.action, await request("reviewer", `/bids/${bidId}/review`, { intent: "request-changes", message: "Please name the four sites' landlords.", version: String(bidRow(bidId)!.version) }), { bidId: String(bidId) });
    expect(sent.status).toBe(302);
    expect(bidRow(bidId)!.status).toBe("changes_requested");

    const check = await run<any>(submit.loader, await request("meltonLead", `/bids/${bidId}/submit`), { bidId: String(bidId) });
    expect(check.data.roundClosed).toBeNull();
    const res = await submitBid(bidId);
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/bids/${bidId}/submitted`);
    expect(bidRow(bidId)!.status).toBe("submitted");
  });
});

describe("the closing date is kept by the clock", () => {
  const withDates = async (dates: { opensOn?: string; closesOn?: string }, check: () => Promise<void>) => {
    const roundId = currentRoundId();
    const saved = roundRow(roundId);
    db().update(rounds).set(dates).where(eq(rounds.id, roundId)).run();
    try {
      await check();
    } finally {
      db().update(rounds).set({ opensOn: saved.opensOn, closesOn: saved.closesOn }).where(eq(rounds.id, roundId)).run();
    }
  };

  it("a round closing today takes bids until midnight at the end of today", () =>
    withDates({ closesOn: today() }, async () => {
      const page = await startPage(currentRoundId());
      expect(page.data.closed).toBeNull();
      expect(page.data.stateText).toBe(`Closes at midnight at the end of ${long(today())}`);
      expect((await start(currentRoundId(), "Last-day bid")).status).toBe(302);
    }));

  it("a round that closed yesterday takes none, though its status is open", () =>
    withDates({ opensOn: plusDays(today(), -30), closesOn: plusDays(today(), -1) }, async () => {
      expect((await startPage(currentRoundId())).data.closed).toBe(`This round closed on ${long(plusDays(today(), -1))}.`);
      const before = databaseSnapshot();
      expect((await start(currentRoundId(), "Too late")).status).toBe(409);
      expect(databaseSnapshot()).toEqual(before);
      const dash = await run<any>(dashboard.loader, await request("meltonLead", "/"));
      expect(dash.data.rounds.find((r: any) => r.id === currentRoundId())).toMatchObject({ takesBids: false });
    }));

  it("a round opening tomorrow takes none yet", () =>
    withDates({ opensOn: plusDays(today(), 1) }, async () => {
      expect((await startPage(currentRoundId())).data.closed).toBe(`This round opens on ${long(plusDays(today(), 1))}.`);
      expect((await start(currentRoundId(), "Too early")).status).toBe(409);
    }));
});

describe("extending an open round's closing date", () => {
  const roundId = () => currentRoundId();
  const later = () => plusDays(roundRow(roundId()).closesOn, 14);
  const reason = "The partnerships asked for two more weeks after the county council's budget was delayed.";

  it("the round page offers an extension, not reopening", async () => {
    const page = await loadRound(roundId());
    expect(page.data).toMatchObject({ phase: "open", closingDateChange: "extend" });
    expect(page.data.stateText).toBe(`Closes at midnight at the end of ${long(roundRow(roundId()).closesOn)}`);
  });

  it("is refused without a reason (400), with what was typed kept and nothing written", async () => {
    const before = { round: roundRow(roundId()), audit: roundAudit(roundId()).length };
    const form: Record<string, string> = { intent: "extend", version: version(roundId()), ...dateForm("closingDate", later()), reason: "  " };
    const res = await postRound("reviewer", roundId(), form);
    expect(res.status).toBe(400);
    expect(res.data.errors).toEqual({ reason: "Enter why the closing date is being extended" });
    expect(res.data.values).toMatchObject({ "closingDate.day": form["closingDate.day"], reason: "  " });
    expect({ round: roundRow(roundId()), audit: roundAudit(roundId()).length }).toEqual(before);
  });

  it.each([
    ["the current closing date", 0, /^The new closing date must be after the current one, \d{1,2} \w+ \d{4}$/],
    ["a date before it", -3, /^The new closing date must be after the current one/],
  ])("is refused with %s (400 at the date), and nothing is written", async (_what, days, message) => {
    const before = { round: roundRow(roundId()), audit: roundAudit(roundId()).length };
    const res = await postRound("reviewer", roundId(), { intent: "extend", version: version(roundId()), ...dateForm("closingDate", plusDays(roundRow(roundId()).closesOn, days)), reason });
    expect(res.status).toBe(400);
    expect(Object.keys(res.data.errors)).toEqual(["closingDate"]);
    expect(res.data.errors.closingDate).toMatch(message);
    expect({ round: roundRow(roundId()), audit: roundAudit(roundId()).length }).toEqual(before);
  });

  it.each([
    [{ "closingDate.day": "", "closingDate.month": "", "closingDate.year": "" }, "Enter the new closing date"],
    [{ "closingDate.day": "31", "closingDate.month": "2", "closingDate.year": "2027" }, "The new closing date must be a real date, like 1 10 2023"],
  ])("is refused with no date or an impossible one (400)", async (date, message) => {
    const res = await postRound("reviewer", roundId(), { intent: "extend", version: version(roundId()), ...date, reason });
    expect(res.status).toBe(400);
    expect(res.data.errors.closingDate).toBe(message);
  });

  it.each([
    ["OPCC finance", "finance", 403],
    ["the Melton lead", "meltonLead", 403],
    ["the Charnwood lead", "charnwoodLead", 403],
    ["Melton's council finance officer", "meltonFinance", 403],
    ["someone signed out", null, 302],
  ] as const)("is refused for %s, and nothing is written", async (_who, who, status) => {
    const before = { round: roundRow(roundId()), audit: roundAudit(roundId()).length };
    const res = await postRound(who, roundId(), { intent: "extend", version: version(roundId()), ...dateForm("closingDate", later()), reason });
    expect(res.status).toBe(status);
    expect({ round: roundRow(roundId()), audit: roundAudit(roundId()).length }).toEqual(before);
  });

  it("an OPCC reviewer extends it with a reason: saved, audited with the dates before and after and the reason, and shown", async () => {
    const was = roundRow(roundId());
    const to = later();
    const res = await postRound("reviewer", roundId(), { intent: "extend", version: String(was.version), ...dateForm("closingDate", to), reason });
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/rounds/${roundId()}?done=extend`);
    expect(roundRow(roundId())).toMatchObject({ status: "open", closesOn: to, version: was.version + 1 });

    const audit = roundAudit(roundId()).at(-1)!;
    expect(audit).toMatchObject({ action: "round.closing_date_extended", userId: userId("reviewer") });
    expect(JSON.parse(audit.before!)).toEqual({ closesOn: was.closesOn });
    expect(JSON.parse(audit.after!)).toEqual({ closesOn: to, reason });

    const page = await loadRound(roundId());
    expect(page.data.stateText).toBe(`Closes at midnight at the end of ${long(to)}`);
    expect(page.data.history.map((h: { text: string }) => h.text)).toEqual([
      expect.stringMatching(new RegExp(`^Closing date extended from ${long(was.closesOn)} to ${long(to)} by Rachel Ward on .+: ${reason}$`)),
    ]);
    // The partnerships' dashboards follow.
    const dash = await run<any>(dashboard.loader, await request("meltonLead", "/"));
    expect(dash.data.rounds.find((r: any) => r.id === roundId()).stateText).toBe(`Closes at midnight at the end of ${long(to)}`);
  });

  it("is refused from a stale copy of the page (409), naming who changed the round, and nothing is written", async () => {
    const before = { round: roundRow(roundId()), audit: roundAudit(roundId()).length };
    const res = await postRound("reviewer", roundId(), { intent: "extend", version: String(Number(version(roundId())) - 1), ...dateForm("closingDate", later()), reason });
    expect(res.status).toBe(409);
    expect(res.data.formError).toMatch(/^You changed this round on .+ in another tab or window after you opened this page\. Your changes have not been saved/);
    expect({ round: roundRow(roundId()), audit: roundAudit(roundId()).length }).toEqual(before);
  });

  it("once a round has opened, 'Change the round' cannot move its closing date: that takes an extension or a reopening", async () => {
    const r = roundRow(roundId());
    const stream = db().select().from(fundingStreams).where(eq(fundingStreams.id, r.streamId)).get()!;
    const form = {
      intent: "update", version: String(r.version), streamId: String(r.streamId), financialYearId: String(r.financialYearId), name: r.name,
      ...dateForm("opensOn", r.opensOn), ...dateForm("closesOn", plusDays(r.closesOn, -7)),
      totalPot: String(r.totalPotPence / 100), centralFund: "0", overProgramming: "0", maxPerCsp: "",
      maySpanYears: stream.maySpanYears ? "yes" : "no", maxDurationMonths: String(stream.maxDurationMonths), matchFundingRequired: stream.matchFundingRequired ? "yes" : "no",
      acceptByDays: String(stream.acceptByDays), returnDueDays: String(stream.returnDueDays), tolerance: String(stream.toleranceBasisPoints / 100), certificationRequired: stream.certificationRequired ? "yes" : "no",
    };
    const res = await postRound("reviewer", roundId(), form);
    expect(res.status).toBe(400);
    expect(res.data.errors).toEqual({ closesOn: "To change the closing date of a round that has opened, extend it or reopen it, giving the reason" });
    expect(roundRow(roundId())).toEqual(r);
    // The rest of the round can still be changed.
    expect((await postRound("reviewer", roundId(), { ...form, ...dateForm("closesOn", r.closesOn), totalPot: String(r.totalPotPence / 100 + 9000) })).status).toBe(302);
    expect(roundRow(roundId())).toMatchObject({ closesOn: r.closesOn, totalPotPence: r.totalPotPence + 900_000 });
  });

  it("once a round has opened, 'Change the round' cannot move its opening date either, and the round keeps taking bids", async () => {
    const r = roundRow(roundId());
    const audit = roundAudit(roundId()).length;
    for (const opensOn of [plusDays(today(), 14), plusDays(today(), -7)]) {
      const res = await postRound("reviewer", roundId(), changeForm(r, dateForm("opensOn", opensOn)));
      expect(res.status).toBe(400);
      expect(res.data.errors).toEqual({ opensOn: `The round has opened, so its opening date, ${long(r.opensOn)}, can no longer be changed. To stop it taking bids, close it, giving the reason` });
      expect(res.data.values).toMatchObject(Object.fromEntries(Object.entries(dateForm("opensOn", opensOn)).map(([k, v]) => [k, v])));
    }
    expect(roundRow(roundId())).toEqual(r);
    expect(roundAudit(roundId()).length).toBe(audit);
    const dash = await run<any>(dashboard.loader, await request("meltonLead", "/"));
    expect(dash.data.rounds.find((x: any) => x.id === roundId())).toMatchObject({ takesBids: true, stateText: `Closes at midnight at the end of ${long(r.closesOn)}` });

    // Both dates at once: both fields say why.
    const both = await postRound("reviewer", roundId(), changeForm(r, { ...dateForm("opensOn", plusDays(today(), 1)), ...dateForm("closesOn", plusDays(r.closesOn, 7)) }));
    expect(both.status).toBe(400);
    expect(Object.keys(both.data.errors).sort()).toEqual(["closesOn", "opensOn"]);
    expect(roundRow(roundId())).toEqual(r);
  });

  it("a round that has not opened yet (open, its opening date to come) may still have both its dates changed", async () => {
    const saved = roundRow(roundId());
    db().update(rounds).set({ opensOn: plusDays(today(), 3), closesOn: plusDays(today(), 30) }).where(eq(rounds.id, roundId())).run();
    try {
      const r = roundRow(roundId());
      const res = await postRound("reviewer", roundId(), changeForm(r, { ...dateForm("opensOn", plusDays(today(), 5)), ...dateForm("closesOn", plusDays(today(), 40)) }));
      expect(res.status).toBe(302);
      expect(roundRow(roundId())).toMatchObject({ opensOn: plusDays(today(), 5), closesOn: plusDays(today(), 40) });
      expect(roundAudit(roundId()).at(-1)).toMatchObject({ action: "round.changed", userId: userId("reviewer") });
    } finally {
      db().update(rounds).set({ opensOn: saved.opensOn, closesOn: saved.closesOn }).where(eq(rounds.id, roundId())).run();
    }
  });

  it("a closed round cannot be extended: it is reopened instead (409)", async () => {
    const res = await postRound("reviewer", ss5RoundId(), { intent: "extend", version: version(ss5RoundId()), ...dateForm("closingDate", plusDays(today(), 7)), reason });
    expect(res.status).toBe(409);
    expect(res.data.formError).toBe("The round has closed since you opened this page: reopen it instead.");
  });
});

describe("reopening a closed round", () => {
  const reason = "Two partnerships could not submit because of the council elections.";

  it("the round page offers reopening, and the status switch alone cannot reopen it (409)", async () => {
    const page = await loadRound(ss5RoundId());
    expect(page.data).toMatchObject({ phase: "closed", closingDateChange: "reopen", stateText: "Closed on 31 December 2023" });
    const before = roundRow(ss5RoundId());
    const res = await postRound("reviewer", ss5RoundId(), { intent: "status", status: "open", version: String(before.version) });
    expect(res.status).toBe(409);
    expect(res.data.formError).toBe("To reopen the round, give a new closing date and the reason for reopening it.");
    expect(roundRow(ss5RoundId())).toEqual(before);
  });

  it("is refused with a closing date in the past (400), or without a reason (400), and nothing is written", async () => {
    const before = { round: roundRow(ss5RoundId()), audit: roundAudit(ss5RoundId()).length };
    const past = await postRound("reviewer", ss5RoundId(), { intent: "reopen", version: version(ss5RoundId()), ...dateForm("closingDate", plusDays(today(), -1)), reason });
    expect(past.status).toBe(400);
    expect(past.data.errors).toEqual({ closingDate: "The new closing date must be today or in the future" });
    const noReason = await postRound("reviewer", ss5RoundId(), { intent: "reopen", version: version(ss5RoundId()), ...dateForm("closingDate", plusDays(today(), 7)), reason: "" });
    expect(noReason.status).toBe(400);
    expect(noReason.data.errors).toEqual({ reason: "Enter why the round is being reopened" });
    expect({ round: roundRow(ss5RoundId()), audit: roundAudit(ss5RoundId()).length }).toEqual(before);
  });

  it("is refused for OPCC finance (403), and nothing is written", async () => {
    const before = roundRow(ss5RoundId());
    expect((await postRound("finance", ss5RoundId(), { intent: "reopen", version: String(before.version), ...dateForm("closingDate", plusDays(today(), 7)), reason })).status).toBe(403);
    expect(roundRow(ss5RoundId())).toEqual(before);
  });

  it("reopened with a new closing date and a reason: audited, shown, and taking bids and submissions again", async () => {
    const roundId = ss5RoundId();
    const to = plusDays(today(), 7);
    const res = await postRound("reviewer", roundId, { intent: "reopen", version: version(roundId), ...dateForm("closingDate", to), reason });
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/rounds/${roundId}?done=reopen`);
    expect(roundRow(roundId)).toMatchObject({ status: "open", closesOn: to });
    const audit = roundAudit(roundId).at(-1)!;
    expect(audit).toMatchObject({ action: "round.reopened", userId: userId("reviewer") });
    expect(JSON.parse(audit.before!)).toEqual({ status: "open", closesOn: "2023-12-31" });
    expect(JSON.parse(audit.after!)).toEqual({ status: "open", closesOn: to, reason });
    const page = await loadRound(roundId);
    expect(page.data.history.at(-1).text).toMatch(new RegExp(`^Reopened by Rachel Ward on .+, closing on ${long(to)} \\(it had closed on 31 December 2023\\): ${reason}$`));

    expect((await startPage(roundId)).data.closed).toBeNull();
    const bidId = bidIdByTitle("Target hardening");
    expect((await submitBid(bidId)).status).toBe(302);
    expect(bidRow(bidId)!.status).toBe("submitted");
  });

  it("a round closed by hand is reopened the same way, its status open again", async () => {
    const roundId = currentRoundId();
    const closeReason = "The PCC has asked for the round to be paused while the budget is reviewed.";
    const was = roundRow(roundId);
    expect((await postRound("reviewer", roundId, { intent: "status", status: "closed", closeReason, version: version(roundId) })).status).toBe(302);
    expect((await startPage(roundId)).data.closed).toBe("The OPCC has closed this round.");
    expect((await start(roundId, "After the OPCC closed it")).status).toBe(409);
    expect((await loadRound(roundId)).data).toMatchObject({ phase: "closed", closingDateChange: "reopen", stateText: "Closed by the OPCC" });
    const closed = roundAudit(roundId).at(-1)!;
    expect(closed).toMatchObject({ action: "round.closed", userId: userId("reviewer") });
    expect(JSON.parse(closed.before!)).toEqual({ status: "open", closesOn: was.closesOn });
    expect(JSON.parse(closed.after!)).toEqual({ status: "closed", reason: closeReason });

    const to = roundRow(roundId).closesOn;
    const res = await postRound("reviewer", roundId, { intent: "reopen", version: version(roundId), ...dateForm("closingDate", to), reason });
    expect(res.status).toBe(302);
    expect(roundRow(roundId)).toMatchObject({ status: "open", closesOn: to });
    expect(JSON.parse(roundAudit(roundId).at(-1)!.before!)).toEqual({ status: "closed", closesOn: to });
    expect((await start(roundId, "After it reopened")).status).toBe(302);
    // Its closing date had not come: the history says the OPCC closed it early, and when, not that it "had closed on" a date still to come.
    const history = (await loadRound(roundId)).data.history.map((h: { text: string }) => h.text);
    expect(history.slice(-2)).toEqual([
      expect.stringMatching(new RegExp(`^Closed early by Rachel Ward on .+ \\(it was to close on ${long(was.closesOn)}\\): ${closeReason}$`)),
      expect.stringMatching(new RegExp(`^Reopened by Rachel Ward on .+, closing on ${long(to)} \\(it had been closed early by the OPCC on ${long(today())}\\): ${reason}$`)),
    ]);
    expect(history.join("\n")).not.toContain("it had closed on");
  });

  it("closing a round by hand needs a reason (400 at the field, nothing written)", async () => {
    const roundId = currentRoundId();
    const before = { round: roundRow(roundId), audit: roundAudit(roundId).length };
    for (const closeReason of [undefined, "   "]) {
      const res = await postRound("reviewer", roundId, { intent: "status", status: "closed", version: version(roundId), ...(closeReason === undefined ? {} : { closeReason }) });
      expect(res.status).toBe(400);
      expect(res.data.errors).toEqual({ closeReason: "Enter why the round is being closed early" });
    }
    expect({ round: roundRow(roundId), audit: roundAudit(roundId).length }).toEqual(before);
    expect(roundRow(roundId).status).toBe("open");
  });
});
