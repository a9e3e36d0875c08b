import { Link } from "@remix-run/react";
import { formatDate, formatDateTime } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { plural } from "../domain/plural";
import type { GrantReturnRow } from "../data/returns.server";
import { ReturnStatusTag } from "./return-status-tag";
import { SecondaryLine } from "./secondary-line";
import { TableRegion } from "./table-region";

/** The grant page's table of its quarterly returns: each quarter, when it is due, where it stands. */
export function GrantReturns({ grantId, returns }: { grantId: number; returns: GrantReturnRow[] }) {
  if (returns.length === 0) {
    return (
      <>
        <h2 className="govuk-heading-m" id="returns">Quarterly returns</h2>
        <p className="govuk-body">Quarterly returns are set up once the grant offer is accepted.</p>
      </>
    );
  }
  return (
    <TableRegion label="Quarterly returns">
      <table className="govuk-table" id="returns">
        <caption className="govuk-table__caption govuk-table__caption--m">Quarterly returns</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Quarter</th>
            <th scope="col" className="govuk-table__header">Due</th>
            <th scope="col" className="govuk-table__header">Status</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Spent</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {returns.map((r) => (
            <tr key={r.id} className="govuk-table__row">
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={`/grants/${grantId}/returns/${r.id}`}>
                  {r.label}
                </Link>
              </td>
              <td className="govuk-table__cell">
                {formatDate(r.dueOn)}
                {r.daysOverdue > 0 ? <SecondaryLine>{daysOverdueText(r.daysOverdue)}</SecondaryLine> : null}
              </td>
              <td className="govuk-table__cell">
                <ReturnStatusTag status={r.status} />
                {r.submittedAt ? <SecondaryLine>Submitted {formatDateTime(r.submittedAt)}</SecondaryLine> : null}
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{r.status === "not_started" ? "None reported" : formatPence(r.actualPence)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

export const daysOverdueText = (days: number) => `${plural(days, "day", "days")} overdue`;
