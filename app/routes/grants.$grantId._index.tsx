import type { LoaderFunctionArgs } from "@remix-run/node";
import { SummaryRow } from "../components/summary-row";
import { TableRegion } from "../components/table-region";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireGrant } from "../auth/access.server";
import { GrantOffer, type GrantOfferView } from "../components/grant-offer";
import { SuccessBanner } from "../components/success-banner";
import { YearClosedBanner } from "../components/year-closed-banner";
import { grantClosedMessage } from "../data/year-end.server";
import { grantDetail } from "../data/grants.server";
import { cspOf, hasPermission } from "../domain/access-rules";
import { GrantReturns } from "../components/grant-returns";
import { returnsForGrant } from "../data/returns.server";
import { formatDate } from "../domain/financial-years";
import { lookup } from "../domain/lookup";
import { formatPence } from "../domain/money";
import { OFFER_MAY } from "../domain/offer-status";
import { PAYMENT_BASIS_LABELS } from "../domain/payment-schedule";
import { GrantPaymentsSummary } from "../components/grant-payments-summary";
import { paymentTotalsForGrant } from "../data/payments.server";
import type { SignedInUser } from "../auth/session.server";
import { GrantVariations } from "../components/grant-variations";
import { variationRefusal, variationsForGrant } from "../data/variations.server";
import { grantClosure } from "../data/year-lock.server";

export const handle = { title: (data: { grant: { bid: { title: string } } } | undefined) => `Grant${data ? `: ${data.grant.bid.title}` : ""}` };

/**
 * A grant's page, for whoever may see its bid. Its sections, in order: the offer (status, accept-by,
 * the response, and the next step for the lead or OPCC staff), the key figures, the returns, what
 * was approved, the conditions, and the payments. Other parts of the portal add their sections as
 * components at the places marked below (loader and page alike), each self-contained.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, grant: header } = await requireGrant(request, params.grantId, "bid:read");
  const grant = grantDetail(header.id)!;
  return {
    grant: grantView(grant),
    offer: offerView(grant, user),
    returns: returnsForGrant(grant.id),
    paymentTotals: hasPermission(user, "payment:read") ? paymentTotalsForGrant(grant.id) : null,
    variations: hasPermission(user, "variation:read")
      ? {
          rows: variationsForGrant(grant.id).map((v) => ({
            id: v.id, grantId: v.grantId, kind: v.kind, status: v.status, autoApproved: v.autoApproved, fromLine: v.fromLine, toLine: v.toLine, amountPence: v.amountPence, currentEndDate: v.currentEndDate, newEndDate: v.newEndDate, requestedAt: v.requestedAt,
            fromGrantTitle: v.fromGrantTitle, toGrantId: v.toGrantId, toGrantTitle: v.toGrantTitle,
          })),
          canRequest:
            hasPermission(user, "variation:request") && variationRefusal({ offerStatus: grant.offer.status === "accepted" ? "accepted" : "offered", withdrawnAt: grant.withdrawnAt }) === null && grantClosure(grant.id) === null,
        }
      : null,
    // Year lock (brief C): the grant's year is closed and it runs into no open year.
    yearClosed: grantClosedMessage(grant.id),
  };
}

type Detail = NonNullable<ReturnType<typeof grantDetail>>;

/**
 * What the page shows of a grant, the same for everyone who may see it: the decision's formal
 * record (not who typed it in), the bid's title and money, the lines and the schedule.
 */
function grantView(grant: Detail) {
  const { bid, decision } = grant;
  return {
    id: grant.id,
    council: grant.council,
    withdrawnBy: grant.withdrawnBy ? { reference: grant.withdrawnBy.reference, decidedOn: grant.withdrawnBy.decidedOn } : null,
    supersedesReference: grant.supersedesReference,
    grantedPence: grant.grantedPence,
    approvedCostPence: grant.approvedCostPence,
    paymentBasis: grant.paymentBasis,
    bid: { title: bid.title, cspName: bid.cspName, matchFundingPence: bid.matchFundingPence, startDate: bid.startDate, endDate: grant.endDate, extendedFrom: grant.extendedTo ? bid.endDate : null },
    decision: { id: decision.id, reference: decision.reference, decidedOn: decision.decidedOn, outcome: decision.outcome, correctionReason: decision.correctionReason, conditions: decision.conditions },
    lines: grant.lines.map((l) => ({ id: l.id, description: l.description, financialYearLabel: l.financialYearLabel, totalPence: l.totalPence, approvedPence: l.approvedPence, variedPence: l.variedPence, currentPence: l.currentPence })),
    approvedByYear: grant.approvedByYear,
    payments: grant.payments.map((p) => ({ id: p.id, dueOn: p.dueOn, label: p.label, amountPence: p.amountPence })),
  };
}

/** The offer, and what this user may do with it now. */
function offerView(grant: Detail, user: SignedInUser): GrantOfferView {
  const { offer } = grant;
  const may = OFFER_MAY[offer.status];
  return {
    grantId: grant.id,
    status: offer.status,
    acceptBy: offer.acceptBy,
    council: grant.council,
    declaration: offer.declaration,
    declineReason: offer.declineReason,
    extensions: offer.extensions.map(({ at, from, to, reason }) => ({ at, from, to, reason })),
    canRespond: may.respond && hasPermission(user, "offer:respond"),
    canExtend: may.extend && hasPermission(user, "offer:extend"),
    forPartnership: cspOf(user) !== null,
  };
}

const BANNERS: Record<string, string> = {
  accepted: "You have accepted the offer. The grant's quarterly returns are open.",
  declined: "You have declined the offer. The OPCC has been told.",
  extended: "The accept-by date has been extended. The partnership has been told.",
};

export default function Grant() {
  const { grant, offer, paymentTotals, returns, variations, yearClosed } = useLoaderData<typeof loader>();
  const { bid, decision } = grant;
  const [params] = useSearchParams();
  const banner = lookup(BANNERS, params.get("done"));
  return (
    <>
      <Link className="govuk-back-link" to="/grants">
        Back to grants
      </Link>
      {banner ? <SuccessBanner id="banner-title">{banner}</SuccessBanner> : null}
      <YearClosedBanner message={yearClosed} />
      <span className="govuk-caption-l">
        {bid.cspName} · {grant.council}
      </span>
      <h1 className="govuk-heading-l">Grant: {bid.title}</h1>
      {grant.withdrawnBy ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            This grant was withdrawn by PCC decision {grant.withdrawnBy.reference} on {formatDate(grant.withdrawnBy.decidedOn)}, which rejected the bid. Nothing more is due under it.
          </strong>
        </div>
      ) : null}
      <GrantOffer offer={offer} />
      <h2 className="govuk-heading-m">The grant</h2>
      <dl className="govuk-summary-list">
        <SummaryRow label="Granted" value={<strong>{formatPence(grant.grantedPence)}</strong>} />
        <SummaryRow label="Approved cost" value={`${formatPence(grant.approvedCostPence)} (match funding ${formatPence(bid.matchFundingPence)})`} />
        <SummaryRow label="PCC decision" value={`${decision.reference}, ${formatDate(decision.decidedOn)}${decision.outcome === "part_approved" ? " (part-approved)" : ""}`} />
        {grant.supersedesReference ? (
          <SummaryRow label="Varied" value={`${decision.reference} corrects decision ${grant.supersedesReference}: ${decision.correctionReason ?? ""}`} />
        ) : null}
        {bid.startDate && bid.endDate ? <SummaryRow label="Project dates" value={`${formatDate(bid.startDate)} to ${formatDate(bid.endDate)}${bid.extendedFrom ? ` (extended from ${formatDate(bid.extendedFrom)})` : ""}`} /> : null}
        <SummaryRow label="Payment basis" value={PAYMENT_BASIS_LABELS[grant.paymentBasis]} />
        <SummaryRow
          label="Documents"
          value={
            <>
              {grant.withdrawnBy ? null : (
                <>
                  <a className="govuk-link" href={`/grants/${grant.id}/offer.pdf`}>
                    Grant offer letter (PDF)
                  </a>
                  <br />
                </>
              )}
              <a className="govuk-link" href={`/decisions/${decision.id}.pdf`}>
                Decision record (PDF)
              </a>
            </>
          }
        />
      </dl>

      <GrantReturns grantId={grant.id} returns={returns} />

      <TableRegion label="Approved per cost line">
      <table className="govuk-table" id="grant-lines">
        <caption className="govuk-table__caption govuk-table__caption--m">Approved per cost line</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Cost line</th>
            <th scope="col" className="govuk-table__header">Year</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Asked</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Approved</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Varied</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Current</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {grant.lines.map((l) => (
            <tr key={l.id} className="govuk-table__row">
              <td className="govuk-table__cell">{l.description}</td>
              <td className="govuk-table__cell">{l.financialYearLabel}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(l.totalPence)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(l.approvedPence)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{l.variedPence === 0 ? "None" : `${l.variedPence > 0 ? "+" : "−"}${formatPence(Math.abs(l.variedPence))}`}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(l.currentPence)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableRegion>
      {variations ? <GrantVariations grantId={grant.id} variations={variations.rows} canRequest={variations.canRequest} /> : null}
      <TableRegion label="Approved per financial year">
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">Approved per financial year</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Financial year</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Approved cost</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {grant.approvedByYear.map((y) => (
            <tr key={y.financialYearLabel} className="govuk-table__row">
              <td className="govuk-table__cell">{y.financialYearLabel}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(y.approvedPence)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableRegion>
      <h2 className="govuk-heading-m">Conditions</h2>
      <ol className="govuk-list govuk-list--number">
        {decision.conditions.map((c, i) => (
          <li key={i}>{c}</li>
        ))}
      </ol>
      {paymentTotals ? <GrantPaymentsSummary grantId={grant.id} totals={paymentTotals} /> : null}
      {grant.payments.length === 0 ? (
        <p className="govuk-body">No payments are due under this grant.</p>
      ) : (
        <TableRegion label="Payment schedule">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">Payment schedule</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Due</th>
              <th scope="col" className="govuk-table__header">For</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Amount</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {grant.payments.map((p) => (
              <tr key={p.id} className="govuk-table__row">
                <td className="govuk-table__cell">{formatDate(p.dueOn)}</td>
                <td className="govuk-table__cell">{p.label}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(p.amountPence)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </TableRegion>
      )}
    </>
  );
}
