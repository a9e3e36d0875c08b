/**
 * The public pages' own rules (decision record 027): which paths are public, and the address of a
 * decision's public record.
 */

/** Pages anyone may read without signing in, served cacheable and without setting a cookie. */
export function isPublicPath(pathname: string): boolean {
  return /^\/transparency(\/|$)/.test(pathname) || /^\/exports\/360giving\.(json|csv)$/.test(pathname) || /^\/(accessibility|privacy|cookies)$/.test(pathname);
}

/** A decision's public page, named by its reference: /transparency/decisions/PCC%2F2023-24%2F006. */
export const publicDecisionPath = (reference: string) => `/transparency/decisions/${encodeURIComponent(reference)}`;
