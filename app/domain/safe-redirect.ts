/**
 * Where to send someone after signing in: only a path on this site, never another host. The
 * address is resolved first (dot segments, percent-encoded dots), then the result is accepted only
 * if it is a plain path that resolves back to this site: "/.//evil.example" resolves to
 * "//evil.example", which a browser reads as another host, so it goes to the dashboard instead.
 * Browsers also drop tabs and newlines and read "\" as "/", so anything holding them is refused.
 */

const BASE = "http://portal.invalid";

export function safeRedirect(to: string | null | undefined, fallback = "/"): string {
  if (!to || to.length > 2000 || !to.startsWith("/")) return fallback;
  if (/[\s\\]/.test(to) || /[\u0000-\u001f\u007f]/.test(to) || /%(2f|5c|09|0a|0d|00)/i.test(to.split(/[?#]/)[0])) return fallback;
  let resolved: URL;
  try {
    resolved = new URL(to, BASE);
  } catch {
    return fallback;
  }
  if (resolved.origin !== BASE) return fallback;
  const path = resolved.pathname + resolved.search + resolved.hash;
  if (!isPlainPath(path)) return fallback;
  // Resolving it again must land on the same path on the same site.
  const again = new URL(path, BASE);
  if (again.origin !== BASE || again.pathname + again.search + again.hash !== path) return fallback;
  return path;
}

// "//" anywhere in the path is refused too: Remix would log it and change it ("/http://x").
const isPlainPath = (path: string) => path.startsWith("/") && !path.split(/[?#]/)[0].includes("//") && !/[\\\s]/.test(path);
