import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { notFound, parseId, requireUser } from "../auth/access.server";
import { ApprovedSpentSection, FigureCells, FigureHeaders, FinanceFilterForm, HowWorkedOut, Notices, PartnershipFiguresList, QuarterSection } from "../components/finance";
import { AttentionBlock, cspFlagTags, FlagTags, grantFlagTags } from "../components/finance-flags";
import { Pagination } from "../components/pagination";
import { SecondaryLine } from "../components/secondary-line";
import { TableRegion } from "../components/table-region";
import { financeOverview, grantsInScope, spendByQuarter } from "../data/finance.server";
import { untilNextChange } from "../data/change-cache.server";
import { resolveFinanceQuery } from "../data/finance-query.server";
import { findCsp } from "../data/reference.server";
import { cspOf } from "../domain/access-rules";
import { formatDate, shortQuarterLabel } from "../domain/financial-years";
import { ukDate } from "../domain/round-window";
import { financeHref, financeQuerySchema } from "../forms/finance-filters";
import { parseSearchParams } from "../forms/form-state";

export const handle = { title: (data: { csp?: { name: string } } | undefined) => `Reconciliation${data?.csp ? `: ${data.csp.name}` : ""}` };

/** One partnership's grants in a year, with the same figures each. Another partnership's finance officer: 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "finance:read");
  const cspId = parseId(params.cspId);
  const own = cspOf(user);
  if (own !== null && own !== cspId) notFound();
  const csp = findCsp(cspId);
  if (!csp) notFound();
  const query = parseSearchParams(new URL(request.url), financeQuerySchema);
  const today = ukDate(new Date());
  // The partnership in the address is the filter; a ?csp= is not.
  const resolved = resolveFinanceQuery({ ...query, csp: undefined }, user, today, null);
  if (!resolved) notFound();
  const { scope: yearScope, ...choices } = resolved;
  const scope = { ...yearScope, cspId };
  // One partnership's year, kept until the next write like the whole year's (decision record 042):
  // its figures, grants and quarters are most of the page's work (4 ms at national scale).
  const overview = untilNextChange("finance-overview", { scope, page: 1, today }, () => financeOverview(scope, { today }));
  const grants = untilNextChange("finance-csp-grants", { scope, page: query.page, today }, () => grantsInScope(scope, { page: query.page, today }));
  return {
    csp: { id: csp.id, name: csp.name, council: csp.accountableCouncil },
    ownPartnership: own !== null,
    choices,
    figures: overview.rows[0] ?? null,
    grants: { ...grants, rows: grants.rows.map(({ cspId: _c, bidId: _b, toleranceBasisPoints: _t, ...g }) => g) },
    quarters: untilNextChange("spend-by-quarter", { scope, today }, () => spendByQuarter(scope, { today })).map((q) => ({ ...q, label: shortQuarterLabel(q.startYear, q.quarter) })),
  };
}

export default function CspFinance() {
  const { csp, choices, figures, grants, quarters, ownPartnership } = useLoaderData<typeof loader>();
  const { filters } = choices;
  const back = financeHref("/finance", filters);
  return (
    <>
      <nav className="govuk-breadcrumbs" aria-label="Breadcrumb">
        <ol className="govuk-breadcrumbs__list">
          <li className="govuk-breadcrumbs__list-item">
            <Link className="govuk-breadcrumbs__link" to={back}>
              Reconciliation {choices.year.label}
            </Link>
          </li>
        </ol>
      </nav>
      <span className="govuk-caption-l">
        {csp.council ? `${csp.council}, ` : ""}
        {choices.year.label}
      </span>
      <h1 className="govuk-heading-l">{csp.name}</h1>
      <FinanceFilterForm choices={{ ...choices, action: `/finance/csp/${csp.id}` }} />
      <Notices notices={choices.notices} />
      {figures === null ? (
        <p className="govuk-body">
          {ownPartnership ? "Your partnership has" : "This partnership has"} no allocation, bid or grant in {choices.year.label} that matches these filters.
        </p>
      ) : (
        <>
          <PartnershipFiguresList figures={figures} />
          <AttentionBlock heading="Needs attention" flags={cspFlagTags(figures.flags)} />
        </>
      )}

      {grants.rows.length === 0 ? null : (
        <>
          <ApprovedSpentSection
            id="grants-chart"
            heading={`Approved against spent by grant${grants.pages > 1 ? ` (page ${grants.page} of ${grants.pages})` : ""}`}
            title={`Approved cost against spent to date by grant: ${csp.name}, ${choices.year.label}`}
            what={["grant", "grants"]}
            rows={grants.rows.map((g) => ({ key: g.grantId, label: g.title, approvedPence: g.approvedPence, spentPence: g.spentPence }))}
          />

          <h2 className="govuk-heading-m">Grants</h2>
          <p className="govuk-body">Choose a grant to see its cost lines and its spend by quarter.</p>
          <TableRegion label="Grants">
            <table className="govuk-table govuk-table--small-text-until-tablet">
              <caption className="govuk-table__caption govuk-visually-hidden">
                {csp.name}'s grants in {choices.year.label}, those needing attention first
              </caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header portal-name-column">
                    Grant
                  </th>
                  <FigureHeaders />
                  <th scope="col" className="govuk-table__header portal-flags-column">
                    Needs attention
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {grants.rows.map((g) => (
                  <tr key={g.grantId} className="govuk-table__row">
                    <th scope="row" className="govuk-table__header">
                      <Link className="govuk-link" to={financeHref(`/finance/grants/${g.grantId}`, {})}>
                        {g.title}
                      </Link>
                      <SecondaryLine>
                        {g.roundName}, {g.reference}
                      </SecondaryLine>
                      <SecondaryLine>
                        <Link className="govuk-link" to={`/grants/${g.grantId}`}>
                          Grant and returns<span className="govuk-visually-hidden"> for {g.title}</span>
                        </Link>
                        {" · "}
                        <Link className="govuk-link" to={`/grants/${g.grantId}/payments`}>
                          Payments<span className="govuk-visually-hidden"> for {g.title}</span>
                        </Link>
                      </SecondaryLine>
                    </th>
                    <FigureCells figures={g} />
                    <td className="govuk-table__cell">
                      <FlagTags flags={grantFlagTags(g.flags, g.overdueReturns)} />
                      {g.flags.offerNotAccepted ? <SecondaryLine>Accept by {formatDate(g.acceptBy)}</SecondaryLine> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          <Pagination page={grants.page} pages={grants.pages} hrefFor={(n) => financeHref(`/finance/csp/${csp.id}`, { ...filters, page: n })} />
          <QuarterSection id="quarters-chart" heading="Spend by quarter" subject={`${csp.name}, ${choices.year.label}`} quarters={quarters} />
        </>
      )}
      <HowWorkedOut />
    </>
  );
}
