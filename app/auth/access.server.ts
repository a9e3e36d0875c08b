import { data, redirect } from "@remix-run/node";
import { hasPermission, type Permission } from "../domain/access-rules";
import { findBidHeader, type BidHeader } from "../data/bids.server";
import { canSeeBid } from "../domain/access-rules";
import { currentUser, type SignedInUser } from "./session.server";

/**
 * The one access check. Every loader and action calls `requireUser` (or `requireBid`, which calls
 * it) before it reads or writes anything:
 * - signed out → redirect to /login, coming back here afterwards;
 * - signed in without the permission → 403;
 * - a bid the user may not see (another CSP's, or a draft for OPCC staff) → 404, exactly as if it
 *   did not exist.
 */

export async function requireUser(request: Request, permission?: Permission): Promise<SignedInUser> {
  const user = await currentUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
  }
  if (permission && !hasPermission(user, permission)) {
    throw data("You do not have permission to do this", { status: 403 });
  }
  return user;
}

export function notFound(): never {
  throw data("Not found", { status: 404 });
}

/** A bid id from the URL: anything that is not a positive whole number is simply not found. */
export function parseId(raw: string | undefined): number {
  if (!raw || !/^\d{1,10}$/.test(raw)) notFound();
  const id = Number(raw);
  if (id < 1 || id > 2_147_483_647) notFound();
  return id;
}

export async function requireBid(
  request: Request,
  bidIdParam: string | undefined,
  permission: Permission,
): Promise<{ user: SignedInUser; bid: BidHeader }> {
  const user = await requireUser(request);
  const bid = findBidHeader(parseId(bidIdParam));
  if (!bid || !canSeeBid(user, bid)) notFound();
  if (!hasPermission(user, permission)) throw data("You do not have permission to do this", { status: 403 });
  return { user, bid };
}
