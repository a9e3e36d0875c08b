import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/access.server";
import { TableRegion } from "../components/table-region";
import { listYears } from "../data/year-end.server";
import { cspOf } from "../domain/access-rules";
import { formatDateTime } from "../domain/financial-years";

/**
 * /finance/year-end: every financial year, open or closed (by whom and when), each linking to its
 * checklist. OPCC staff who read the finance pages; a partnership's council finance officer gets 403.
 */

export const handle = { title: "Closing the year" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "finance:read");
  if (cspOf(user) !== null) throw data("You do not have permission to do this", { status: 403 });
  return { years: listYears().map((y) => ({ label: y.label, status: y.status, closedByName: y.closedByName, closedAt: y.closedAt })) };
}

export default function YearEndIndex() {
  const { years } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">Finance</span>
      <h1 className="govuk-heading-l">Closing the year</h1>
      <p className="govuk-body">
        Once every return of a year is accepted, its payments reconciled to the evidenced spend, every underspend resolved, every variation decided and every offer answered or lapsed,
        OPCC finance closes the year: nothing in it can then be changed.
      </p>
      <TableRegion label="Financial years">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">Financial years, newest first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Year
              </th>
              <th scope="col" className="govuk-table__header">
                State
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {years.map((y) => (
              <tr className="govuk-table__row" key={y.label}>
                <th scope="row" className="govuk-table__header">
                  <Link className="govuk-link" to={`/finance/year-end/${y.label}`}>
                    {y.label}
                  </Link>
                </th>
                <td className="govuk-table__cell">
                  {y.status === "closed" ? `Closed by ${y.closedByName ?? "someone"} on ${y.closedAt ? formatDateTime(y.closedAt) : "an unknown date"}` : "Open"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </>
  );
}
