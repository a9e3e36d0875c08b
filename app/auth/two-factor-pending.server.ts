import { portalCookie } from "./cookies.server";

/**
 * Between a right password and a right code (decision record 035): a signed cookie naming the
 * pending user and when it stops being good (5 minutes), never a session. Its lifetime is checked
 * from the signed value, not only the browser's Max-Age.
 */
export const PENDING_MINUTES = 5;
const pendingCookie = portalCookie("portal_two_factor", PENDING_MINUTES * 60);

export interface PendingSignIn {
  userId: number;
  redirectTo: string;
}

export const pendingCookieHeader = (pending: PendingSignIn, now = new Date()) =>
  pendingCookie().serialize({ u: pending.userId, r: pending.redirectTo, e: now.getTime() + PENDING_MINUTES * 60_000 });

export const clearPendingCookieHeader = () => pendingCookie().serialize("", { maxAge: 0 });

export async function pendingSignIn(request: Request, now = new Date()): Promise<PendingSignIn | null> {
  const value: unknown = await pendingCookie().parse(request.headers.get("Cookie"));
  if (!value || typeof value !== "object") return null;
  const { u, r, e } = value as { u?: unknown; r?: unknown; e?: unknown };
  if (typeof u !== "number" || !Number.isInteger(u) || typeof e !== "number" || e <= now.getTime()) return null;
  return { userId: u, redirectTo: typeof r === "string" ? r : "/" };
}
