import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireBid } from "../auth/access.server";
import { BidHistory } from "../components/bid-history";
import { BidSummary } from "../components/bid-summary";
import { SuccessBanner } from "../components/success-banner";
import { StatusTag } from "../components/status-tag";
import { bidHistory, getBidDetail } from "../data/bids.server";
import { comments } from "../data/review.server";
import { decisionsForBid } from "../data/decisions.server";
import { grantedPence } from "../domain/part-approval";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { hasPermission } from "../domain/access-rules";
import { DECIDED_STATUSES, canTransition, isEditable } from "../domain/bid-lifecycle";
import { formatDateTime } from "../domain/financial-years";
import { lookup } from "../domain/lookup";

export const handle = { title: (data: { bid: { title: string } } | undefined) => data?.bid.title ?? "Bid" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, bid: header } = await requireBid(request, params.bidId, "bid:read");
  const bid = getBidDetail(header.id)!;
  const canEdit = hasPermission(user, "bid:edit") && isEditable(bid.status);
  const opcc = hasPermission(user, "review:read");
  return {
    bid,
    // The OPCC's internal comments stay with the OPCC.
    comments: comments(bid.id, { sharedOnly: !opcc }),
    canReview: opcc,
    decisions: decisionsForBid(bid.id),
    history: bidHistory(bid.id),
    canEdit,
    canSubmit: canEdit && hasPermission(user, "bid:submit"),
    canWithdraw: hasPermission(user, "bid:withdraw") && canTransition(bid.status, "withdraw"),
    canCorrect: hasPermission(user, "decision:record") && DECIDED_STATUSES.includes(bid.status),
  };
}

const BANNERS: Record<string, string> = {
  submitted: "Your bid has been submitted. The OPCC will review it; you can no longer change it.",
  withdrawn: "The bid has been withdrawn.",
  decided: "The PCC decision has been recorded.",
  corrected: "The correcting PCC decision has been recorded.",
};

export default function BidPage() {
  const { bid, history, canEdit, canSubmit, canWithdraw, canReview, canCorrect, comments, decisions } = useLoaderData<typeof loader>();
  const decision = decisions[0];
  const earlier = decisions.slice(1);
  const [params] = useSearchParams();
  const banner = lookup(BANNERS, params.get("done"));
  return (
    <>
      {banner ? (
        <SuccessBanner id="banner-title">{banner}</SuccessBanner>
      ) : null}
      <span className="govuk-caption-l">
        {bid.cspName} · {bid.roundName}, {bid.financialYearLabel}{bid.fund === "central" ? " · central fund" : ""}
      </span>
      <h1 className="govuk-heading-l">{bid.title}</h1>
      <p className="govuk-body">
        <StatusTag status={bid.status} /> Bid {bid.id}, version {bid.version}. Last changed by {bid.updatedByName} on {formatDateTime(bid.updatedAt)}.
        {bid.submittedAt ? ` Submitted on ${formatDateTime(bid.submittedAt)}.` : ""}
      </p>
      {canSubmit || canWithdraw ? (
        <div className="govuk-button-group">
          {canSubmit ? (
            <Link className="govuk-button" to={`/bids/${bid.id}/submit`} data-module="govuk-button">
              Check and submit
            </Link>
          ) : null}
          {canWithdraw ? (
            <Link className="govuk-button govuk-button--warning" to={`/bids/${bid.id}/withdraw`} data-module="govuk-button">
              Withdraw bid
            </Link>
          ) : null}
        </div>
      ) : null}
      {decision ? (
        <div className="govuk-summary-card" id="decision">
          <div className="govuk-summary-card__title-wrapper">
            <h2 className="govuk-summary-card__title">PCC decision {decision.reference}</h2>
            {canCorrect ? (
              <ul className="govuk-summary-card__actions">
                <li className="govuk-summary-card__action">
                  <Link className="govuk-link" to={`/bids/${bid.id}/decision`}>
                    Correct<span className="govuk-visually-hidden"> decision {decision.reference}</span>
                  </Link>
                </li>
              </ul>
            ) : null}
          </div>
          <div className="govuk-summary-card__content">
            <dl className="govuk-summary-list">
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Outcome</dt>
                <dd className="govuk-summary-list__value">
                  {decision.outcome === "approved" ? "Approved" : decision.outcome === "part_approved" ? "Part-approved" : "Rejected"} on {formatDate(decision.decidedOn)} by {decision.decisionMaker}
                </dd>
              </div>
              {decision.supersedesReference ? (
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Corrects</dt>
                  <dd className="govuk-summary-list__value">
                    Decision {decision.supersedesReference}: {decision.correctionReason}
                  </dd>
                </div>
              ) : null}
              {decision.outcome !== "rejected" ? (
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Granted</dt>
                  <dd className="govuk-summary-list__value">
                    <strong>{formatPence(grantedPence(decision.lines, bid.matchFundingPence))}</strong> of {formatPence(bid.requestedPence)} requested
                    <ul className="govuk-list govuk-!-margin-top-2">
                      {bid.costLines.map((l) => {
                        const approved = decision.lines.find((d) => d.costLineId === l.id)?.approvedPence ?? 0;
                        return (
                          <li key={l.id}>
                            {l.description}: {formatPence(approved)}
                            {approved < l.totalPence ? ` (asked ${formatPence(l.totalPence)})` : ""}
                          </li>
                        );
                      })}
                    </ul>
                  </dd>
                </div>
              ) : null}
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Reasons</dt>
                <dd className="govuk-summary-list__value">{decision.reasons}</dd>
              </div>
              {decision.conditions.length ? (
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Conditions</dt>
                  <dd className="govuk-summary-list__value">
                    <ol className="govuk-list govuk-list--number">
                      {decision.conditions.map((c, i) => (
                        <li key={i}>{c}</li>
                      ))}
                    </ol>
                  </dd>
                </div>
              ) : null}
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Documents</dt>
                <dd className="govuk-summary-list__value">
                  <a className="govuk-link" href={`/decisions/${decision.id}.pdf`}>
                    Decision record (PDF)
                  </a>
                  {decision.grantId ? (
                    <>
                      <br />
                      <Link className="govuk-link" to={`/grants/${decision.grantId}`}>
                        The grant and its payment schedule
                      </Link>
                    </>
                  ) : null}
                </dd>
              </div>
              {earlier.length ? (
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Earlier decisions</dt>
                  <dd className="govuk-summary-list__value">
                    <ul className="govuk-list">
                      {earlier.map((d) => (
                        <li key={d.id}>
                          <a className="govuk-link" href={`/decisions/${d.id}.pdf`}>
                            {d.reference} (PDF)
                          </a>
                          , {formatDate(d.decidedOn)}: {d.outcome === "approved" ? "approved" : d.outcome === "part_approved" ? "part-approved" : "rejected"}
                          {d.supersededBy ? `, superseded by ${d.supersededBy.reference}` : ""}
                        </li>
                      ))}
                    </ul>
                  </dd>
                </div>
              ) : null}
            </dl>
          </div>
        </div>
      ) : null}
      <p className="govuk-body">
        <a className="govuk-link" href={`/bids/${bid.id}.pdf`}>
          Download the bid (PDF)
        </a>
      </p>
      {canReview ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/bids/${bid.id}/review`}>
            Review this bid
          </Link>
        </p>
      ) : null}
      {comments.length ? (
        <div className={bid.status === "changes_requested" ? "govuk-inset-text" : undefined} id="comments">
          <h2 className="govuk-heading-m">{bid.status === "changes_requested" ? "The OPCC has asked for changes" : "Comments from the OPCC"}</h2>
          {comments.map((c) => (
            <div key={c.id} className="govuk-!-margin-bottom-4">
              <p className="govuk-body-s govuk-!-margin-bottom-1">
                {c.author}, {formatDateTime(c.createdAt)}
                {canReview ? ` (${c.visibility === "shared" ? "shared with the partnership" : "internal"})` : ""}
              </p>
              <p className="govuk-body">{c.body}</p>
            </div>
          ))}
        </div>
      ) : null}
      <BidSummary bid={bid} changeLinks={canEdit} />
      <BidHistory entries={history} />
    </>
  );
}
