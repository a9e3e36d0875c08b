import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/access.server";
import { SecondaryLine } from "../components/secondary-line";
import { TableRegion } from "../components/table-region";
import { listGrants } from "../data/decisions.server";
import { cspOf } from "../domain/access-rules";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";

export const handle = { title: "Grants" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "bid:read");
  const cspId = cspOf(user);
  return { grants: listGrants(cspId).map(({ bidId: _bid, ...g }) => g), showCsp: cspId === null };
}

export default function Grants() {
  const { grants, showCsp } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Grants</h1>
      {grants.length === 0 ? (
        <p className="govuk-body">No grants yet.</p>
      ) : (
        <TableRegion label="Grants">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">Grants, newest decision first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Project</th>
              {showCsp ? <th scope="col" className="govuk-table__header">Partnership</th> : null}
              <th scope="col" className="govuk-table__header">Decision</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Granted</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {grants.map((g) => (
              <tr key={g.id} className="govuk-table__row">
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/grants/${g.id}`}>
                    {g.title}
                  </Link>
                </td>
                {showCsp ? <td className="govuk-table__cell">{g.cspName}</td> : null}
                <td className="govuk-table__cell">
                  {g.reference}, {formatDate(g.decidedOn)}
                  {g.outcome === "part_approved" ? " (part-approved)" : ""}
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {g.withdrawnAt ? (
                    <>
                      <strong className="govuk-tag govuk-tag--red">Withdrawn</strong>
                      <SecondaryLine>by {g.withdrawnByReference}</SecondaryLine>
                    </>
                  ) : (
                    formatPence(g.grantedPence)
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </TableRegion>
      )}
    </>
  );
}
