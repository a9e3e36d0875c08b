import { describe, expect, it } from "vitest";
import { safeRedirect } from "./safe-redirect";

describe("where a sign-in link may send someone", () => {
  it.each(["/", "/bids", "/bids/12?done=submitted", "/bids?round=3&page=2#results", "/rounds/4/allocations", "/bids/./12", "/a/../bids"])(
    "keeps a path on this site: %s",
    (to) => {
      const path = safeRedirect(to);
      expect(path.startsWith("/")).toBe(true);
      expect(path.startsWith("//")).toBe(false);
      expect(new URL(path, "http://portal.example").origin).toBe("http://portal.example");
    },
  );

  it("resolves dot segments to the path they mean", () => {
    expect(safeRedirect("/a/../bids")).toBe("/bids");
    expect(safeRedirect("/bids/./12")).toBe("/bids/12");
  });

  const OFF_SITE = [
    "//evil.example",
    "///evil.example",
    "/.//evil.example",
    "/..//evil.example",
    "/a/..//evil.example",
    "/a/b/../..//evil.example",
    "/%2e//evil.example",
    "/%2E//evil.example",
    "/%2e%2e//evil.example",
    "/./%2e//evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "/%5cevil.example",
    "/%5c%5cevil.example",
    "/%2f%2fevil.example",
    "/%2F/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "/ /evil.example",
    "/\u0000/evil.example",
    "https://evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "/http://evil.example",
    "/bids//12",
    "evil.example",
    "",
    "/" + "a".repeat(3000),
  ];
  it.each(OFF_SITE)("sends %j to the dashboard", (to) => {
    expect(safeRedirect(to)).toBe("/");
  });

  it("never answers anything a browser would take to another host", () => {
    for (const to of OFF_SITE) {
      const path = safeRedirect(to);
      expect(new URL(path, "http://portal.example").host).toBe("portal.example");
    }
  });

  it("treats no link at all as the dashboard", () => {
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined)).toBe("/");
  });
});
