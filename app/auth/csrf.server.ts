import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { CSRF_FIELD } from "../forms/csrf-field";
import { portalCookie } from "./cookies.server";
import { sessionSecret } from "./session-secret.server";

/**
 * CSRF tokens (decision record 012). A signed-in user's token is an HMAC of their server-side
 * session, so it lasts exactly as long as the session and dies with it at sign-out. Someone not
 * yet signed in (the sign-in form) gets a random "visit" value in a cookie of its own, and the
 * token is an HMAC of that. Either way the token is never stored, and a page on another site can
 * neither read it nor work it out.
 */

export { CSRF_FIELD };
export const CSRF_HEADER = "X-CSRF-Token";

const hmac = (purpose: string, key: string) => createHmac("sha256", sessionSecret()).update(`${purpose}\0${key}`).digest("base64url");

/** The token for a signed-in session, from its stored hash. */
export const sessionCsrfToken = (sessionKey: string) => hmac("session", sessionKey);
export const visitCsrfToken = (visitKey: string) => hmac("visit", visitKey);

export function tokensMatch(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== "string" || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

// Gone when the browser closes, like the visit it belongs to.
const visitCookie = portalCookie("portal_visit");

/** The visit key behind a request, or null. */
export async function visitKeyOf(request: Request): Promise<string | null> {
  const value = await visitCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
}

/** The visit key behind a request, making one (and the Set-Cookie header that keeps it) if there is none. */
export async function ensureVisitKey(request: Request): Promise<{ key: string; setCookie: string | null }> {
  const existing = await visitKeyOf(request);
  if (existing) return { key: existing, setCookie: null };
  const key = randomBytes(24).toString("base64url");
  return { key, setCookie: await visitCookie().serialize(key) };
}

/**
 * The token a request carries: the form field, or the header for a script's request. A multipart
 * body (a file upload) is never read here: it would be held whole in memory to find one field. Its
 * token is checked by the upload's own reader as the body streams past (access.server.ts,
 * `{ csrf: "in-multipart-body" }`); everywhere else a multipart form carries no token, so it is refused.
 */
export async function tokenIn(request: Request): Promise<string | null> {
  const header = request.headers.get(CSRF_HEADER);
  if (header) return header;
  if (!isUrlEncodedForm(request)) return null;
  try {
    // A copy, so the action can still read the body.
    const value = (await request.clone().formData()).get(CSRF_FIELD);
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}

const isUrlEncodedForm = (request: Request) => /^application\/x-www-form-urlencoded/i.test(request.headers.get("Content-Type") ?? "");
export const isMultipartForm = (request: Request) => /^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "");
