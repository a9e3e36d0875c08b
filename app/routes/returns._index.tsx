import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { pageNumber } from "../forms/page-query";
import { requireUser } from "../auth/access.server";
import { Select, type Option } from "../components/form-fields";
import { daysOverdueText } from "../components/grant-returns";
import { Pagination } from "../components/pagination";
import { ReturnStatusTag } from "../components/return-status-tag";
import { SecondaryLine } from "../components/secondary-line";
import { TableRegion } from "../components/table-region";
import { partnershipFilter } from "../data/partnership-filter.server";
import { PartnershipFilterField } from "../components/partnership-filter";
import { partnershipText } from "../forms/partnership-text";
import { listReturns, returnYears } from "../data/returns.server";
import { bidScopeOf } from "../domain/access-rules";
import { formatDate, formatDateTime, parseFinancialYearLabel } from "../domain/financial-years";
import { RETURN_STATUSES, RETURN_STATUS_LABELS } from "../domain/return-lifecycle";
import { parseSearchParams } from "../forms/form-state";

export const handle = { title: "Quarterly returns" };

/** The query string; anything malformed is ignored rather than refused. */
const filtersSchema = z.object({
  status: z.enum(RETURN_STATUSES).optional().catch(undefined),
  overdue: z.literal("yes").optional().catch(undefined),
  year: z
    .string()
    .optional()
    .transform((v) => (v ? (parseFinancialYearLabel(v) ?? undefined) : undefined)),
  csp: z
    .string()
    .optional()
    .transform((v) => (v && /^\d{1,10}$/.test(v) ? Number(v) : undefined)),
  partnership: partnershipText,
  page: pageNumber,
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "return:read");
  const url = new URL(request.url);
  const query = parseSearchParams(url, filtersSchema);
  // A partnership's own returns; every partnership's for OPCC staff; none for anyone else.
  const cspId = bidScopeOf(user).cspId;
  const partnership = cspId === null ? partnershipFilter(url, query) : null;
  const result = listReturns({ cspId }, { status: query.status, overdue: query.overdue === "yes", startYear: query.year, cspId: partnership?.cspId, page: query.page });
  return {
    query: { status: query.status, overdue: query.overdue, year: query.year, csp: partnership?.cspId },
    result,
    showCsp: cspId === null,
    years: returnYears(),
    partnership,
  };
}

export default function Returns() {
  const { query, result, showCsp, years, partnership } = useLoaderData<typeof loader>();
  const href = (overrides: Record<string, string | number | undefined>) => {
    const merged: Record<string, string | number | undefined> = {
      status: query.status, overdue: query.overdue, year: query.year === undefined ? undefined : years.find((y) => y.startYear === query.year)?.label, csp: query.csp, ...overrides,
    };
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== "") search.set(k, String(v));
    const s = search.toString();
    return `/returns${s ? `?${s}` : ""}`;
  };
  const filtered = query.status || query.overdue || query.year !== undefined || query.csp !== undefined;
  return (
    <>
      <h1 className="govuk-heading-l">Quarterly returns</h1>
      <form method="get" action="/returns" className="govuk-!-margin-bottom-6">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <FilterSelect name="status" label="Status" value={query.status} options={RETURN_STATUSES.map((s) => ({ value: s, label: RETURN_STATUS_LABELS[s] }))} />
          </div>
          <div className="govuk-grid-column-one-third">
            <FilterSelect name="year" label="Financial year" value={years.find((y) => y.startYear === query.year)?.label} options={years.map((y) => ({ value: y.label, label: y.label }))} />
          </div>
          <div className="govuk-grid-column-one-third">
            <FilterSelect name="overdue" label="Overdue" value={query.overdue} options={[{ value: "yes", label: "Overdue only" }]} />
          </div>
        </div>
        {partnership ? (
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-one-third">
              <PartnershipFilterField id="filter-csp" filter={partnership} hrefFor={(csp) => href({ csp })} />
            </div>
          </div>
        ) : null}
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Apply filters
          </button>
          {filtered ? (
            <a className="govuk-link" href="/returns">
              Clear filters
            </a>
          ) : null}
        </div>
      </form>
      <p className="govuk-body" id="return-count">
        {result.count === 1 ? "1 return" : `${result.count.toLocaleString("en-GB")} returns`}
        {result.pages > 1 ? ` (page ${result.page} of ${result.pages})` : ""}.
      </p>
      {result.rows.length === 0 ? (
        <p className="govuk-body">No returns match these filters.</p>
      ) : (
        <TableRegion label="Quarterly returns">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Quarterly returns, latest due first</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Grant and quarter</th>
                {showCsp ? <th scope="col" className="govuk-table__header">Partnership</th> : null}
                <th scope="col" className="govuk-table__header">Due</th>
                <th scope="col" className="govuk-table__header">Status</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {result.rows.map((r) => (
                <tr key={r.id} className="govuk-table__row">
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/grants/${r.grantId}/returns/${r.id}`}>
                      {r.title}
                    </Link>
                    <SecondaryLine>{r.label}</SecondaryLine>
                  </td>
                  {showCsp ? <td className="govuk-table__cell">{r.cspName}</td> : null}
                  <td className="govuk-table__cell">
                    {formatDate(r.dueOn)}
                    {r.daysOverdue > 0 ? <SecondaryLine><strong>{daysOverdueText(r.daysOverdue)}</strong></SecondaryLine> : null}
                  </td>
                  <td className="govuk-table__cell">
                    <ReturnStatusTag status={r.status} />
                    {r.submittedAt ? <SecondaryLine>Submitted {formatDateTime(r.submittedAt)}</SecondaryLine> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <Pagination page={result.page} pages={result.pages} hrefFor={(page) => href({ page })} />
    </>
  );
}

function FilterSelect({ name, label, value, options }: { name: string; label: string; value: string | number | undefined; options: Option[] }) {
  return <Select id={`filter-${name}`} name={name} label={label} options={[{ value: "", label: "All" }, ...options]} defaultValue={value === undefined ? "" : String(value)} fullWidth />;
}
