import type { BidStatus } from "./bid-lifecycle";
import { isVisibleToOpcc } from "./bid-lifecycle";

/**
 * Who may do what. The server's access helper (app/auth/access.server.ts) asks these questions for
 * every loader and action; nothing else decides access.
 */

export type Role = "csp_lead" | "opcc_reviewer" | "finance" | "admin";

export interface Viewer {
  userId: number;
  role: Role;
  organisationId: number;
  organisationKind: "opcc" | "csp" | "partner";
}

export type Permission =
  | "dashboard:view"
  | "bid:read"
  | "bid:create"
  | "bid:edit"
  | "bid:submit"
  | "bid:withdraw"
  | "review:read"
  | "review:act"
  | "decision:record"
  | "round:read"
  | "round:manage"
  | "outbox:read"
  | "settings:manage";

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  csp_lead: ["dashboard:view", "bid:read", "bid:create", "bid:edit", "bid:submit", "bid:withdraw"],
  opcc_reviewer: ["dashboard:view", "bid:read", "review:read", "review:act", "decision:record", "round:read", "round:manage"],
  finance: ["dashboard:view", "bid:read", "round:read"],
  admin: ["dashboard:view", "bid:read", "review:read", "round:read", "round:manage", "outbox:read", "settings:manage"],
};

/** Only a CSP's own people act for it; only OPCC staff review and decide. */
const CSP_ACTIONS: readonly Permission[] = ["bid:create", "bid:edit", "bid:submit", "bid:withdraw"];
const OPCC_ACTIONS: readonly Permission[] = ["review:read", "review:act", "decision:record", "round:read", "round:manage", "outbox:read", "settings:manage"];

export function hasPermission(viewer: Viewer, permission: Permission): boolean {
  if (!ROLE_PERMISSIONS[viewer.role].includes(permission)) return false;
  if (CSP_ACTIONS.includes(permission)) return cspOf(viewer) !== null;
  if (OPCC_ACTIONS.includes(permission)) return isOpccStaff(viewer);
  return true;
}

/** The CSP a viewer is confined to, or null for OPCC staff who see every CSP. */
export function cspOf(viewer: Viewer): number | null {
  if (viewer.organisationKind === "csp") return viewer.organisationId;
  return null;
}

export const isOpccStaff = (viewer: Viewer) => viewer.organisationKind === "opcc";

/** The rows of `bids` a viewer may see, as data a query can apply. */
export interface BidScope {
  cspId: number | null;
  includeDrafts: boolean;
}

export function bidScopeOf(viewer: Viewer): BidScope {
  const cspId = cspOf(viewer);
  if (cspId !== null) return { cspId, includeDrafts: true };
  if (isOpccStaff(viewer)) return { cspId: null, includeDrafts: false };
  // A delivery partner's account sees no bids yet.
  return { cspId: -1, includeDrafts: false };
}

/** `everSubmitted`: the bid has been submitted at least once (it has a submission time). */
export function canSeeBid(viewer: Viewer, bid: { cspId: number; status: BidStatus; everSubmitted: boolean }): boolean {
  const scope = bidScopeOf(viewer);
  if (scope.cspId !== null && scope.cspId !== bid.cspId) return false;
  return scope.includeDrafts || isVisibleToOpcc(bid.status, bid.everSubmitted);
}
