/**
 * Whether a request that changes something came from another site. Browsers say where a request
 * came from in `Sec-Fetch-Site` (all current ones) and `Origin` (every POST); a form posted from
 * another site, or from a sibling subdomain, is refused before anything reads it. A request with
 * neither header (an old browser, a script) is left to the CSRF token, which it cannot have.
 *
 * The host compared is the one Remix compares (`X-Forwarded-Host`, else `Host`), so a request this
 * lets through never trips Remix's own check, which answers with a 500.
 */

export interface RequestOrigin {
  method: string;
  origin: string | null;
  secFetchSite: string | null;
  forwardedHost: string | null;
  host: string | null;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type CrossSiteReason = "sec-fetch-site" | "origin";

/** Why the request is refused as cross-site, or null when it may go on. */
export function crossSiteReason(request: RequestOrigin): CrossSiteReason | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  // "none" is a request the user made themselves (typed, bookmarked); "same-site" is a sibling
  // subdomain, which is not this portal.
  if (request.secFetchSite !== null && request.secFetchSite !== "same-origin" && request.secFetchSite !== "none") return "sec-fetch-site";
  if (request.origin === null) return null;
  const host = servedHost(request);
  if (!host) return "origin";
  let originHost: string;
  try {
    originHost = new URL(request.origin).host;
  } catch {
    // "null" (a sandboxed frame, a file) or anything else that is not an address.
    return "origin";
  }
  // Compared exactly, as Remix compares them (the address's host is already lower case): a Host
  // header in capitals that Remix would refuse with a 500 is refused here with a 403.
  return originHost === host ? null : "origin";
}

function servedHost(request: RequestOrigin): string | null {
  const forwarded = request.forwardedHost?.split(",")[0]?.trim();
  return forwarded || request.host || null;
}

/** The same facts from a Fetch API request (in loaders, actions and tests). */
export function originOf(request: Request): RequestOrigin {
  return {
    method: request.method,
    origin: request.headers.get("Origin"),
    secFetchSite: request.headers.get("Sec-Fetch-Site"),
    forwardedHost: request.headers.get("X-Forwarded-Host"),
    host: request.headers.get("Host") ?? new URL(request.url).host,
  };
}
