import { Link } from "@remix-run/react";
import { Money } from "./money-cell";
import { TableRegion } from "./table-region";

export interface OverProgrammingRow {
  roundId: number;
  name: string;
  potPence: number;
  basisPoints: number;
  approvedPence: number;
  reliesOnPence: number;
  recordedPence: number;
  stillExpectedPence: number;
}

/**
 * Rounds approved above their pot (within their over-programming margin): the expected underspend
 * each relies on against the underspend recorded so far as returned or re-allocated.
 */
export function OverProgramming({ rows, linkRounds = true, heading = "Over-programming" }: { rows: OverProgrammingRow[]; linkRounds?: boolean; heading?: string }) {
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="over-programming-heading">
      <h2 className="govuk-heading-m govuk-!-margin-top-6" id="over-programming-heading">
        {heading}
      </h2>
      <p className="govuk-body">
        Approved above the pot, a round relies on its grants&apos; underspend coming back. What has come back is what finance has recorded as returned or re-allocated; a carry-forward stays with its grant.
      </p>
      <TableRegion label={heading}>
        <table className="govuk-table govuk-table--small-text-until-tablet" id="over-programming">
          <caption className="govuk-table__caption govuk-visually-hidden">Each over-programmed round: pot, approved, the underspend relied on, recorded and still expected</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Round</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Pot</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Approved</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Relies on underspend</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Recorded so far</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Still expected</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.map((r) => (
              <tr key={r.roundId} className="govuk-table__row">
                <th scope="row" className="govuk-table__header">
                  {linkRounds ? (
                    <Link className="govuk-link" to={`/rounds/${r.roundId}`}>
                      {r.name}
                    </Link>
                  ) : (
                    r.name
                  )}
                  <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">Margin {(r.basisPoints / 100).toLocaleString("en-GB")}%</span>
                </th>
                <Money pence={r.potPence} />
                <Money pence={r.approvedPence} />
                <Money pence={r.reliesOnPence} />
                <Money pence={r.recordedPence} />
                <Money pence={r.stillExpectedPence} />
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </section>
  );
}
