import { describe, expect, it } from "vitest";
import { crossSiteReason, type RequestOrigin } from "./request-origin";

const post = (over: Partial<RequestOrigin>): RequestOrigin => ({ method: "POST", origin: null, secFetchSite: null, forwardedHost: null, host: "portal.example", ...over });

describe("a form from another site", () => {
  it("lets the portal's own forms through", () => {
    expect(crossSiteReason(post({ origin: "https://portal.example", secFetchSite: "same-origin" }))).toBeNull();
    expect(crossSiteReason(post({ origin: "http://PORTAL.example" }))).toBeNull();
  });

  it("refuses a Host header that differs from the origin only in case, as Remix would (with a 500)", () => {
    expect(crossSiteReason(post({ origin: "http://portal.example", host: "PORTAL.example" }))).toBe("origin");
    expect(crossSiteReason(post({ origin: "http://portal.example", forwardedHost: "Portal.Example" }))).toBe("origin");
  });

  it("lets a request with neither header through, for the CSRF token to decide", () => {
    expect(crossSiteReason(post({}))).toBeNull();
  });

  it("refuses a form posted from another site, whatever it says about itself", () => {
    expect(crossSiteReason(post({ origin: "https://evil.example" }))).toBe("origin");
    expect(crossSiteReason(post({ origin: "https://evil.example", secFetchSite: "cross-site" }))).toBe("sec-fetch-site");
    expect(crossSiteReason(post({ secFetchSite: "cross-site" }))).toBe("sec-fetch-site");
  });

  it("refuses a sibling subdomain, which is the same site but not the portal", () => {
    expect(crossSiteReason(post({ origin: "https://blog.portal.example", secFetchSite: "same-site" }))).toBe("sec-fetch-site");
    expect(crossSiteReason(post({ origin: "https://blog.portal.example" }))).toBe("origin");
  });

  it("refuses an opaque origin (a sandboxed frame, a file) and nonsense", () => {
    expect(crossSiteReason(post({ origin: "null" }))).toBe("origin");
    expect(crossSiteReason(post({ origin: "not a url" }))).toBe("origin");
  });

  it("refuses another port on the same host", () => {
    expect(crossSiteReason(post({ origin: "http://portal.example:8080" }))).toBe("origin");
  });

  it("compares with the forwarded host behind a proxy, as Remix does", () => {
    expect(crossSiteReason(post({ origin: "https://portal.example", host: "127.0.0.1:3000", forwardedHost: "portal.example" }))).toBeNull();
    expect(crossSiteReason(post({ origin: "https://127.0.0.1:3000", host: "127.0.0.1:3000", forwardedHost: "portal.example" }))).toBe("origin");
  });

  it("refuses an origin when there is no host to compare it with", () => {
    expect(crossSiteReason(post({ origin: "https://portal.example", host: null }))).toBe("origin");
  });

  it("never refuses reading a page", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) expect(crossSiteReason(post({ method, origin: "https://evil.example", secFetchSite: "cross-site" }))).toBeNull();
  });

  it("treats a user's own navigation (typed, bookmarked) as from the portal", () => {
    expect(crossSiteReason(post({ secFetchSite: "none" }))).toBeNull();
  });
});
