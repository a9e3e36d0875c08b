import { financeHref } from "../forms/finance-filters";

/**
 * On /finance: the reconciliation's rows as CSV with the filters shown (every page), and the
 * year's grant cost lines as an Excel workbook or CSV (/exports/finance.xlsx and .csv). Plain
 * links: downloads work without JavaScript.
 */
export function FinanceDownloads({ filters, yearLabel }: { filters: Record<string, string | number | undefined>; yearLabel: string }) {
  const year = encodeURIComponent(yearLabel);
  return (
    <div className="govuk-!-margin-bottom-6">
      <h2 className="govuk-heading-s">Downloads</h2>
      <ul className="govuk-list">
        <li>
          <a className="govuk-link" href={financeHref("/finance.csv", filters)} download>
            Download as CSV<span className="govuk-visually-hidden"> (the partnerships&apos; figures for these filters, every page)</span>
          </a>
        </li>
        <li>
          <a className="govuk-link" href={`/exports/finance.xlsx?year=${year}`} download>
            {yearLabel}&apos;s grant cost lines as an Excel workbook
          </a>
        </li>
        <li>
          <a className="govuk-link" href={`/exports/finance.csv?year=${year}`} download>
            {yearLabel}&apos;s grant cost lines as CSV
          </a>
        </li>
      </ul>
      <p className="govuk-body-s">
        The cost lines are every line of {yearLabel}&apos;s grants that you may see, whatever the filters above: what was approved, varied, paid and spent, and what became of any
        underspend. A grant is paid as a whole, so each line shows its share of the grant&apos;s payments, in proportion to the line&apos;s current amount.
      </p>
    </div>
  );
}
