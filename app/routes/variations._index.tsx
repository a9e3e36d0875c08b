import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { pageNumber } from "../forms/page-query";
import { requireUser } from "../auth/access.server";
import { Select } from "../components/form-fields";
import { VARIATION_STATUS_LABELS, variationAsk, VariationStatusTag } from "../components/grant-variations";
import { Pagination } from "../components/pagination";
import { SecondaryLine } from "../components/secondary-line";
import { TableRegion } from "../components/table-region";
import { listVariations } from "../data/variations.server";
import { VARIATION_STATUSES } from "../domain/variations";
import { bidScopeOf } from "../domain/access-rules";
import { formatDateTime } from "../domain/financial-years";
import { parseSearchParams } from "../forms/form-state";

export const handle = { title: "Variations" };

/**
 * /variations: the OPCC's queue of virements and time extensions, the ones waiting first (oldest
 * first); filtered by status, or every status newest first. A partnership's users see their own
 * partnership's, every status unless they choose one.
 */
const filtersSchema = z.object({
  status: z.enum([...VARIATION_STATUSES, "all"]).optional().catch(undefined),
  page: pageNumber,
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "variation:read");
  const query = parseSearchParams(new URL(request.url), filtersSchema);
  const cspId = bidScopeOf(user).cspId;
  // The OPCC's queue starts at what waits for it; a partnership's list at everything it asked.
  const status = query.status ?? (cspId === null ? "requested" : "all");
  const result = listVariations({ status: status === "all" ? undefined : status, cspId: cspId ?? undefined, page: query.page });
  return {
    status,
    showCsp: cspId === null,
    result: {
      ...result,
      rows: result.rows.map((r) => ({
        id: r.id, grantId: r.grantId, title: r.title, cspName: r.cspName, ask: variationAsk(r), kind: r.kind, status: r.status, autoApproved: r.autoApproved, requestedAt: r.requestedAt,
      })),
    },
  };
}

export default function Variations() {
  const { status, showCsp, result } = useLoaderData<typeof loader>();
  const href = (page: number) => `/variations?status=${status}${page > 1 ? `&page=${page}` : ""}`;
  return (
    <>
      <h1 className="govuk-heading-l">Variations</h1>
      <p className="govuk-body">Virements between a grant&apos;s cost lines and time extensions, as partnerships asked for them.</p>
      <form method="get" action="/variations" className="govuk-!-margin-bottom-6">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Select
              id="filter-status"
              name="status"
              label="Status"
              options={[...VARIATION_STATUSES.map((s) => ({ value: s, label: VARIATION_STATUS_LABELS[s] })), { value: "all", label: "All" }]}
              defaultValue={status}
              fullWidth
            />
          </div>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Apply filter
        </button>
      </form>
      <p className="govuk-body" id="variation-count">
        {result.count === 1 ? "1 variation" : `${result.count.toLocaleString("en-GB")} variations`}
        {result.pages > 1 ? ` (page ${result.page} of ${result.pages})` : ""}.
      </p>
      {result.rows.length === 0 ? (
        <p className="govuk-body">No variations match this filter.</p>
      ) : (
        <TableRegion label="Variations">
          <table className="govuk-table" id="variations-queue">
            <caption className="govuk-table__caption govuk-visually-hidden">{status === "all" ? "Variations, newest first" : "Variations, oldest first"}</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Grant and request</th>
                {showCsp ? <th scope="col" className="govuk-table__header">Partnership</th> : null}
                <th scope="col" className="govuk-table__header">Asked</th>
                <th scope="col" className="govuk-table__header">Status</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {result.rows.map((r) => (
                <tr key={r.id} className="govuk-table__row">
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/grants/${r.grantId}/variations/${r.id}`}>
                      {r.ask}
                    </Link>
                    <SecondaryLine>{r.title}</SecondaryLine>
                  </td>
                  {showCsp ? <td className="govuk-table__cell">{r.cspName}</td> : null}
                  <td className="govuk-table__cell">{formatDateTime(r.requestedAt)}</td>
                  <td className="govuk-table__cell">
                    <VariationStatusTag status={r.status} autoApproved={r.autoApproved} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <Pagination page={result.page} pages={result.pages} hrefFor={href} />
    </>
  );
}
