import fs from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

/**
 * The server's route matching is patched (patches/@remix-run+router+*.patch, decision record 044):
 * Remix matches a request's URL against every route several times a request, and the router
 * flattened, ranked and compiled all of them each time. These tests fail if the patch is lost
 * (an upgrade whose patch no longer applies) or if it changes what matches.
 */
const requireFromHere = createRequire(import.meta.url);
const router = requireFromHere("@remix-run/router") as typeof import("@remix-run/router");

const routes = [
  { id: "root", path: "", children: [
    { id: "bids", path: "bids" },
    { id: "bid", path: "bids/:bidId" },
    { id: "bid-pdf", path: "bids/:bidId.pdf" },
    { id: "home", index: true },
    { id: "splat", path: "*" },
  ] },
];

describe("matching a URL to the portal's routes on the server", () => {
  it("finds the same route, with the same parameters, however often it is asked", () => {
    for (let i = 0; i < 3; i++) {
      expect(router.matchRoutes(routes, "/bids/12")?.map((m) => m.route.id)).toEqual(["root", "bid"]);
      expect(router.matchRoutes(routes, "/BIDS/12")?.at(-1)?.params).toEqual({ bidId: "12" });
      expect(router.matchRoutes(routes, "/bids")?.at(-1)?.route.id).toBe("bids");
      expect(router.matchRoutes(routes, "/")?.at(-1)?.route.id).toBe("home");
      expect(router.matchRoutes(routes, "/no/such/page")?.at(-1)?.params).toEqual({ "*": "no/such/page" });
    }
  });

  it("works the routes out once for each set of routes, not on every request (the patch is applied)", () => {
    const text = fs.readFileSync(requireFromHere.resolve("@remix-run/router"), "utf8");
    expect(text, "npm install applies patches/@remix-run+router+*.patch (postinstall: patch-package)").toContain("rankedBranchesCache.get(routes)");
    expect(text).toContain("compiledPaths.get(key)");
  });
});
