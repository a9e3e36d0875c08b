import { describe, expect, it } from "vitest";
import { menuSection } from "./menu-section";

const OPCC = ["/", "/bids", "/review", "/rounds", "/grants"];
const CSP = ["/", "/bids", "/grants"];

describe("the menu item a page belongs to", () => {
  it("a bid's review and decision pages are Review, not Bids", () => {
    expect(menuSection("/bids/12/review", OPCC)).toBe("/review");
    expect(menuSection("/bids/12/decision", OPCC)).toBe("/review");
    expect(menuSection("/review", OPCC)).toBe("/review");
  });

  it("the bid itself, its sections and the list are Bids", () => {
    for (const path of ["/bids", "/bids/12", "/bids/12/edit/costs", "/bids/12/submit", "/bids/new"]) expect(menuSection(path, OPCC)).toBe("/bids");
    expect(menuSection("/bids/12/edit/costs", CSP)).toBe("/bids");
  });

  it("the dashboard only at /, and each section by its address", () => {
    expect(menuSection("/", OPCC)).toBe("/");
    expect(menuSection("/rounds/3/allocations", OPCC)).toBe("/rounds");
    expect(menuSection("/grants/", OPCC)).toBe("/grants");
  });

  it("the reconciliation's pages, a grant's among them, are Finance", () => {
    const finance = [...OPCC, "/finance"];
    for (const path of ["/finance", "/finance/csp/4", "/finance/grants/12"]) expect(menuSection(path, finance)).toBe("/finance");
    expect(menuSection("/grants/12", finance)).toBe("/grants");
  });

  it("a grant's returns are Returns; the grant itself is Grants", () => {
    const withReturns = [...OPCC, "/returns"];
    expect(menuSection("/grants/4/returns/17", withReturns)).toBe("/returns");
    expect(menuSection("/grants/4/returns/17/edit", withReturns)).toBe("/returns");
    expect(menuSection("/grants/4", withReturns)).toBe("/grants");
    expect(menuSection("/returns", withReturns)).toBe("/returns");
    expect(menuSection("/grants/4/returns/17", OPCC)).toBe("/grants");
  });

  it("a grant's variations belong to Variations for OPCC officers, who reach them from the queue, and to Grants for a partnership", () => {
    expect(menuSection("/grants/4/variations/9", [...OPCC, "/variations"])).toBe("/variations");
    expect(menuSection("/grants/4/variations/new", CSP)).toBe("/grants");
  });

  it("an address that merely starts with a section's letters is not in it", () => {
    expect(menuSection("/reviewers", OPCC)).toBeNull();
    expect(menuSection("/bidsomething", OPCC)).toBeNull();
  });

  it("nothing is highlighted for a section the user does not have", () => {
    expect(menuSection("/bids/12/review", CSP)).toBe("/bids");
    expect(menuSection("/outbox", CSP)).toBeNull();
  });
});
