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
  | "settings:manage"
  // After the award: offers, returns, payments and the finance pages.
  | "offer:respond"
  | "offer:extend"
  | "return:read"
  | "return:edit"
  | "return:submit"
  | "return:certify"
  | "return:review"
  | "payment:read"
  | "payment:record"
  | "finance:read"
  // Variations, underspends and clawbacks, and closing the year.
  | "variation:read"
  | "variation:request"
  | "variation:decide"
  | "underspend:record"
  | "clawback:manage"
  | "year:close"
  | "year:reopen"
  // Reports: the scrutiny committee's annual report (a CSP's own; OPCC staff every CSP's).
  | "report:read"
  | "report:edit";

/**
 * After the award: the CSP lead accepts the offer and writes and submits the returns; the council's
 * finance officer (a finance user of the partnership) certifies a return's spend; OPCC reviewers
 * and OPCC finance accept or query returns and extend offers; only OPCC finance records payments
 * and releases holds. Everyone who may read a grant reads its returns and payments.
 *
 * Variations: the CSP lead asks (a virement or a time extension) and may withdraw the request;
 * OPCC reviewers and OPCC finance decide. Underspends, clawbacks and closing the year are OPCC
 * finance's; only an administrator reopens a closed year.
 *
 * Reports: everyone reads the scrutiny report of the CSPs they see; only the CSP lead writes its
 * introduction. Exports and "Download as CSV" follow the permission of the page they come from.
 */
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  csp_lead: ["dashboard:view", "bid:read", "bid:create", "bid:edit", "bid:submit", "bid:withdraw", "offer:respond", "return:read", "return:edit", "return:submit", "payment:read", "variation:read", "variation:request", "report:read", "report:edit"],
  opcc_reviewer: ["dashboard:view", "bid:read", "review:read", "review:act", "decision:record", "round:read", "round:manage", "offer:extend", "return:read", "return:review", "payment:read", "finance:read", "variation:read", "variation:decide", "report:read"],
  finance: ["dashboard:view", "bid:read", "round:read", "return:read", "return:certify", "return:review", "offer:extend", "payment:read", "payment:record", "finance:read",
    "variation:read", "variation:decide", "underspend:record", "clawback:manage", "year:close", "report:read"],
  admin: ["dashboard:view", "bid:read", "review:read", "round:read", "round:manage", "outbox:read", "settings:manage", "return:read", "payment:read", "finance:read", "variation:read", "year:reopen", "report:read"],
};

/** Only a CSP's own people act for it; only OPCC staff review and decide. */
const CSP_ACTIONS: readonly Permission[] = [
  "bid:create", "bid:edit", "bid:submit", "bid:withdraw", "offer:respond", "return:edit", "return:submit", "return:certify", "variation:request", "report:edit",
];
const OPCC_ACTIONS: readonly Permission[] = [
  "review:read", "review:act", "decision:record", "round:read", "round:manage", "outbox:read", "settings:manage",
  "offer:extend", "return:review", "payment:record", "variation:decide", "underspend:record", "clawback:manage", "year:close", "year:reopen",
];

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
