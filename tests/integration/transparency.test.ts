import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as root from "../../app/root";
import * as list from "../../app/routes/transparency._index";
import * as decisionPage from "../../app/routes/transparency.decisions.$reference";
import * as json from "../../app/routes/exports.360giving[.json]";
import * as csv from "../../app/routes/exports.360giving[.csv]";
import { addComment } from "../../app/data/review.server";
import { db } from "../../app/data/db.server";
import { decisions } from "../../db/schema";
import { correctDecision, decideGrant } from "../support/grants";
import { request, run, userId } from "../support/requests";

/**
 * /transparency shows the published grants and nothing else: a grant whose decision is not
 * publishable (with an FOI exemption, internal review comments and its own reasons as markers)
 * is nowhere in what any of the public pages send, nor is a grant whose publishable decision was
 * corrected by one that is not; a published correction shows what it corrected and why.
 */

const MARKER = "QZ9";
const HIDDEN = {
  exemption: `Section 31 law enforcement ${MARKER}`,
  reasons: `Reasons kept back ${MARKER}`,
  internalComment: `Internal review note ${MARKER}: the partnership's last project overran`,
  hiddenCorrection: `Corrected in confidence ${MARKER}`,
};
const PUBLISHED_CORRECTION = "The help point's installation was left off the approved lines.";

let published: ReturnType<typeof decideGrant>;
let withheld: ReturnType<typeof decideGrant>;
let corrected: ReturnType<typeof decideGrant>;
let correction: { reference: string; decisionId: number };
let hiddenlyCorrected: ReturnType<typeof decideGrant>;

beforeAll(() => {
  published = decideGrant("Convex mirrors at four sites", { writtenConditions: ["The mirrors are fitted by the council's highways team."], decidedOn: "2023-07-10" });
  withheld = decideGrant("Drink Safe", { publishable: false, foiExemption: HIDDEN.exemption, reasons: HIDDEN.reasons, decidedOn: "2023-07-10" });
  addComment(withheld.bidId, userId("reviewer"), "internal", HIDDEN.internalComment);
  addComment(published.bidId, userId("reviewer"), "internal", HIDDEN.internalComment);
  corrected = decideGrant("WCCTV help point and standard support package", { decidedOn: "2023-07-10" });
  const c = correctDecision(corrected.bidId, { reason: PUBLISHED_CORRECTION, decidedOn: "2023-07-12" });
  if (c.kind !== "recorded") throw new Error("no correction");
  correction = c;
  hiddenlyCorrected = decideGrant("Play Close CCTV", { decidedOn: "2023-07-10" });
  correctDecision(hiddenlyCorrected.bidId, { reason: HIDDEN.hiddenCorrection, publishable: false, foiExemption: HIDDEN.exemption, decidedOn: "2023-07-12" });
});

const page = async (path: string, who: Parameters<typeof request>[0] = null) => run<any>(list.loader, await request(who, path));

describe("/transparency", () => {
  it("lists the published grants: the publishable one and the published correction, never the withheld ones", async () => {
    const res = await page("/transparency");
    expect(res.status).toBe(200);
    const references = res.data.grants.rows.map((r: { reference: string }) => r.reference);
    expect(references).toContain(published.reference);
    expect(references).toContain(correction.reference);
    expect(references).not.toContain(withheld.reference);
    expect(references).not.toContain(corrected.reference);
    expect(references).not.toContain(hiddenlyCorrected.reference);
    expect(res.data.grants.total).toBe(2);
    const mirrors = res.data.grants.rows.find((r: { reference: string }) => r.reference === published.reference);
    expect(mirrors).toMatchObject({
      title: "Convex mirrors at four sites",
      accountableCouncil: "Melton Borough Council",
      cspName: "Safer Melton Partnership",
      grantedPence: 76_780,
      reasons: "Delivers the Police and Crime Plan's priority with measurable outcomes.",
      href: `/transparency/decisions/${encodeURIComponent(published.reference)}`,
    });
    expect(mirrors.conditions).toContain("The mirrors are fitted by the council's highways team.");
  });

  it("shows a correction with what it superseded and why", async () => {
    const res = await page("/transparency");
    const row = res.data.grants.rows.find((r: { reference: string }) => r.reference === correction.reference);
    expect(row.correction).toMatchObject({ supersedesReference: corrected.reference, reason: PUBLISHED_CORRECTION, supersedesPublishable: true });
    expect(row.supersedesHref).toBe(`/transparency/decisions/${encodeURIComponent(corrected.reference)}`);
  });

  it("sends no internal text, personal data or withheld decision to anyone, signed in or not", async () => {
    for (const who of [null, "meltonLead", "reviewer"] as const) {
      const body = JSON.stringify((await page("/transparency", who)).data);
      for (const hidden of Object.values(HIDDEN)) expect(body).not.toContain(hidden);
      expect(body).not.toContain(MARKER);
      // The lead officer, the declaration of interests, who recorded it, the review: never published.
      expect(body).not.toContain("Rachel Ward");
      expect(body).not.toMatch(/declaration|leadOfficer|foiExemption|recordedBy|moderat/i);
    }
  });

  it("filters by year, partnership and stream, by their public codes", async () => {
    expect((await page("/transparency?fy=2023-24&csp=melton&stream=csp-annual")).data.grants.total).toBe(2);
    expect((await page("/transparency?csp=charnwood")).data.grants.total).toBe(0);
    expect((await page("/transparency?stream=safer-streets-5")).data.grants.total).toBe(0);
    expect((await page("/transparency?fy=2024-25")).data.grants.total).toBe(0);
  });

  it("lists the allocations per partnership and year, filtered the same way", async () => {
    const res = await page("/transparency?fy=2023-24&csp=melton");
    const annual = res.data.allocations.rows.find((a: { roundName: string }) => a.roundName === "CSP annual allocation 2023-24");
    expect(annual).toMatchObject({ cspName: "Safer Melton Partnership", financialYear: "2023-24", amountPence: 3_100_000 });
    expect(res.data.allocations.rows.every((a: { cspName: string }) => a.cspName === "Safer Melton Partnership")).toBe(true);
  });

  it("answers a value that is not one of the choices with 400 and an error for each field, keeping what was typed", async () => {
    const res = await page("/transparency?fy=1999-00&csp=%3Cscript%3E&stream=safer-streets-5&page=2");
    expect(res.status).toBe(400);
    expect(res.data.errors.map((e: { field: string }) => e.field)).toEqual(["fy", "csp"]);
    expect(res.data.values).toEqual({ fy: "1999-00", csp: "<script>", stream: "safer-streets-5" });
    expect(res.data.grants).toBeNull();
    for (const bad of ["page=0", "page=abc", "apage=-1", "page=1e3", `csp=${"x".repeat(500)}`]) {
      expect((await page(`/transparency?${bad}`)).status, bad).toBe(400);
    }
  });

  it("takes a page past the last as the last page", async () => {
    const res = await page("/transparency?page=999999");
    expect(res.status).toBe(200);
    expect(res.data.grants.page).toBe(1);
  });

  it("may be cached by anyone when signed out, by no one when signed in", async () => {
    const out = await page("/transparency");
    expect(out.headers!.get("Cache-Control")).toBe("public, max-age=300");
    expect(out.headers!.get("Vary")).toBe("Cookie");
    expect(out.headers!.get("Set-Cookie")).toBeNull();
    const signedIn = await page("/transparency", "meltonLead");
    expect(signedIn.headers!.get("Cache-Control")).toBe("private, no-store");
    const headers = list.headers({ loaderHeaders: out.headers!, parentHeaders: new Headers(), actionHeaders: new Headers(), errorHeaders: undefined });
    expect(headers).toEqual({ "Cache-Control": "public, max-age=300", Vary: "Cookie" });
  });

  it("sets no visit cookie for a signed-out visitor (the root loader), and the header renders without one", async () => {
    const res = await run<any>(root.loader, await request(null, "/transparency"));
    expect(res.headers?.get("Set-Cookie") ?? null).toBeNull();
    expect(res.data).toMatchObject({ user: null, nav: [], csrf: "", requestId: null });
    // Elsewhere the sign-in form still gets its visit cookie.
    const login = await run<any>(root.loader, await request(null, "/login"));
    expect(login.headers?.get("Set-Cookie")).toMatch(/^portal_visit=/);
    // A decision's public page, too.
    const decision = await run<any>(root.loader, await request(null, `/transparency/decisions/${encodeURIComponent(published.reference)}`));
    expect(decision.headers?.get("Set-Cookie") ?? null).toBeNull();
  });
});

describe("/transparency/decisions/:reference", () => {
  const open = async (reference: string, who: Parameters<typeof request>[0] = null) =>
    run<any>(decisionPage.loader, await request(who, `/transparency/decisions/${encodeURIComponent(reference)}`), { reference });

  it("shows a publishable decision's published fields, by reference or by id", async () => {
    const byReference = await open(published.reference);
    expect(byReference.status).toBe(200);
    expect(byReference.data.decision).toMatchObject({ reference: published.reference, outcome: "approved", grantedPence: 76_780, accountableCouncil: "Melton Borough Council" });
    expect(byReference.headers!.get("Cache-Control")).toBe("public, max-age=300");
    const byId = await open(String(published.decisionId));
    expect(byId.data.decision.reference).toBe(published.reference);
  });

  it("is a 404 for a decision that is not publishable, and for one that does not exist", async () => {
    expect((await open(withheld.reference)).status).toBe(404);
    expect((await open(String(withheld.decisionId))).status).toBe(404);
    expect((await open("PCC/1999-00/999")).status).toBe(404);
    expect((await open("999999999")).status).toBe(404);
    expect((await open("x".repeat(5000))).status).toBe(404);
  });

  it("says a decision was corrected, naming the correction only when it is published", async () => {
    const old = await open(corrected.reference);
    expect(old.data.decision.supersededBy).toMatchObject({ reference: correction.reference, publishable: true });
    expect(old.data.supersededByHref).toBe(`/transparency/decisions/${encodeURIComponent(correction.reference)}`);
    const hidden = await open(hiddenlyCorrected.reference);
    expect(hidden.status).toBe(200);
    expect(hidden.data.decision.supersededBy).toEqual({ id: expect.any(Number), reference: null, publishable: false });
    expect(JSON.stringify(hidden.data)).not.toContain(MARKER);
    const corrections = await open(correction.reference);
    expect(corrections.data.decision.supersedes).toMatchObject({ reference: corrected.reference, reason: PUBLISHED_CORRECTION });
  });

  it("sends nothing unpublished", async () => {
    for (const ref of [published.reference, corrected.reference, correction.reference, hiddenlyCorrected.reference]) {
      const body = JSON.stringify((await open(ref)).data);
      expect(body).not.toContain(MARKER);
      expect(body).not.toContain("Rachel Ward");
      expect(body).not.toMatch(/declaration|leadOfficer|foiExemption|recordedBy|moderat/i);
    }
  });
});

describe("the 360Giving files", () => {
  it("hold only the published grants, cacheable by anyone", async () => {
    const res = (await json.loader({ request: await request(null, "/exports/360giving.json"), params: {}, context: {} })) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=300");
    expect(res.headers.get("Set-Cookie")).toBeNull();
    const text = await res.text();
    expect(text).not.toContain(MARKER);
    const ids = (JSON.parse(text) as { grants: { id: string }[] }).grants.map((g) => g.id);
    expect(ids).toEqual([published.reference, correction.reference].map((r) => `360G-lpcc-${r.replace(/\//g, "-")}`));
    const file = (await csv.loader({ request: await request(null, "/exports/360giving.csv"), params: {}, context: {} })) as Response;
    const body = await file.text();
    expect(body).not.toContain(MARKER);
    expect(body.trim().split("\r\n")).toHaveLength(3);
  });

  it("never holds the withheld decision even by id", () => {
    const withheldRow = db().select().from(decisions).where(eq(decisions.id, withheld.decisionId)).get()!;
    expect(withheldRow.publishable).toBe(false);
  });
});
