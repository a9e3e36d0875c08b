import { createCookie, type Cookie } from "@remix-run/node";
import { sessionSecret } from "./session-secret.server";

/**
 * The portal's cookies (session, visit, device) share one set of attributes: httpOnly,
 * SameSite=Lax, the whole site, signed with SESSION_SECRET, and `Secure` in production (or as
 * COOKIE_SECURE says). Each is made when first used, once the environment is known.
 */
export function portalCookie(name: string, maxAgeSeconds?: number): () => Cookie {
  let cookie: Cookie | undefined;
  return () =>
    (cookie ??= createCookie(name, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: process.env.COOKIE_SECURE ? process.env.COOKIE_SECURE === "1" : process.env.NODE_ENV === "production",
      secrets: [sessionSecret()],
      ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
    }));
}
