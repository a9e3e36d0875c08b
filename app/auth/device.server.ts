import { createHash, randomBytes } from "node:crypto";
import { portalCookie } from "./cookies.server";

/**
 * Device cookies (decision record 011; OWASP's "Slow down online guessing attacks with device
 * cookies"). A successful sign-in gives the browser, or lets it keep, a random id in a signed,
 * long-lived cookie. An account's attempts from a browser it has signed in with are held only to
 * limits of their own, so a stranger's failures elsewhere cannot lock the owner out of it. The
 * database keeps only the id's SHA-256, like the session token's.
 *
 * The cookie says nothing about who signed in, and stays after signing out: it is what lets the
 * next sign-in be recognised. Only the sign-in action reads it.
 */

export const DEVICE_COOKIE_DAYS = 365;

// The whole site, not /login: a sign-in with JavaScript on posts to /login.data.
const deviceCookie = portalCookie("portal_device", DEVICE_COOKIE_DAYS * 24 * 3600);

const ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new device id: 32 random bytes. */
export const newDeviceId = () => randomBytes(32).toString("base64url");

/** What the database keeps of a device id. */
export const deviceHash = (id: string) => createHash("sha256").update(id).digest("hex");

/** The device id a request's cookie carries, or null (none, unsigned, tampered or malformed). */
export async function deviceIdOf(request: Request): Promise<string | null> {
  const value: unknown = await deviceCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && ID_PATTERN.test(value) ? value : null;
}

/** The Set-Cookie header that gives (or gives back) a device its id, for another year. */
export const deviceCookieHeader = (id: string) => deviceCookie().serialize(id);
