import type { ReactNode } from "react";
import { Select } from "./form-fields";
import { PartnershipFilterField, type PartnershipFilter } from "./partnership-filter";
import { financeHref } from "../forms/finance-filters";
import { SecondaryLine } from "./secondary-line";
import { PairedBarChart, QuarterChart } from "./charts";
import { TableRegion } from "./table-region";
import type { FinanceFigures, FinanceTotals } from "../data/finance.server";
import { formatPence } from "../domain/money";
import { Money } from "./money-cell";
import { percentOf } from "../domain/reconciliation";

/** The parts the reconciliation pages (/finance, a partnership's, a grant's) share. */

export interface FilterChoices {
  action: string;
  years: { id: number; label: string; hasGrants: boolean }[];
  rounds: { id: number; name: string }[];
  streams: { id: number; name: string }[];
  /** The partnership filter (app/components/partnership-filter.tsx); none for a partnership's own finance officer, or on a partnership's page. */
  partnership: PartnershipFilter | null;
  filters: { fy: string; round?: number; stream?: number; csp?: number };
}

/** A GET form: it works without JavaScript and the address can be shared. */
export function FinanceFilterForm({ choices }: { choices: FilterChoices }) {
  const { filters } = choices;
  return (
    <form method="get" action={choices.action} className="govuk-!-margin-bottom-6">
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-quarter">
          <Select
            id="filter-fy"
            name="fy"
            label="Financial year"
            fullWidth
            defaultValue={filters.fy}
            options={choices.years.map((y) => ({ value: y.label, label: y.hasGrants ? y.label : `${y.label} (no grants)` }))}
          />
        </div>
        <ChoiceSelect name="round" label="Round" value={filters.round} options={choices.rounds} />
        <ChoiceSelect name="stream" label="Funding stream" value={filters.stream} options={choices.streams} />
        {choices.partnership ? (
          <div className="govuk-grid-column-one-quarter">
            <PartnershipFilterField id="filter-csp" filter={choices.partnership} hrefFor={(csp) => financeHref(choices.action, { fy: filters.fy, round: filters.round, stream: filters.stream, csp })} />
          </div>
        ) : null}
      </div>
      <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
        Show figures
      </button>
    </form>
  );
}

/** One of the filters that picks a round, a stream or a partnership by its id, or "All". */
function ChoiceSelect({ name, label, value, options }: { name: string; label: string; value?: number; options: { id: number; name: string }[] }) {
  return (
    <div className="govuk-grid-column-one-quarter">
      <Select
        id={`filter-${name}`}
        name={name}
        label={label}
        fullWidth
        defaultValue={value ? String(value) : ""}
        options={[{ value: "", label: "All" }, ...options.map((o) => ({ value: String(o.id), label: o.name }))]}
      />
    </div>
  );
}

export function Notices({ notices }: { notices: string[] }) {
  if (notices.length === 0) return null;
  return (
    <div className="govuk-inset-text">
      {notices.map((n) => (
        <p key={n} className="govuk-body">
          {n}
        </p>
      ))}
    </div>
  );
}

/** A variance in words as well as a sign: "−£1,540.30 (under)". */
export function Variance({ pence }: { pence: number }) {
  if (pence === 0) return <>{formatPence(0)}</>;
  return (
    <>
      {pence > 0 ? "+" : ""}
      {formatPence(pence)}
      <SecondaryLine>{pence > 0 ? "over" : "under"}</SecondaryLine>
    </>
  );
}

/** The figure columns of the partnership and grant tables, in the order FigureCells fills them. */
const FIGURE_COLUMNS = ["Approved", "Granted", "Paid", "Spent", "Forecast", "Variance", "Underspend"];

export function FigureHeaders() {
  return (
    <>
      {FIGURE_COLUMNS.map((c) => (
        <th key={c} scope="col" className="govuk-table__header govuk-table__header--numeric">
          {c}
        </th>
      ))}
    </>
  );
}

/** A table row's figures, under FigureHeaders. */
export function FigureCells({ figures }: { figures: FinanceFigures }) {
  return (
    <>
      <Money pence={figures.approvedPence} />
      <Money pence={figures.grantedPence} />
      <Money pence={figures.paidPence} />
      <Money pence={figures.spentPence} />
      <Money pence={figures.forecastPence} />
      <td className="govuk-table__cell govuk-table__cell--numeric portal-nowrap">
        <Variance pence={figures.variancePence} />
      </td>
      <Money pence={figures.underspendPence} />
    </>
  );
}

/** The figures as a summary list: what the page's totals are. */
export function FiguresList({ figures, extra = [] }: { figures: FinanceFigures; extra?: [string, ReactNode][] }) {
  const rows: [string, ReactNode][] = [
    ...extra,
    ["Approved cost", formatPence(figures.approvedPence)],
    ["Granted (approved less match funding)", formatPence(figures.grantedPence)],
    ["Paid", formatPence(figures.paidPence)],
    ["Spent to date (accepted returns)", `${formatPence(figures.spentPence)}${figures.approvedPence > 0 ? ` (${percentOf(figures.spentPence, figures.approvedPence)} of approved)` : ""}`],
    ["Forecast", formatPence(figures.forecastPence)],
    ["Variance (forecast less approved)", <Variance key="v" pence={figures.variancePence} />],
    ["Underspend", formatPence(figures.underspendPence)],
  ];
  return (
    <dl className="govuk-summary-list">
      {rows.map(([label, value]) => (
        <div key={label} className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">{label}</dt>
          <dd className="govuk-summary-list__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A partnership's figures, or all partnerships': what was allocated and requested first. */
export function PartnershipFiguresList({ figures }: { figures: FinanceTotals }) {
  return (
    <FiguresList
      figures={figures}
      extra={[
        ["Allocation", formatPence(figures.allocationPence)],
        ["Requested", formatPence(figures.requestedPence)],
        ["Grants", figures.grants.toLocaleString("en-GB")],
      ]}
    />
  );
}

export interface QuarterRow {
  startYear: number;
  quarter: number;
  label: string;
  profilePence: number;
  spentPence: number;
  forecastPence: number;
}

/** Spend by quarter against the profile: the chart, and beside it the same numbers in a table. */
export function QuarterSection({ id, heading, subject, quarters }: { id: string; heading: string; subject: string; quarters: QuarterRow[] }) {
  const total = (k: "profilePence" | "spentPence" | "forecastPence") => quarters.reduce((n, q) => n + q[k], 0);
  const title = `Spend by quarter against the profile: ${subject}`;
  const description =
    quarters.length === 0
      ? "Nothing is approved or spent in these quarters."
      : `${quarters.length === 1 ? "One quarter" : `${quarters.length} quarters`}, ${quarters[0].label} to ${quarters[quarters.length - 1].label}. ` +
        quarters.map((q) => `${q.label}: profile ${formatPence(q.profilePence)}, spent ${formatPence(q.spentPence)}`).join("; ") +
        `. In all: profile ${formatPence(total("profilePence"))}, spent ${formatPence(
          total("spentPence")
        )}. The table that follows gives the same figures and the forecast.`;
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 className="govuk-heading-m" id={`${id}-heading`}>
        {heading}
      </h2>
      <p className="govuk-body">
        The profile spreads each cost line's approved amount evenly over the grant's quarters in the line's financial year. Spent is from accepted returns.
      </p>
      <QuarterChart
        id={id}
        title={title}
        description={description}
        names={{ first: "Profile", second: "Spent" }}
        quarters={quarters.map((q) => ({
          key: `${q.startYear}-${q.quarter}`,
          label: `Q${q.quarter}`,
          sublabel: q.label.split(" ")[0],
          first: q.profilePence,
          second: q.spentPence,
        }))}
      />
      <TableRegion label={`${heading}: the figures`}>
        <table className="govuk-table govuk-table--small-text-until-tablet">
          <caption className="govuk-table__caption govuk-table__caption--s">{title}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Quarter
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Profile
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Spent
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Forecast
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {quarters.map((q) => (
              <tr key={`${q.startYear}-${q.quarter}`} className="govuk-table__row">
                <th scope="row" className="govuk-table__header">
                  {q.label}
                </th>
                <Money pence={q.profilePence} />
                <Money pence={q.spentPence} />
                <Money pence={q.forecastPence} />
              </tr>
            ))}
            <tr className="govuk-table__row">
              <th scope="row" className="govuk-table__header">
                Total
              </th>
              <Money pence={total("profilePence")} />
              <Money pence={total("spentPence")} />
              <Money pence={total("forecastPence")} />
            </tr>
          </tbody>
        </table>
      </TableRegion>
    </section>
  );
}

/** How many pairs of bars a chart draws: a taller chart is more scrolling than reading. */
export const CHART_ROWS = 20;

/**
 * Approved against spent, one pair of bars a row (partnerships, or a partnership's grants), in the
 * order given (those needing attention first), at most CHART_ROWS of them; the same numbers in a
 * table under it.
 */
export function ApprovedSpentSection({ id, heading, title, what, rows }: { id: string; heading: string; title: string; what: [string, string]; rows: { key: number; label: string; approvedPence: number; spentPence: number }[] }) {
  const charted = rows.slice(0, CHART_ROWS);
  const [one, many] = what;
  const description =
    `${charted.length === 1 ? `One ${one}` : `${charted.length} ${many}`}. ` +
    charted.map((r) => `${r.label}: approved ${formatPence(r.approvedPence)}, spent ${formatPence(r.spentPence)}`).join("; ") +
    ". The table that follows gives the same figures.";
  return (
    <section aria-labelledby={`${id}-heading`} className="govuk-!-margin-top-6">
      <h2 className="govuk-heading-m" id={`${id}-heading`}>
        {heading}
      </h2>
      {rows.length > charted.length ? (
        <p className="govuk-body">
          The first {charted.length} of the {rows.length} {many} on this page, those needing attention first. The table of {many} further down lists them all.
        </p>
      ) : null}
      <PairedBarChart
        id={`${id}-chart`}
        title={title}
        description={description}
        names={{ first: "Approved", second: "Spent" }}
        rows={charted.map((r) => ({ key: r.key, label: r.label, first: r.approvedPence, second: r.spentPence }))}
      />
      <TableRegion label={`${heading}: the figures`}>
        <table className="govuk-table govuk-table--small-text-until-tablet">
          <caption className="govuk-table__caption govuk-table__caption--s">{title}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header portal-name-column">
                {one[0].toUpperCase() + one.slice(1)}
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Approved
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Spent
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {charted.map((r) => (
              <tr key={r.key} className="govuk-table__row">
                <th scope="row" className="govuk-table__header">
                  {r.label}
                </th>
                <Money pence={r.approvedPence} />
                <Money pence={r.spentPence}>{r.approvedPence > 0 ? <SecondaryLine>{percentOf(r.spentPence, r.approvedPence)} of approved</SecondaryLine> : null}</Money>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </section>
  );
}

/** What the words on these pages mean, folded away. */
export function HowWorkedOut() {
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">How these figures are worked out</span>
      </summary>
      <div className="govuk-details__text">
        <p className="govuk-body">A year's figures are those of the bids made in its rounds, whatever years their cost lines run in.</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            <strong>Allocation</strong>: the provisional allocations in the year's rounds.
          </li>
          <li>
            <strong>Requested</strong>: what the bids submitted ask for, less their match funding (drafts and withdrawn bids are left out).
          </li>
          <li>
            <strong>Approved cost</strong>: the cost lines the PCC's decisions approved. Spend is reported against these lines, so spend, forecast and variance
            are measured against it.
          </li>
          <li>
            <strong>Granted</strong>: the approved cost less the match funding the partnership brings: what the OPCC pays.
          </li>
          <li>
            <strong>Spent to date</strong>: the actual spend in accepted returns.
          </li>
          <li>
            <strong>Forecast</strong>: what the returns submitted or accepted so far report, plus the latest one's forecast for the quarters after it. Until a
            grant's first return is submitted, its approved cost.
          </li>
          <li>
            <strong>Variance</strong>: forecast less approved cost. <strong>Underspend</strong>: each grant's shortfall, added up (an overspend on one grant
            does not hide an underspend on another).
          </li>
          <li>Grants withdrawn by a later decision, and offers declined, are left out.</li>
        </ul>
      </div>
    </details>
  );
}
