import { currentSession } from "./session.server";

/**
 * The access check of the public pages (/transparency, the 360Giving files; decision record 027):
 * anyone may read them, signed in or not, and they say nothing that depends on who asks. A
 * signed-out visitor's copy may be kept by any cache for five minutes; a signed-in user's page
 * carries their name in its header, so it is kept by no one. Nothing here sets a cookie.
 */
export const PUBLIC_CACHE_CONTROL = "public, max-age=300";

export async function publicAccess(request: Request): Promise<{ signedIn: boolean; headers: Record<string, string> }> {
  const signedIn = (await currentSession(request)) !== null;
  return {
    signedIn,
    // Vary: Cookie, so that a shared cache never gives a signed-out copy to someone signed in.
    headers: { "Cache-Control": signedIn ? "private, no-store" : PUBLIC_CACHE_CONTROL, Vary: "Cookie" },
  };
}

/** The cache headers of a public file (the same whoever asks): always cacheable. */
export const PUBLIC_FILE_HEADERS = { "Cache-Control": PUBLIC_CACHE_CONTROL } as const;
