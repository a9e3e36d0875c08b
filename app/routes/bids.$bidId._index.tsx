import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireBid } from "../auth/access.server";
import { BidHistory } from "../components/bid-history";
import { BidSummary } from "../components/bid-summary";
import { SuccessBanner } from "../components/success-banner";
import { StatusTag } from "../components/status-tag";
import { bidHistory, getBidDetail } from "../data/bids.server";
import { hasPermission } from "../domain/access-rules";
import { canTransition, isEditable } from "../domain/bid-lifecycle";
import { formatDateTime } from "../domain/financial-years";

export const handle = { title: (data: { bid: { title: string } } | undefined) => data?.bid.title ?? "Bid" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, bid: header } = await requireBid(request, params.bidId, "bid:read");
  const bid = getBidDetail(header.id)!;
  const canEdit = hasPermission(user, "bid:edit") && isEditable(bid.status);
  return {
    bid,
    history: bidHistory(bid.id),
    canEdit,
    canSubmit: canEdit && hasPermission(user, "bid:submit"),
    canWithdraw: hasPermission(user, "bid:withdraw") && canTransition(bid.status, "withdraw"),
  };
}

const BANNERS: Record<string, string> = {
  submitted: "Your bid has been submitted. The OPCC will review it; you can no longer change it.",
  withdrawn: "The bid has been withdrawn.",
};

export default function BidPage() {
  const { bid, history, canEdit, canSubmit, canWithdraw } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const banner = BANNERS[params.get("done") ?? ""];
  return (
    <>
      {banner ? (
        <SuccessBanner id="banner-title">{banner}</SuccessBanner>
      ) : null}
      <span className="govuk-caption-l">
        {bid.cspName} · {bid.roundName}, {bid.financialYearLabel}
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
      <BidSummary bid={bid} changeLinks={canEdit} />
      <BidHistory entries={history} />
    </>
  );
}
