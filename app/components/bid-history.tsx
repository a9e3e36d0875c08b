import type { HistoryLine } from "../domain/bid-history";
import { formatDateTime } from "../domain/financial-years";
import { SecondaryLine } from "./secondary-line";
import { TableRegion } from "./table-region";

/**
 * The bid's history. The lines come worded from the server (`historyLines`), already cut to what
 * the reader may see: this component only lays them out.
 */
export function BidHistory({ entries }: { entries: HistoryLine[] }) {
  return (
    <TableRegion label="History">
    <table className="govuk-table" id="history">
      <caption className="govuk-table__caption govuk-table__caption--m">History</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">When</th>
          <th scope="col" className="govuk-table__header">Who</th>
          <th scope="col" className="govuk-table__header">What</th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {entries.map((e) => (
          <tr key={e.id} className="govuk-table__row">
            <td className="govuk-table__cell">{formatDateTime(e.at)}</td>
            <td className="govuk-table__cell">{e.who}</td>
            <td className="govuk-table__cell">
              {e.what}
              {e.detail ? <SecondaryLine>{e.detail}</SecondaryLine> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    </TableRegion>
  );
}
