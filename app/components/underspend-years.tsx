import { Link } from "@remix-run/react";
import { formatDateTime } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { Money } from "./money-cell";
import type { UnderspendYear } from "../data/underspends.server";
import { TableRegion } from "./table-region";

/** A year of app/data/underspends.server.ts, with its closure put in words for the page. */
export type UnderspendYearRow = Omit<UnderspendYear, "closure"> & { closedMessage: string | null };

export interface UnderspendRecordRow {
  id: number;
  financialYearLabel: string;
  outcome: "returned" | "carried_forward" | "reallocated";
  amountPence: number;
  reason: string;
  toFinancialYearLabel: string | null;
  /** Null for a partnership's viewer. */
  recordedByName: string | null;
  recordedAt: string;
  clawbackId: number | null;
  clawbackPence: number | null;
}

const OUTCOME_TEXT = { returned: "Returned", carried_forward: "Carried forward", reallocated: "Re-allocated" } as const;

/**
 * The finance grant page's underspend by financial year (current, spent, underspend, what has been
 * recorded, what is outstanding), each year's link to record it, and the records so far.
 */
export function UnderspendYears({ grantId, years, records, canRecord }: { grantId: number; years: UnderspendYearRow[]; records: UnderspendRecordRow[]; canRecord: boolean }) {
  // Only OPCC finance (who may record) opens a clawback's page.
  return (
    <section aria-labelledby="underspend-heading">
      <h2 className="govuk-heading-m govuk-!-margin-top-6" id="underspend-heading">
        Underspend by financial year
      </h2>
      <p className="govuk-body">
        A year&apos;s underspend is its cost lines as they stand now less the spend evidenced on them. Every pound of it must be returned, carried forward into the grant&apos;s next year or
        re-allocated before the year is closed. A carry-forward moves the money between the years&apos; lines, so it lowers the year&apos;s current amount.
      </p>
      <TableRegion label="Underspend by financial year">
        <table className="govuk-table govuk-table--small-text-until-tablet" id="underspend-years">
          <caption className="govuk-table__caption govuk-visually-hidden">Each financial year of the grant: current, spent, underspend, recorded and outstanding</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Year</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Current</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Spent</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Underspend</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Returned</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Carried forward</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Re-allocated</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Outstanding</th>
              {canRecord ? <th scope="col" className="govuk-table__header">Action</th> : null}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {years.map((y) => (
              <tr key={y.financialYearId} className="govuk-table__row">
                <th scope="row" className="govuk-table__header">
                  {y.label}
                  {y.closedMessage ? (
                    <>
                      {" "}
                      <strong className="govuk-tag govuk-tag--grey">Closed</strong>
                    </>
                  ) : null}
                </th>
                <Money pence={y.currentPence} />
                <Money pence={y.spentPence} />
                <Money pence={y.underspendPence} />
                <Money pence={y.returnedPence} />
                <Money pence={y.carriedPence} />
                <Money pence={y.reallocatedPence} />
                <Money pence={y.outstandingPence} />
                {canRecord ? (
                  <td className="govuk-table__cell">
                    {y.outstandingPence > 0 && !y.closedMessage ? (
                      <Link className="govuk-link" to={`/finance/grants/${grantId}/underspend?year=${y.financialYearId}`}>
                        Record<span className="govuk-visually-hidden"> {y.label}&apos;s underspend</span>
                      </Link>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      {records.length ? (
        <TableRegion label="Underspends recorded">
          <table className="govuk-table govuk-table--small-text-until-tablet" id="underspend-records">
            <caption className="govuk-table__caption govuk-table__caption--s">Underspends recorded</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Year</th>
                <th scope="col" className="govuk-table__header">Outcome</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Amount</th>
                <th scope="col" className="govuk-table__header">Reason</th>
                <th scope="col" className="govuk-table__header">Recorded</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {records.map((r) => (
                <tr key={r.id} className="govuk-table__row">
                  <td className="govuk-table__cell">{r.financialYearLabel}</td>
                  <td className="govuk-table__cell">
                    {OUTCOME_TEXT[r.outcome]}
                    {r.toFinancialYearLabel ? ` into ${r.toFinancialYearLabel}` : null}
                    {r.clawbackId !== null && r.clawbackPence !== null ? (
                      <>
                        {": "}
                        {canRecord ? (
                          <Link className="govuk-link" to={`/finance/clawbacks/${r.clawbackId}`}>
                            clawback of {formatPence(r.clawbackPence)}
                          </Link>
                        ) : (
                          `clawback of ${formatPence(r.clawbackPence)}`
                        )}
                      </>
                    ) : null}
                  </td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(r.amountPence)}</td>
                  <td className="govuk-table__cell">{r.reason}</td>
                  <td className="govuk-table__cell">
                    {r.recordedByName ? `${r.recordedByName}, ` : null}
                    {formatDateTime(r.recordedAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
    </section>
  );
}
