import { describe, expect, it } from "vitest";
import { bidScopeOf, canSeeBid, cspOf, hasPermission, isOpccStaff, type Permission, type Role, type Viewer } from "./access-rules";
import { BID_STATUSES } from "./bid-lifecycle";

const MELTON = 11;
const CHARNWOOD = 12;
const OPCC = 1;
const PARTNER = 30;

const viewer = (role: Role, organisationKind: Viewer["organisationKind"], organisationId: number): Viewer => ({
  userId: 100,
  role,
  organisationId,
  organisationKind,
});

const meltonLead = viewer("csp_lead", "csp", MELTON);
const meltonFinanceOfficer = viewer("finance", "csp", MELTON);
const opccReviewer = viewer("opcc_reviewer", "opcc", OPCC);
const opccFinance = viewer("finance", "opcc", OPCC);
const opccAdmin = viewer("admin", "opcc", OPCC);
const partnerLead = viewer("csp_lead", "partner", PARTNER);

const ALL_PERMISSIONS: Permission[] = ["dashboard:view", "bid:read", "bid:create", "bid:edit", "bid:submit", "bid:withdraw"];
const ACTING: Permission[] = ["bid:create", "bid:edit", "bid:submit", "bid:withdraw"];

const permissionsOf = (v: Viewer) => ALL_PERMISSIONS.filter((p) => hasPermission(v, p));

describe("what each role may do", () => {
  it("a CSP lead may view the dashboard and read, create, edit, submit and withdraw bids", () => {
    expect(permissionsOf(meltonLead)).toEqual(ALL_PERMISSIONS);
  });

  it("an OPCC reviewer may view the dashboard and read bids, but not create, edit, submit or withdraw them", () => {
    expect(permissionsOf(opccReviewer)).toEqual(["dashboard:view", "bid:read"]);
  });

  it("OPCC finance may only view the dashboard and read bids", () => {
    expect(permissionsOf(opccFinance)).toEqual(["dashboard:view", "bid:read"]);
  });

  it("an administrator may only view the dashboard and read bids", () => {
    expect(permissionsOf(opccAdmin)).toEqual(["dashboard:view", "bid:read"]);
  });

  it("only an OPCC administrator may change the portal's settings (reference format, conditions, rubrics)", () => {
    expect(hasPermission(opccAdmin, "settings:manage")).toBe(true);
    for (const v of [meltonLead, meltonFinanceOfficer, opccReviewer, opccFinance, partnerLead, viewer("admin", "csp", MELTON)]) {
      expect(hasPermission(v, "settings:manage")).toBe(false);
    }
  });

  it("a council finance officer reads their partnership's bids but cannot create, edit, submit or withdraw them", () => {
    expect(hasPermission(meltonFinanceOfficer, "dashboard:view")).toBe(true);
    expect(hasPermission(meltonFinanceOfficer, "bid:read")).toBe(true);
    for (const p of ACTING) expect(hasPermission(meltonFinanceOfficer, p), p).toBe(false);
  });

  it("a lead whose account belongs to the OPCC or a delivery partner cannot act for any partnership", () => {
    const opccLead = viewer("csp_lead", "opcc", OPCC);
    for (const p of ACTING) {
      expect(hasPermission(opccLead, p), p).toBe(false);
      expect(hasPermission(partnerLead, p), p).toBe(false);
    }
    expect(hasPermission(opccLead, "bid:read")).toBe(true);
    expect(hasPermission(partnerLead, "dashboard:view")).toBe(true);
  });

  it("no role other than CSP lead can act on bids, whatever organisation it belongs to", () => {
    for (const role of ["opcc_reviewer", "finance", "admin"] as const) {
      for (const kind of ["opcc", "csp", "partner"] as const) {
        for (const p of ACTING) expect(hasPermission(viewer(role, kind, MELTON), p), `${role}/${kind}/${p}`).toBe(false);
      }
    }
  });
});

describe("which partnership a viewer is confined to", () => {
  it("a CSP's own people are confined to their CSP", () => {
    expect(cspOf(meltonLead)).toBe(MELTON);
    expect(cspOf(meltonFinanceOfficer)).toBe(MELTON);
  });

  it("OPCC staff are not confined to one CSP", () => {
    expect(cspOf(opccReviewer)).toBeNull();
    expect(cspOf(opccAdmin)).toBeNull();
    expect(isOpccStaff(opccReviewer)).toBe(true);
    expect(isOpccStaff(meltonLead)).toBe(false);
    expect(isOpccStaff(partnerLead)).toBe(false);
  });

  it("a CSP viewer's scope is their own CSP, drafts included", () => {
    expect(bidScopeOf(meltonLead)).toEqual({ cspId: MELTON, includeDrafts: true });
    expect(bidScopeOf(meltonFinanceOfficer)).toEqual({ cspId: MELTON, includeDrafts: true });
  });

  it("OPCC staff's scope is every CSP, drafts excluded", () => {
    expect(bidScopeOf(opccReviewer)).toEqual({ cspId: null, includeDrafts: false });
    expect(bidScopeOf(opccAdmin)).toEqual({ cspId: null, includeDrafts: false });
  });

  it("a delivery partner's scope matches no partnership", () => {
    const scope = bidScopeOf(partnerLead);
    expect(scope.includeDrafts).toBe(false);
    expect(scope.cspId).not.toBeNull();
    expect([MELTON, CHARNWOOD, OPCC, PARTNER]).not.toContain(scope.cspId);
  });
});

describe("which bids a viewer can see", () => {
  const bid = (cspId: number, status: (typeof BID_STATUSES)[number], everSubmitted = status !== "draft") => ({ cspId, status, everSubmitted });

  it("a CSP lead sees every bid of their own CSP, including drafts", () => {
    for (const status of BID_STATUSES) expect(canSeeBid(meltonLead, bid(MELTON, status)), status).toBe(true);
  });

  it("a CSP lead sees no bid of another CSP, whatever its status", () => {
    for (const status of BID_STATUSES) expect(canSeeBid(meltonLead, bid(CHARNWOOD, status)), status).toBe(false);
  });

  it("a council finance officer sees their own CSP's bids, drafts included, and no other CSP's", () => {
    for (const status of BID_STATUSES) {
      expect(canSeeBid(meltonFinanceOfficer, bid(MELTON, status)), status).toBe(true);
      expect(canSeeBid(meltonFinanceOfficer, bid(CHARNWOOD, status)), status).toBe(false);
    }
  });

  it("OPCC staff see submitted and withdrawn bids of every CSP", () => {
    for (const staff of [opccReviewer, opccFinance, opccAdmin]) {
      for (const cspId of [MELTON, CHARNWOOD]) {
        expect(canSeeBid(staff, bid(cspId, "submitted"))).toBe(true);
        expect(canSeeBid(staff, bid(cspId, "withdrawn"))).toBe(true);
      }
    }
  });

  it("OPCC staff do not see a draft its CSP withdrew before ever submitting it", () => {
    for (const staff of [opccReviewer, opccFinance, opccAdmin]) expect(canSeeBid(staff, bid(MELTON, "withdrawn", false))).toBe(false);
    expect(canSeeBid(meltonLead, bid(MELTON, "withdrawn", false))).toBe(true);
  });

  it("OPCC staff do not see any CSP's draft bids", () => {
    for (const staff of [opccReviewer, opccFinance, opccAdmin]) {
      for (const cspId of [MELTON, CHARNWOOD]) expect(canSeeBid(staff, bid(cspId, "draft"))).toBe(false);
    }
  });

  it("a delivery partner sees no bids at all", () => {
    for (const status of BID_STATUSES) {
      for (const cspId of [MELTON, CHARNWOOD, PARTNER]) expect(canSeeBid(partnerLead, bid(cspId, status))).toBe(false);
    }
  });

  it("canSeeBid agrees with the scope a query would apply", () => {
    const viewers = [meltonLead, meltonFinanceOfficer, opccReviewer, opccAdmin, partnerLead];
    for (const v of viewers) {
      const scope = bidScopeOf(v);
      for (const cspId of [MELTON, CHARNWOOD]) {
        for (const status of BID_STATUSES) {
          const inScope = (scope.cspId === null || scope.cspId === cspId) && (scope.includeDrafts || status !== "draft");
          expect(canSeeBid(v, bid(cspId, status))).toBe(inScope);
        }
      }
    }
  });
});
