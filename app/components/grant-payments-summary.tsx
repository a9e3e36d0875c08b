import { Link } from "@remix-run/react";
import { formatPence } from "../domain/money";
import type { PaymentSummary } from "../domain/payment-holds";

/** The grant page's word on its payments: what has been paid, what is due or held, and a link to the payments page. */
export function GrantPaymentsSummary({ grantId, totals }: { grantId: number; totals: PaymentSummary & { grantedPence: number; heldInstalments: number } }) {
  return (
    <section aria-labelledby="grant-payments-heading" id="grant-payments">
      <h2 className="govuk-heading-m" id="grant-payments-heading">
        Payments
      </h2>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Paid so far</dt>
          <dd className="govuk-summary-list__value">
            {formatPence(totals.paidPence)} of {formatPence(totals.grantedPence)}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Due now</dt>
          <dd className="govuk-summary-list__value">{formatPence(totals.duePence)}</dd>
        </div>
        {totals.heldInstalments ? (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Held</dt>
            <dd className="govuk-summary-list__value">
              {formatPence(totals.heldPence)} ({totals.heldInstalments === 1 ? "1 instalment" : `${totals.heldInstalments} instalments`})
            </dd>
          </div>
        ) : null}
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Balance</dt>
          <dd className="govuk-summary-list__value">{formatPence(totals.balancePence)}</dd>
        </div>
      </dl>
      <p className="govuk-body">
        <Link className="govuk-link" to={`/grants/${grantId}/payments`}>
          See the payments and their schedule
        </Link>
      </p>
    </section>
  );
}
