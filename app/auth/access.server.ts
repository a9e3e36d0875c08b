import { data, redirect } from "@remix-run/node";
import { noteSignedInUser } from "../request-context.server";
import { canSeeBid, cspOf, hasPermission, isOpccStaff, type Permission } from "../domain/access-rules";
import { parseFinancialYearLabel } from "../domain/financial-years";
import { crossSiteReason, originOf } from "../domain/request-origin";
import { isYearLockTriggerError, YearClosedError } from "../domain/year-lock";
import { mustUseTwoFactor } from "../domain/two-factor";
import { hasTwoFactor, twoFactorRequired } from "../data/two-factor.server";
import { findBidHeader, type BidHeader } from "../data/bids.server";
import { findGrantHeader, type GrantHeader } from "../data/grants.server";
import { findReturnHeader, type ReturnHeader } from "../data/returns.server";
import { findReportCsp, findReportYear, type ReportCsp, type ReportYear } from "../data/scrutiny.server";
import { CSRF_HEADER, isMultipartForm, sessionCsrfToken, tokenIn, tokensMatch, visitCsrfToken, visitKeyOf } from "./csrf.server";
import { currentSession, type SignedInUser } from "./session.server";

/**
 * The one access check. Every loader and action calls `requireUser` (or `requireBid`, which calls
 * it) before it reads or writes anything:
 * - a request that changes something must come from this site and carry the session's CSRF
 *   token, or it answers 403 and nothing is read or written (decision record 012);
 * - signed out → redirect to /login, coming back here afterwards;
 * - signed in without the permission → 403;
 * - a bid the user may not see (another CSP's, or a draft for OPCC staff) → 404, exactly as if it
 *   did not exist.
 * Sign-in and sign-out, which have no signed-in user to check, call `requireGenuineForm`.
 */

export interface AccessOptions {
  /**
   * A file upload (multipart/form-data), whose body is streamed to disk rather than read whole:
   * its token is the `csrf` field at the start of the body, so it is checked there, by the upload's
   * reader (app/data/evidence-upload.server.ts), which asks `multipartTokenMatches` before it writes
   * anything and refuses the form as this check would. The rest of the check is made here as ever.
   */
  csrf?: "in-multipart-body";
  /**
   * The page where two-factor sign-in is set up: the one page an OPCC staff member or
   * administrator without it may use while the OPCC requires it (decision record 035).
   */
  settingUpTwoFactor?: boolean;
}

// The token each upload's body must carry, for the requests whose check was left to the reader
// (`checked` when a script's request carried it in the header instead, and it was found good).
const tokensInBody = new WeakMap<Request, { expected: string; checked: boolean }>();

export async function requireUser(request: Request, permission?: Permission, options: AccessOptions = {}): Promise<SignedInUser> {
  refuseCrossSite(request);
  const session = await currentSession(request);
  if (!session) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
  }
  noteSignedInUser(session.user.userId);
  if (!options.settingUpTwoFactor && mustUseTwoFactor(session.user, true) && !hasTwoFactor(session.user.userId) && twoFactorRequired()) {
    throw redirect("/account/two-factor");
  }
  if (changesSomething(request)) {
    if (options.csrf === "in-multipart-body" && isMultipartForm(request)) {
      const expected = sessionCsrfToken(session.key);
      const header = request.headers.get(CSRF_HEADER);
      if (header && !tokensMatch(expected, header)) refuseForm();
      tokensInBody.set(request, { expected, checked: header !== null });
    } else if (!tokensMatch(sessionCsrfToken(session.key), await tokenIn(request))) refuseForm();
  }
  if (permission && !hasPermission(session.user, permission)) {
    throw data("You do not have permission to do this", { status: 403 });
  }
  return session.user;
}

/**
 * For an upload's reader: whether the token at the start of a multipart body is the session's.
 * Never true for a request whose access check did not leave the token to the reader.
 */
export function multipartTokenMatches(request: Request, given: string | null | undefined): boolean {
  const left = tokensInBody.get(request);
  return left !== undefined && tokensMatch(left.expected, given);
}

/** Whether an upload's token was already found good in its header (a script's request), so the body need not carry it. */
export const multipartTokenChecked = (request: Request): boolean => tokensInBody.get(request)?.checked === true;

/**
 * For the forms of people who may not be signed in (sign-in, sign-out): the request comes from
 * this site and carries the token of the session if there is one, or else of the visit.
 */
export async function requireGenuineForm(request: Request): Promise<void> {
  refuseCrossSite(request);
  const given = await tokenIn(request);
  const session = await currentSession(request);
  if (session) {
    if (tokensMatch(sessionCsrfToken(session.key), given)) return;
    refuseForm();
  }
  const visit = await visitKeyOf(request);
  if (visit && tokensMatch(visitCsrfToken(visit), given)) return;
  refuseForm();
}

const changesSomething = (request: Request) => !["GET", "HEAD", "OPTIONS"].includes(request.method.toUpperCase());

/** What the error page shows for a refused form: it says why, and what to do. */
export interface RefusedForm {
  refused: "form";
}

function refuseCrossSite(request: Request) {
  if (crossSiteReason(originOf(request))) refuseForm();
}

/** The 403 of a form that did not come from the portal's own page. */
export function refuseForm(): never {
  throw data<RefusedForm>({ refused: "form" }, { status: 403 });
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
  if (!bid || !canSeeBid(user, { ...bid, everSubmitted: bid.submittedAt !== null })) notFound();
  if (!hasPermission(user, permission)) throw data("You do not have permission to do this", { status: 403 });
  return { user, bid };
}

/**
 * A grant from the URL, for someone who may see its bid (another CSP's grant is a 404), with the
 * permission asked for (else 403).
 */
export async function requireGrant(
  request: Request,
  grantIdParam: string | undefined,
  permission: Permission,
  options: AccessOptions = {},
): Promise<{ user: SignedInUser; grant: GrantHeader }> {
  const user = await requireUser(request, undefined, options);
  const grant = findGrantHeader(parseId(grantIdParam));
  // Only a submitted bid is ever decided, so a grant's bid has always been submitted.
  if (!grant || !canSeeBid(user, { cspId: grant.cspId, status: grant.status, everSubmitted: true })) notFound();
  if (!hasPermission(user, permission)) throw data("You do not have permission to do this", { status: 403 });
  return { user, grant };
}

/** A return of a grant from the URL: as `requireGrant`, and a return of another grant is a 404. */
export async function requireReturn(
  request: Request,
  params: { grantId?: string; returnId?: string },
  permission: Permission,
  options: AccessOptions = {},
): Promise<{ user: SignedInUser; grant: GrantHeader; grantReturn: ReturnHeader }> {
  const { user, grant } = await requireGrant(request, params.grantId, permission, options);
  const grantReturn = findReturnHeader(parseId(params.returnId));
  if (!grantReturn || grantReturn.grantId !== grant.id) notFound();
  return { user, grant, grantReturn };
}

/** What the error page shows for a change refused because its financial year is closed. */
export interface RefusedClosedYear {
  refused: "closed-year";
  message: string;
}

/**
 * Wraps an action so that a change refused by the year lock (decision record 022) answers 409 with
 * the message saying which year was closed and by whom, never a 500: from a page opened before the
 * year was closed, or a script. The page itself offers no change to a closed year.
 */
export function refusingClosedYears<A extends unknown[], R>(action: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await action(...args);
    } catch (error) {
      if (error instanceof YearClosedError) throw data<RefusedClosedYear>({ refused: "closed-year", message: error.message }, { status: 409 });
      if (isYearLockTriggerError(error)) {
        throw data<RefusedClosedYear>({ refused: "closed-year", message: "This belongs to a financial year that has been closed, so it cannot be changed. An administrator can reopen the year." }, { status: 409 });
      }
      throw error;
    }
  };
}

/**
 * A partnership's scrutiny report from the URL (/reports/scrutiny/:cspId/:fy): the partnership and
 * the financial year (by its label, e.g. 2023-24), for someone with `report:read` (else 403) who
 * sees that partnership: OPCC staff see every one, a partnership's people only their own (another
 * partnership's report, an unknown one or a year that does not exist is a 404).
 */
export async function requireCspReport(
  request: Request,
  params: { cspId?: string; fy?: string },
): Promise<{ user: SignedInUser; csp: ReportCsp; year: ReportYear }> {
  const user = await requireUser(request, "report:read");
  const cspId = parseId(params.cspId);
  if (!isOpccStaff(user) && cspOf(user) !== cspId) notFound();
  if (!params.fy || parseFinancialYearLabel(params.fy) === null) notFound();
  const csp = findReportCsp(cspId) ?? notFound();
  const year = findReportYear(params.fy) ?? notFound();
  return { user, csp, year };
}
