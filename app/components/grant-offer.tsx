import { Link } from "@remix-run/react";
import { OFFER_STATUS_LABELS, OFFER_TAG_COLOURS, type OfferStatus } from "../domain/offer-status";
import { formatDate } from "../domain/financial-years";
import { SummaryRow } from "./summary-row";

/** What the grant page shows of the offer (shaped on the server by the grant page's loader). */
export interface GrantOfferView {
  grantId: number;
  status: OfferStatus;
  acceptBy: string;
  council: string;
  declaration: { name: string; role: string; date: string; onBehalfOf: string } | null;
  declineReason: string | null;
  extensions: { at: string; from: string; to: string; reason: string }[];
  /** The signed-in user may accept or decline it now (the CSP lead, an offered offer). */
  canRespond: boolean;
  /** The signed-in user may give it a later accept-by date (OPCC staff, an offered or lapsed offer). */
  canExtend: boolean;
  /** The user acts for the partnership: what the page asks of them is worded for them. */
  forPartnership: boolean;
}

export function OfferStatusTag({ status }: { status: OfferStatus }) {
  return <strong className={`govuk-tag ${OFFER_TAG_COLOURS[status]}`}>{OFFER_STATUS_LABELS[status]}</strong>;
}

/** On the accept, decline and extend pages, in place of the form: why the offer cannot be changed now. */
export function OfferNotOpen({ refusal }: { refusal: string }) {
  return (
    <div className="govuk-inset-text" id="not-open">
      {refusal}
    </div>
  );
}

/** The offer on the grant page: its status, the accept-by date, the response, and what the user can do next. */
export function GrantOffer({ offer }: { offer: GrantOfferView }) {
  if (offer.status === "withdrawn") return null;
  return (
    <section id="offer" aria-labelledby="offer-heading">
      <h2 className="govuk-heading-m" id="offer-heading">
        The offer
      </h2>
      <dl className="govuk-summary-list">
        <SummaryRow label="Offer status" value={<OfferStatusTag status={offer.status} />} />
        {offer.status === "offered" || offer.status === "lapsed" ? (
          <SummaryRow
            label="Accept by"
            value={offer.status === "lapsed" ? `${formatDate(offer.acceptBy)} (the offer has lapsed)` : formatDate(offer.acceptBy)}
          />
        ) : null}
        {offer.declaration ? (
          <SummaryRow
            label="Accepted"
            value={
              <>
                On {formatDate(offer.declaration.date)} by {offer.declaration.name}, {offer.declaration.role}, on behalf of {offer.declaration.onBehalfOf}
              </>
            }
          />
        ) : null}
        {offer.declineReason !== null ? <SummaryRow label="Declined because" value={offer.declineReason} /> : null}
        {offer.extensions.length ? (
          <SummaryRow
            label="Accept-by date extended"
            value={
              <ul className="govuk-list">
                {offer.extensions.map((e) => (
                  <li key={e.at}>
                    {formatDate(e.at.slice(0, 10))}: from {formatDate(e.from)} to {formatDate(e.to)}. {e.reason}
                  </li>
                ))}
              </ul>
            }
          />
        ) : null}
      </dl>
      {offer.status === "offered" && offer.forPartnership ? (
        <p className="govuk-body">
          {offer.council} must accept this offer by {formatDate(offer.acceptBy)}. Nothing is paid on an offer that has not been accepted.
        </p>
      ) : null}
      {offer.status === "lapsed" && offer.forPartnership ? (
        <p className="govuk-inset-text">This offer lapsed after {formatDate(offer.acceptBy)}. Ask the OPCC to extend the accept-by date if the partnership still wants the grant.</p>
      ) : null}
      {offer.canRespond || offer.canExtend ? (
        <div className="govuk-button-group">
          {offer.canRespond ? (
            <Link className="govuk-button" to={`/grants/${offer.grantId}/accept`} data-module="govuk-button">
              Accept or decline this offer
            </Link>
          ) : null}
          {offer.canExtend ? (
            <Link className={`govuk-button${offer.status === "lapsed" ? "" : " govuk-button--secondary"}`} to={`/grants/${offer.grantId}/extend-offer`} data-module="govuk-button">
              Extend the accept-by date
            </Link>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
