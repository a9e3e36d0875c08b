import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatDateTime } from "../domain/financial-years";

/**
 * GOV.UK's important notification banner, for a partnership whose bids the OPCC has sent back for
 * changes: each bid with the OPCC's message and a link to it.
 */
export function SentBackBanner({ bids }: { bids: { id: number; title: string; message: string | null; messageAt: string | null }[] }) {
  if (bids.length === 0) return null;
  return (
    <ImportantBanner>
      <p className="govuk-notification-banner__heading">
        The OPCC has asked for changes to {bids.length === 1 ? "a bid" : `${bids.length} bids`}. Change {bids.length === 1 ? "it" : "each one"} and submit {bids.length === 1 ? "it" : "them"} again.
      </p>
      {bids.map((bid) => (
        <div key={bid.id} className="portal-sent-back">
          <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">
            <Link className="govuk-notification-banner__link" to={`/bids/${bid.id}`}>
              {bid.title}
            </Link>
          </p>
          {bid.message ? (
            <>
              <p className="govuk-body-s govuk-!-margin-bottom-1">The OPCC wrote{bid.messageAt ? ` on ${formatDateTime(bid.messageAt)}` : ""}:</p>
              <p className="govuk-body portal-pre-wrap">{bid.message}</p>
            </>
          ) : null}
        </div>
      ))}
    </ImportantBanner>
  );
}

/** GOV.UK's important notification banner, one a page (its id is the page's "sent-back"). */
export function ImportantBanner({ children }: { children: ReactNode }) {
  return (
    <div className="govuk-notification-banner" role="region" aria-labelledby="sent-back-title" data-module="govuk-notification-banner" id="sent-back">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="sent-back-title">
          Important
        </h2>
      </div>
      <div className="govuk-notification-banner__content">{children}</div>
    </div>
  );
}
