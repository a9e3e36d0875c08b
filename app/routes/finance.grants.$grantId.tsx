import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { notFound, requireGrant } from "../auth/access.server";
import { FiguresList, HowWorkedOut, QuarterSection } from "../components/finance";
import { AttentionBlock, grantFlagTags } from "../components/finance-flags";
import { Money } from "../components/money-cell";
import { SecondaryLine } from "../components/secondary-line";
import { SuccessBanner } from "../components/success-banner";
import { TableRegion } from "../components/table-region";
import { UnderspendYears } from "../components/underspend-years";
import { grantFinance, spendByQuarter } from "../data/finance.server";
import { grantUnderspendRecords, grantUnderspendYears } from "../data/underspends.server";
import { hasPermission, isOpccStaff } from "../domain/access-rules";
import { yearClosedMessage } from "../domain/year-lock";
import { formatDate, shortQuarterLabel } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { quartersBetween } from "../domain/payment-schedule";
import { quarterIndex } from "../domain/reconciliation";
import { ukDate } from "../domain/round-window";
import { financeHref, financeQuerySchema } from "../forms/finance-filters";
import { parseSearchParams } from "../forms/form-state";

export const handle = { title: (data: { grant?: { title: string } } | undefined) => `Reconciliation${data?.grant ? `: ${data.grant.title}` : ""}` };

const OFFER_TEXT = { offered: "Offered, not yet accepted", accepted: "Accepted", declined: "Declined" } as const;

/**
 * One grant's money, by cost line and by quarter; `?line=` charts one line. The grant's access
 * check (another partnership's grant: 404; a CSP lead: 403) comes first.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, grant: header } = await requireGrant(request, params.grantId, "finance:read");
  const today = ukDate(new Date());
  const found = grantFinance(header.id, today);
  if (!found) notFound();
  const { grant, lines } = found;
  const query = parseSearchParams(new URL(request.url), financeQuerySchema);
  const byLine = spendByQuarter({ kind: "grant", grantId: grant.grantId }, { today, byLine: true });
  // Every quarter the grant runs in, and any other a line or a return reaches.
  const indexes = new Set([
    ...(grant.startDate && grant.endDate ? quartersBetween(grant.startDate, grant.endDate) : []).map(quarterIndex),
    ...byLine.map(quarterIndex),
  ]);
  const quarters = [...indexes].sort((a, b) => a - b).map((i) => ({ startYear: Math.floor(i / 4), quarter: (i % 4) + 1 }));
  const label = (q: { startYear: number; quarter: number }) => shortQuarterLabel(q.startYear, q.quarter);
  const sumFor = (filter: (r: (typeof byLine)[number]) => boolean) =>
    quarters.map((q) => {
      const rows = byLine.filter((r) => filter(r) && r.startYear === q.startYear && r.quarter === q.quarter);
      const total = (k: "profilePence" | "spentPence" | "forecastPence") => rows.reduce((n, r) => n + r[k], 0);
      return { ...q, label: label(q), profilePence: total("profilePence"), spentPence: total("spentPence"), forecastPence: total("forecastPence") };
    });
  const line = query.line !== undefined ? lines.find((l) => l.costLineId === query.line) ?? null : null;
  return {
    grant: {
      id: grant.grantId,
      title: grant.title,
      cspId: grant.cspId,
      cspName: grant.cspName,
      roundName: grant.roundName,
      streamName: grant.streamName,
      financialYearLabel: grant.financialYearLabel,
      reference: grant.reference,
      offerStatus: grant.offerStatus,
      acceptBy: grant.acceptBy,
      withdrawn: grant.withdrawnAt !== null,
      startDate: grant.startDate,
      endDate: grant.endDate,
      tolerance: grant.toleranceBasisPoints,
      overdueReturns: grant.overdueReturns,
      flags: grant.flags,
      approvedPence: grant.approvedPence,
      grantedPence: grant.grantedPence,
      paidPence: grant.paidPence,
      spentPence: grant.spentPence,
      forecastPence: grant.forecastPence,
      variancePence: grant.variancePence,
      underspendPence: grant.underspendPence,
    },
    lines: lines.map((l) => ({
      ...l,
      spentByQuarter: quarters.map(
        (q) => byLine.find((r) => r.costLineId === l.costLineId && r.startYear === q.startYear && r.quarter === q.quarter)?.spentPence ?? 0
      ),
    })),
    quarterLabels: quarters.map(label),
    quarters: sumFor(() => true),
    line: line ? { ...line, quarters: sumFor((r) => r.costLineId === line.costLineId) } : null,
    lineAsked: query.line !== undefined,
    underspend: {
      years: grantUnderspendYears(grant.grantId).map(({ closure, ...y }) => ({ ...y, closedMessage: closure ? yearClosedMessage(closure) : null })),
      // Who at the OPCC recorded each stays with the OPCC, as on the payments page.
      records: grantUnderspendRecords(grant.grantId).map((r) => ({ ...r, recordedByName: isOpccStaff(user) ? r.recordedByName : null })),
      canRecord: hasPermission(user, "underspend:record") && grant.offerStatus === "accepted" && grant.withdrawnAt === null,
    },
  };
}

export default function GrantFinance() {
  const { grant, lines, quarters, quarterLabels, line, lineAsked, underspend } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const cspHref = financeHref(`/finance/csp/${grant.cspId}`, { fy: grant.financialYearLabel });
  return (
    <>
      <nav className="govuk-breadcrumbs" aria-label="Breadcrumb">
        <ol className="govuk-breadcrumbs__list">
          <li className="govuk-breadcrumbs__list-item">
            <Link className="govuk-breadcrumbs__link" to={financeHref("/finance", { fy: grant.financialYearLabel })}>
              Reconciliation {grant.financialYearLabel}
            </Link>
          </li>
          <li className="govuk-breadcrumbs__list-item">
            <Link className="govuk-breadcrumbs__link" to={cspHref}>
              {grant.cspName}
            </Link>
          </li>
        </ol>
      </nav>
      {params.get("done") === "underspend" ? <SuccessBanner id="done-title">The underspend has been recorded. The partnership has been sent an e-mail.</SuccessBanner> : null}
      <span className="govuk-caption-l">
        {grant.cspName}, {grant.roundName}
      </span>
      <h1 className="govuk-heading-l">{grant.title}</h1>
      {grant.withdrawn || grant.offerStatus === "declined" ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            {grant.withdrawn ? "This grant was withdrawn by a later decision" : "The partnership declined this offer"}: it is not in the year's figures.
          </strong>
        </div>
      ) : null}
      <p className="govuk-body">
        <Link className="govuk-link" to={`/grants/${grant.id}`}>
          The grant, its decision and its returns
        </Link>
        {" · "}
        <Link className="govuk-link" to={`/grants/${grant.id}/payments`}>
          Its payments
        </Link>
      </p>
      <FiguresList
        figures={grant}
        extra={[
          ["PCC decision", grant.reference],
          ["Offer", `${OFFER_TEXT[grant.offerStatus]}${grant.offerStatus === "offered" ? ` (accept by ${formatDate(grant.acceptBy)})` : ""}`],
          ["Runs", grant.startDate && grant.endDate ? `${formatDate(grant.startDate)} to ${formatDate(grant.endDate)}` : "Not set"],
          ["Underspend tolerance", `${(grant.tolerance / 100).toLocaleString("en-GB")}% (${grant.streamName})`],
        ]}
      />
      <AttentionBlock heading="Needs attention" flags={grantFlagTags(grant.flags, grant.overdueReturns)} />

      <h2 className="govuk-heading-m govuk-!-margin-top-6">Cost lines</h2>
      <p className="govuk-body">Spent by quarter is from accepted returns. Choose a line to chart its spend against its profile.</p>
      <TableRegion label="Cost lines">
        <table className="govuk-table govuk-table--small-text-until-tablet">
          <caption className="govuk-table__caption govuk-visually-hidden">The grant's cost lines: approved, spent by quarter, forecast and remaining</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header portal-name-column">
                Cost line
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Approved
              </th>
              {quarterLabels.map((q) => (
                <th key={q} scope="col" className="govuk-table__header govuk-table__header--numeric">
                  Spent {q}
                </th>
              ))}
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Spent to date
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Forecast
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Remaining
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {lines.map((l) => (
              <tr key={l.costLineId} className="govuk-table__row">
                <th scope="row" className="govuk-table__header">
                  <Link className="govuk-link" to={`/finance/grants/${grant.id}?line=${l.costLineId}#line-figures`}>
                    {l.description}
                  </Link>
                  <SecondaryLine>
                    {l.financialYearLabel}, {l.expenditureType}
                  </SecondaryLine>
                  {l.overspent ? (
                    <SecondaryLine>
                      <strong className="govuk-tag govuk-tag--red">Overspent</strong>
                    </SecondaryLine>
                  ) : null}
                </th>
                <Money pence={l.approvedPence} />
                {l.spentByQuarter.map((pence, i) => (
                  <Money key={quarterLabels[i]} pence={pence} />
                ))}
                <Money pence={l.spentPence} />
                <Money pence={l.forecastPence} />
                <Money pence={l.remainingPence} />
              </tr>
            ))}
            <tr className="govuk-table__row">
              <th scope="row" className="govuk-table__header">
                Total
              </th>
              <Money pence={grant.approvedPence} />
              {quarters.map((q) => (
                <Money key={q.label} pence={q.spentPence} />
              ))}
              <Money pence={grant.spentPence} />
              <Money pence={grant.forecastPence} />
              <Money pence={grant.approvedPence - grant.spentPence} />
            </tr>
          </tbody>
        </table>
      </TableRegion>

      {line ? (
        <div id="line-figures">
          <QuarterSection id="line-chart" heading={`Cost line: ${line.description}`} subject={line.description} quarters={line.quarters} />
          <dl className="govuk-summary-list">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Approved</dt>
              <dd className="govuk-summary-list__value">{formatPence(line.approvedPence)}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Spent to date</dt>
              <dd className="govuk-summary-list__value">
                {formatPence(line.spentPence)}
                {line.overspent ? (
                  <SecondaryLine>
                    <strong className="govuk-tag govuk-tag--red">Overspent</strong>
                  </SecondaryLine>
                ) : null}
              </dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Forecast</dt>
              <dd className="govuk-summary-list__value">{formatPence(line.forecastPence)}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Remaining</dt>
              <dd className="govuk-summary-list__value">{formatPence(line.remainingPence)}</dd>
            </div>
          </dl>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/finance/grants/${grant.id}`}>
              Back to the whole grant
            </Link>
          </p>
        </div>
      ) : (
        <>
          {lineAsked ? <p className="govuk-inset-text">That cost line is not one of this grant's. Showing the whole grant.</p> : null}
          <QuarterSection id="quarters-chart" heading="Spend by quarter" subject={grant.title} quarters={quarters} />
        </>
      )}
      <UnderspendYears grantId={grant.id} {...underspend} />
      <HowWorkedOut />
    </>
  );
}
