import type { ReturnDetail, ReturnLine } from "../data/returns.server";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { formatTolerance, type ExpenditureType } from "../domain/spend-variance";
import { PROGRESS_LABELS, RagTag } from "./return-status-tag";
import { SecondaryLine } from "./secondary-line";
import { SummaryRow } from "./summary-row";
import { TableRegion } from "./table-region";

/**
 * What a quarterly return reports, to read: spend per line (capital and revenue apart) against
 * the profile, forecasts, outcomes, milestones, the ratings and the narrative. The same for every
 * reader; the check-your-answers page adds links to change each part.
 */
export function ReturnSummary({ r, changeHref }: { r: ReturnDetail; changeHref?: string }) {
  const change = (anchor: string, what: string) =>
    changeHref ? (
      <p className="govuk-body">
        <a className="govuk-link" href={`${changeHref}#${anchor}`}>
          Change<span className="govuk-visually-hidden"> {what}</span>
        </a>
      </p>
    ) : null;
  return (
    <>
      <h2 className="govuk-heading-l" id="spend">Spend</h2>
      <p className="govuk-body">
        Each line's profile is its approved amount spread evenly over the grant's quarters in the line's financial year. A quarter's spend that differs from its profile by more than{" "}
        {formatTolerance(r.toleranceBasisPoints)} is explained.
      </p>
      {(["revenue", "capital"] as const).map((type) => (
        <SpendTable key={type} type={type} r={r} />
      ))}
      {change("lines", "the spend")}
      {r.remainingQuarters.length ? <ForecastTable r={r} /> : null}

      <h2 className="govuk-heading-l" id="delivery">Delivery</h2>
      {r.outcomes.length ? (
        <TableRegion label="Outcomes">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">Outcomes</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Measure</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Baseline</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Target</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Actual to date</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {r.outcomes.map((o) => (
                <tr key={o.outcomeId} className="govuk-table__row">
                  <td className="govuk-table__cell">
                    {o.measure} ({o.unit})
                    {o.targetDate ? <SecondaryLine>Target by {formatDate(o.targetDate)}</SecondaryLine> : null}
                    {o.comment ? <SecondaryLine>{o.comment}</SecondaryLine> : null}
                  </td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{o.baseline ?? "None"}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{o.target ?? "None"}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{o.actualToDate ?? "Not given"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : (
        <p className="govuk-body">The bid has no outcomes to report.</p>
      )}
      {change("outcomes", "the outcomes")}
      {r.milestones.length ? (
        <TableRegion label="Milestones">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">Milestones</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Milestone</th>
                <th scope="col" className="govuk-table__header">Due</th>
                <th scope="col" className="govuk-table__header">Progress</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {r.milestones.map((m) => (
                <tr key={m.milestoneId} className="govuk-table__row">
                  <td className="govuk-table__cell">
                    {m.description}
                    {m.comment ? <SecondaryLine>{m.comment}</SecondaryLine> : null}
                  </td>
                  <td className="govuk-table__cell">{m.due}</td>
                  <td className="govuk-table__cell">{m.progress ? PROGRESS_LABELS[m.progress] : "Not given"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
      {r.milestones.length ? change("milestones", "the milestones") : null}

      <h2 className="govuk-heading-m" id="ratings">Ratings and narrative</h2>
      <dl className="govuk-summary-list">
        <SummaryRow label="Spend rating" value={<Rated rag={r.spendRag} reason={r.spendRagReason} />} />
        <SummaryRow label="Delivery rating" value={<Rated rag={r.deliveryRag} reason={r.deliveryRagReason} />} />
        <SummaryRow label="What went well" value={<Text value={r.wentWell} />} />
        <SummaryRow label="What did not go well" value={<Text value={r.didNotGoWell} />} />
        <SummaryRow label="What happens next" value={<Text value={r.nextSteps} />} />
      </dl>
      {change("ratings", "the ratings and narrative")}
    </>
  );
}

function Rated({ rag, reason }: { rag: ReturnDetail["spendRag"]; reason: string }) {
  return (
    <>
      <RagTag rag={rag} />
      {reason ? <p className="govuk-body portal-pre-wrap govuk-!-margin-top-2 govuk-!-margin-bottom-0">{reason}</p> : null}
    </>
  );
}

function Text({ value }: { value: string }) {
  return value ? <span className="portal-pre-wrap">{value}</span> : <>Not given</>;
}

const TYPE_LABELS: Record<ExpenditureType, string> = { revenue: "Revenue spend", capital: "Capital spend" };

function SpendTable({ type, r }: { type: ExpenditureType; r: ReturnDetail }) {
  const lines = r.lines.filter((l) => l.expenditureType === type);
  if (lines.length === 0) return null;
  const t = r.totals[type];
  return (
    <TableRegion label={TYPE_LABELS[type]}>
      <table className="govuk-table" id={`spend-${type}`}>
        <caption className="govuk-table__caption govuk-table__caption--m">{TYPE_LABELS[type]}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Cost line</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Approved</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Profile this quarter</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Actual this quarter</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Variance</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Spent to date</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Remaining</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {lines.map((l) => (
            <tr key={l.costLineId} className="govuk-table__row">
              <td className="govuk-table__cell">
                {l.description}
                <SecondaryLine>{l.financialYearLabel}</SecondaryLine>
                {l.varianceExplanation ? <SecondaryLine>Why it differs: {l.varianceExplanation}</SecondaryLine> : null}
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(l.budgetPence)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(l.profilePence)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{l.actualPence === null ? "Not given" : formatPence(l.actualPence)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                <Variance line={l} />
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(l.spentToDatePence)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {formatPence(l.remainingPence)}
                {l.overspent ? <SecondaryLine>Overspent</SecondaryLine> : null}
              </td>
            </tr>
          ))}
          <tr className="govuk-table__row">
            <th scope="row" className="govuk-table__header">Total {type}</th>
            <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(t.budgetPence)}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(t.profilePence)}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(t.actualPence)}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{formatSigned(t.actualPence - t.profilePence)}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(t.spentToDatePence)}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(t.remainingPence)}</td>
          </tr>
        </tbody>
      </table>
    </TableRegion>
  );
}

const formatSigned = (pence: number) => (pence > 0 ? `+${formatPence(pence)}` : formatPence(pence));

function Variance({ line }: { line: ReturnLine }) {
  if (line.variancePence === null) return <>None yet</>;
  return (
    <>
      {formatSigned(line.variancePence)}
      {line.needsExplanation ? <SecondaryLine>Beyond tolerance</SecondaryLine> : null}
    </>
  );
}

function ForecastTable({ r }: { r: ReturnDetail }) {
  return (
    <TableRegion label="Forecast spend">
      <table className="govuk-table" id="forecasts">
        <caption className="govuk-table__caption govuk-table__caption--m">Forecast spend in the quarters left</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Cost line</th>
            {r.remainingQuarters.map((q) => (
              <th key={`${q.startYear}-${q.quarter}`} scope="col" className="govuk-table__header govuk-table__header--numeric">
                {q.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {r.lines.map((l) => (
            <tr key={l.costLineId} className="govuk-table__row">
              <td className="govuk-table__cell">
                {l.description}
                <SecondaryLine>{l.expenditureType === "capital" ? "Capital" : "Revenue"}</SecondaryLine>
              </td>
              {l.forecasts.map((f) => (
                <td key={`${f.startYear}-${f.quarter}`} className="govuk-table__cell govuk-table__cell--numeric">
                  {f.amountPence === null ? "Not given" : formatPence(f.amountPence)}
                  <SecondaryLine>Profile {formatPence(f.profilePence)}</SecondaryLine>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
