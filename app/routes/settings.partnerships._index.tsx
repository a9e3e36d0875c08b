import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "../auth/access.server";
import { Pagination } from "../components/pagination";
import { SecondaryLine } from "../components/secondary-line";
import { TableRegion } from "../components/table-region";
import { listPartnerships } from "../data/partnerships.server";
import { parseSearchParams } from "../forms/form-state";

/** /settings/partnerships: every Community Safety Partnership, by name, fifty to a page. */

export const handle = { title: "Partnerships" };

const query = z.object({ page: z.string().regex(/^\d{1,6}$/).transform(Number).optional() });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "settings:manage");
  const { page } = parseSearchParams(new URL(request.url), query);
  return listPartnerships(page ?? 1);
}

export default function Partnerships() {
  const { rows, total, page, pages } = useLoaderData<typeof loader>();
  return (
    <>
      <Link className="govuk-back-link" to="/settings">
        Back to settings
      </Link>
      <h1 className="govuk-heading-l">Partnerships</h1>
      <p className="govuk-body">
        The Community Safety Partnerships that bid for funding, each with the council that receives and spends the money. A retired partnership is offered no allocation in a new round and
        cannot start a bid; its bids and grants stay.
      </p>
      <Link className="govuk-button" data-module="govuk-button" to="/settings/partnerships/new">
        Add a partnership
      </Link>
      <TableRegion label="Partnerships">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {total === 1 ? "1 partnership" : `${total.toLocaleString("en-GB")} partnerships`}
            {pages > 1 ? `, page ${page} of ${pages}` : ""}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Partnership</th>
              <th scope="col" className="govuk-table__header">Accountable council</th>
              <th scope="col" className="govuk-table__header">Own priorities</th>
              <th scope="col" className="govuk-table__header">Status</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.map((p) => (
              <tr key={p.id} className="govuk-table__row">
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/settings/partnerships/${p.id}`}>
                    {p.name}
                  </Link>
                  <SecondaryLine>{p.contactEmail ?? "No contact address"}</SecondaryLine>
                </td>
                <td className="govuk-table__cell">
                  {p.accountableCouncil}
                  {p.councilGssCode || p.councilOrgId ? <SecondaryLine>{[p.councilGssCode, p.councilOrgId].filter(Boolean).join(" · ")}</SecondaryLine> : null}
                </td>
                <td className="govuk-table__cell">{p.priorities}</td>
                <td className="govuk-table__cell">{p.retiredAt ? <strong className="govuk-tag govuk-tag--grey">Retired</strong> : "Active"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <Pagination page={page} pages={pages} hrefFor={(n) => `/settings/partnerships?page=${n}`} label="Pages of partnerships" />
    </>
  );
}
