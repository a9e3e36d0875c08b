import { Link } from "@remix-run/react";
import { CLAWBACK_STATUS_LABELS, CLAWBACK_STATUS_TAGS, type ClawbackStatus } from "../domain/clawback-lifecycle";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { TableRegion } from "./table-region";

export interface GrantClawbackRow {
  id: number;
  financialYearLabel: string;
  amountPence: number;
  reason: string;
  status: ClawbackStatus;
  invoiceReference: string | null;
  invoicedOn: string | null;
  receivedOn: string | null;
  waivedDecisionReference: string | null;
}

/**
 * A grant's clawbacks on its payments page, read-only: what is to be repaid, why, and where each
 * stands (invoice, received, waived). OPCC finance's `manage` opens each one to act on it.
 */
export function GrantClawbacks({ clawbacks, manage }: { clawbacks: GrantClawbackRow[]; manage: boolean }) {
  if (clawbacks.length === 0) return null;
  return (
    <>
      <h2 className="govuk-heading-m" id="clawbacks-heading">
        Clawbacks
      </h2>
      <TableRegion label="Clawbacks">
        <table className="govuk-table govuk-table--small-text-until-tablet" id="grant-clawbacks">
          <caption className="govuk-table__caption govuk-visually-hidden">Money to be repaid under this grant</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Year</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Amount</th>
              <th scope="col" className="govuk-table__header">Why</th>
              <th scope="col" className="govuk-table__header">Status</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {clawbacks.map((c) => (
              <tr key={c.id} className="govuk-table__row">
                <td className="govuk-table__cell">{c.financialYearLabel}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {manage ? (
                    <Link className="govuk-link" to={`/finance/clawbacks/${c.id}`}>
                      {formatPence(c.amountPence)}
                      <span className="govuk-visually-hidden"> clawback, {c.financialYearLabel}</span>
                    </Link>
                  ) : (
                    formatPence(c.amountPence)
                  )}
                </td>
                <td className="govuk-table__cell">{c.reason}</td>
                <td className="govuk-table__cell">
                  <strong className={`govuk-tag ${CLAWBACK_STATUS_TAGS[c.status]}`}>{CLAWBACK_STATUS_LABELS[c.status]}</strong>
                  <ul className="govuk-list govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0">
                    {c.invoiceReference && c.invoicedOn ? (
                      <li>
                        Invoice {c.invoiceReference}, {formatDate(c.invoicedOn)}
                      </li>
                    ) : null}
                    {c.receivedOn ? <li>Received {formatDate(c.receivedOn)}</li> : null}
                    {c.waivedDecisionReference ? <li>Waived by PCC decision {c.waivedDecisionReference}</li> : null}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </>
  );
}
