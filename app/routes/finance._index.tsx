import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/access.server";
import { ApprovedSpentSection, FigureCells, FigureHeaders, FinanceFilterForm, HowWorkedOut, Notices, PartnershipFiguresList, QuarterSection } from "../components/finance";
import { AttentionBlock, cspFlagTags, FlagTags } from "../components/finance-flags";
import { Money } from "../components/money-cell";
import { FinanceDownloads } from "../components/finance-exports";
import { OverProgramming } from "../components/over-programming";
import { Pagination } from "../components/pagination";
import { SecondaryLine } from "../components/secondary-line";
import { TableRegion } from "../components/table-region";
import { untilNextChange } from "../data/change-cache.server";
import { financeOverview, spendByQuarter, type FinanceTotals } from "../data/finance.server";
import { resolveFinanceQuery } from "../data/finance-query.server";
import { overProgrammedRounds } from "../data/underspends.server";
import { cspOf, hasPermission, isOpccStaff } from "../domain/access-rules";
import { shortQuarterLabel } from "../domain/financial-years";
import { plural } from "../domain/plural";
import { ukDate } from "../domain/round-window";
import { financeHref, financeQuerySchema } from "../forms/finance-filters";
import { parseSearchParams } from "../forms/form-state";

export const handle = { title: "Reconciliation" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "finance:read");
  const url = new URL(request.url);
  const query = parseSearchParams(url, financeQuerySchema);
  const today = ukDate(new Date());
  const resolved = resolveFinanceQuery(query, user, today, url);
  if (!resolved) return { empty: true as const };
  const { scope, ...choices } = resolved;
  // The whole year's figures, kept until the next write (decision record 042).
  const overview = untilNextChange("finance-overview", { scope, page: query.page, today }, () => financeOverview(scope, { page: query.page, today }));
  const quarters = untilNextChange("spend-by-quarter", { scope, today }, () => spendByQuarter(scope, { today }));
  return {
    empty: false as const,
    // A partnership's finance officer reads only their partnership's row, and no totals but its own.
    ownPartnership: cspOf(user) !== null,
    choices,
    overview,
    quarters: quarters.map((q) => ({ ...q, label: shortQuarterLabel(q.startYear, q.quarter) })),
    // The rounds' over-programming is the OPCC's: a partnership's finance officer reads its own figures only.
    manageClawbacks: hasPermission(user, "clawback:manage"),
    // Each round's approved total reads every granted bid's decision: kept until the next write too.
    overProgramming: isOpccStaff(user)
      ? untilNextChange("over-programmed-rounds", { financialYearId: scope.financialYearId, roundId: scope.roundId, streamId: scope.streamId }, () =>
          overProgrammedRounds({ financialYearId: scope.financialYearId, roundId: scope.roundId, streamId: scope.streamId }),
        )
      : [],
  };
}

/** A partnership's row after its name, or the total row's: allocation and requested, the figures, the flags. */
function PartnershipCells({ figures }: { figures: FinanceTotals }) {
  return (
    <>
      <Money pence={figures.allocationPence} />
      <Money pence={figures.requestedPence} />
      <FigureCells figures={figures} />
      <td className="govuk-table__cell">
        <FlagTags flags={cspFlagTags(figures.flags)} />
      </td>
    </>
  );
}

export default function Finance() {
  const page = useLoaderData<typeof loader>();
  if (page.empty) {
    return (
      <>
        <h1 className="govuk-heading-l">Reconciliation</h1>
        <p className="govuk-body">There are no financial years in the portal yet.</p>
      </>
    );
  }
  const { choices, overview, quarters } = page;
  const { filters } = choices;
  const { totals, rows } = overview;
  const cspHref = (cspId: number) => financeHref(`/finance/csp/${cspId}`, { fy: filters.fy, round: filters.round, stream: filters.stream });
  const subject = page.ownPartnership && rows[0] ? rows[0].cspName : "the partnerships";
  return (
    <>
      <span className="govuk-caption-l">Finance</span>
      <h1 className="govuk-heading-l">Reconciliation {choices.year.label}</h1>
      <p className="govuk-body">
        Where every pound of {choices.year.label}'s rounds stands: allocated, requested, approved, paid, spent and forecast, with what needs attention first.
      </p>
      <p className="govuk-body">
        A year here is the year of the round a grant was made in. A grant that runs on into later years (Safer Streets 5 runs to March 2025) is counted here whole, its later
        spending and payments included, so each grant&apos;s figures stay together.
      </p>
      {page.manageClawbacks ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={financeHref("/finance/clawbacks", { fy: choices.year.label })}>
            {choices.year.label}&apos;s clawbacks
          </Link>
        </p>
      ) : null}
      <FinanceFilterForm choices={{ ...choices, action: "/finance" }} />
      <Notices notices={choices.notices} />
      <FinanceDownloads filters={filters} yearLabel={choices.year.label} />
      {page.ownPartnership ? null : (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/finance/year-end/${choices.year.label}`}>
            Closing the year {choices.year.label}
          </Link>
          : its checklist, and closing it once every pound is accounted for.
        </p>
      )}

      <h2 className="govuk-heading-m">
        {page.ownPartnership ? "Your partnership" : `All ${plural(overview.count, "partnership", "partnerships")}`}
      </h2>
      <PartnershipFiguresList figures={totals} />
      <AttentionBlock heading="Needs attention" level={3} flags={cspFlagTags(totals.flags)} />

      {rows.length === 0 ? (
        <p className="govuk-body govuk-!-margin-top-6">
          No partnership has an allocation, a bid or a grant in {choices.year.label} that matches these filters.
        </p>
      ) : (
        <>
          <ApprovedSpentSection
            id="approved-spent"
            heading={`Approved against spent${overview.pages > 1 ? ` (page ${overview.page} of ${overview.pages})` : ""}`}
            title={`Approved cost against spent to date by partnership, ${choices.year.label}`}
            what={["partnership", "partnerships"]}
            rows={rows.map((r) => ({ key: r.cspId, label: r.cspName, approvedPence: r.approvedPence, spentPence: r.spentPence }))}
          />

          <h2 className="govuk-heading-m" id="by-partnership">
            By partnership
          </h2>
          <p className="govuk-body">
            {overview.pages > 1
              ? `Page ${overview.page} of ${overview.pages}, partnerships needing attention first. `
              : page.ownPartnership
              ? ""
              : "Partnerships needing attention first. "}
            Choose a partnership to see its grants.
          </p>
          <TableRegion label="Reconciliation by partnership">
            <table className="govuk-table govuk-table--small-text-until-tablet">
              <caption className="govuk-table__caption govuk-visually-hidden">
                Reconciliation by partnership, {choices.year.label}, those needing attention first
              </caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header portal-name-column">
                    Partnership
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Allocation
                  </th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                    Requested
                  </th>
                  <FigureHeaders />
                  <th scope="col" className="govuk-table__header portal-flags-column">
                    Needs attention
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {rows.map((r) => (
                  <tr key={r.cspId} className="govuk-table__row">
                    <th scope="row" className="govuk-table__header">
                      <Link className="govuk-link" to={cspHref(r.cspId)}>
                        {r.cspName}
                      </Link>
                      <SecondaryLine>{plural(r.grants, "grant", "grants")}</SecondaryLine>
                    </th>
                    <PartnershipCells figures={r} />
                  </tr>
                ))}
                {page.ownPartnership ? null : (
                  <tr className="govuk-table__row">
                    <th scope="row" className="govuk-table__header">
                      Total
                      <SecondaryLine>{overview.pages > 1 ? "of every page" : "of every partnership"}</SecondaryLine>
                    </th>
                    <PartnershipCells figures={totals} />
                  </tr>
                )}
              </tbody>
            </table>
          </TableRegion>
          <Pagination page={overview.page} pages={overview.pages} hrefFor={(n) => financeHref("/finance", { ...filters, page: n })} />

          <QuarterSection id="quarters-chart" heading="Spend by quarter" subject={`${subject}, ${choices.year.label}`} quarters={quarters} />
          <OverProgramming rows={page.overProgramming} />
        </>
      )}
      <HowWorkedOut />
    </>
  );
}
