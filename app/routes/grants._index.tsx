import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { pageNumber } from "../forms/page-query";
import { requireUser } from "../auth/access.server";
import { CsvDownloadLink } from "../components/csv-download";
import { OfferStatusTag } from "../components/grant-offer";
import { Pagination } from "../components/pagination";
import { SecondaryLine } from "../components/secondary-line";
import { TableRegion } from "../components/table-region";
import { listGrants } from "../data/grants.server";
import { cspOf } from "../domain/access-rules";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { parseSearchParams } from "../forms/form-state";

export const handle = { title: "Grants" };

const querySchema = z.object({
  page: pageNumber,
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "bid:read");
  const cspId = cspOf(user);
  const { page } = parseSearchParams(new URL(request.url), querySchema);
  const result = listGrants(cspId, { page });
  return { grants: result.rows, count: result.count, page: result.page, pages: result.pages, showCsp: cspId === null };
}

export default function Grants() {
  const { grants, count, page, pages, showCsp } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Grants</h1>
      {grants.length === 0 ? (
        <p className="govuk-body">No grants yet.</p>
      ) : (
        <>
          <p className="govuk-body">
            {count === 1 ? "1 grant" : `${count.toLocaleString("en-GB")} grants`}, newest first.
          </p>
          <CsvDownloadLink path="/grants.csv" what="every grant" />
          <TableRegion label="Grants">
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-visually-hidden">Grants, newest first</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Project</th>
                  {showCsp ? <th scope="col" className="govuk-table__header">Partnership</th> : null}
                  <th scope="col" className="govuk-table__header">Decision</th>
                  <th scope="col" className="govuk-table__header">Offer</th>
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
                    <td className="govuk-table__cell">
                      <OfferStatusTag status={g.offer} />
                      {g.offer === "offered" || g.offer === "lapsed" ? <SecondaryLine>accept by {formatDate(g.acceptBy)}</SecondaryLine> : null}
                      {g.offer === "withdrawn" && g.withdrawnByReference ? <SecondaryLine>by {g.withdrawnByReference}</SecondaryLine> : null}
                    </td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{g.withdrawnAt ? "None" : formatPence(g.grantedPence)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          <Pagination page={page} pages={pages} hrefFor={(p) => (p > 1 ? `/grants?page=${p}` : "/grants")} />
        </>
      )}
    </>
  );
}
