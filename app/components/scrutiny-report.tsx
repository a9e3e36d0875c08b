import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import type { ReportView } from "../domain/scrutiny-report";
import { TableRegion } from "./table-region";

/**
 * The scrutiny committee's annual report as a page (decision record 026): a section per round (the
 * annual allocation first, other streams after), then match funding, outcomes, and the underspends
 * with their clawbacks. Every figure links to the record it comes from, as far as the reader may
 * open it (`links`).
 */

export interface ReportLinks {
  /** /finance/grants/:id (finance:read) */
  finance: boolean;
  /** /rounds/:id/allocations (round:read) */
  rounds: boolean;
  /** /finance/clawbacks/:id (clawback:manage); else the grant's payments page, which shows its clawbacks. */
  clawbacks: boolean;
}

const Num = ({ children }: { children: ReactNode }) => <td className="govuk-table__cell govuk-table__cell--numeric">{children}</td>;
const NumHead = ({ children }: { children: ReactNode }) => (
  <th scope="col" className="govuk-table__header govuk-table__header--numeric">
    {children}
  </th>
);
const Head = ({ children }: { children: ReactNode }) => (
  <th scope="col" className="govuk-table__header">
    {children}
  </th>
);

export function ScrutinyReportBody({ report, links }: { report: ReportView; links: ReportLinks }) {
  const grantMoney = (grantId: number, text: string) =>
    links.finance ? (
      <Link className="govuk-link" to={`/finance/grants/${grantId}`}>
        {text}
      </Link>
    ) : (
      <Link className="govuk-link" to={`/grants/${grantId}/payments`}>
        {text}
      </Link>
    );
  return (
    <>
      {report.sections.map((section, index) => (
        <section key={section.round.roundId} aria-labelledby={`round-${section.round.roundId}`}>
          <h2 className="govuk-heading-l" id={`round-${section.round.roundId}`}>
            {index + 1}. {section.heading}
          </h2>
          {section.allocationWords.map((w) => (
            <p className="govuk-body" key={w}>
              {w}
            </p>
          ))}
          {section.round.allocationPence !== null && !section.fromEarlierYear ? (
            <dl className="govuk-summary-list" id={`allocation-${section.round.roundId}`}>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Provisional allocation</dt>
                <dd className="govuk-summary-list__value">
                  {links.rounds ? (
                    <Link className="govuk-link" to={`/rounds/${section.round.roundId}/allocations`}>
                      {formatPence(section.round.allocationPence)}
                    </Link>
                  ) : (
                    formatPence(section.round.allocationPence)
                  )}
                </dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Approved by the PCC</dt>
                <dd className="govuk-summary-list__value">{formatPence(section.totals.grantedPence)}</dd>
              </div>
              {section.leftPence !== null ? (
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">{section.leftPence >= 0 ? "Left of the allocation" : "Over the allocation"}</dt>
                  <dd className="govuk-summary-list__value">{formatPence(Math.abs(section.leftPence))}</dd>
                </div>
              ) : null}
            </dl>
          ) : null}
          {section.round.indicators.length && !section.fromEarlierYear ? (
            <TableRegion label={`How the formula shares ${section.round.roundName}`}>
              <table className="govuk-table">
                <caption className="govuk-table__caption govuk-table__caption--s">The funding formula: {report.cspName}&apos;s figures against all the partnerships&apos;</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <Head>Measure</Head>
                    <NumHead>Weight</NumHead>
                    <NumHead>{report.cspName}</NumHead>
                    <NumHead>All partnerships</NumHead>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {section.round.indicators.map((i) => (
                    <tr className="govuk-table__row" key={i.label}>
                      <th scope="row" className="govuk-table__header">
                        {i.label}
                      </th>
                      <Num>{i.weight.toLocaleString("en-GB")}</Num>
                      <Num>{i.value === null ? "Not given" : i.value.toLocaleString("en-GB")}</Num>
                      <Num>{i.total.toLocaleString("en-GB")}</Num>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          ) : null}
          <p className="govuk-body">{section.summary}</p>
          {section.bids.length ? (
            <TableRegion label={`Bids in ${section.heading}`}>
              <table className="govuk-table" id={`bids-${section.round.roundId}`}>
                <caption className="govuk-table__caption govuk-table__caption--m">{section.fromEarlierYear ? "The projects" : "The bids"}</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <Head>Bid</Head>
                    <Head>Decision</Head>
                    <NumHead>Asked for</NumHead>
                    <NumHead>Approved</NumHead>
                    {section.multiYear ? <NumHead>Of which for {report.yearLabel}</NumHead> : null}
                    <NumHead>Spent in {report.yearLabel}</NumHead>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {section.bids.map((b) => (
                    <tr className="govuk-table__row" key={b.bidId}>
                      <th scope="row" className="govuk-table__header">
                        <Link className="govuk-link" to={`/bids/${b.bidId}`}>
                          {b.title}
                        </Link>
                        {b.partApproval.length ? (
                          <ul className="govuk-list govuk-body-s govuk-!-margin-top-2">
                            {b.partApproval.map((line) => (
                              <li key={line}>{line}</li>
                            ))}
                          </ul>
                        ) : null}
                      </th>
                      <td className="govuk-table__cell">
                        {b.decisionId !== null && b.decisionReference ? (
                          <>
                            <a className="govuk-link" href={`/decisions/${b.decisionId}.pdf`}>
                              {b.decisionReference}
                            </a>
                            <br />
                            {b.statusWords}
                            {b.decidedOn ? `, ${formatDate(b.decidedOn)}` : ""}
                          </>
                        ) : (
                          b.statusWords
                        )}
                      </td>
                      <Num>{formatPence(b.requestedPence)}</Num>
                      <Num>
                        {b.grantId !== null && b.grantedPence !== null ? (
                          <Link className="govuk-link" to={`/grants/${b.grantId}`}>
                            {formatPence(b.grantedPence)}
                          </Link>
                        ) : b.grantedPence !== null ? (
                          formatPence(b.grantedPence)
                        ) : (
                          "Not decided"
                        )}
                      </Num>
                      {section.multiYear ? <Num>{b.grantId !== null ? formatPence(b.yearSharePence) : "–"}</Num> : null}
                      <Num>{b.grantId !== null ? grantMoney(b.grantId, formatPence(b.spentPence)) : "–"}</Num>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr className="govuk-table__row">
                    <th scope="row" className="govuk-table__header" colSpan={2}>
                      Total
                    </th>
                    <td className="govuk-table__header govuk-table__header--numeric">{formatPence(section.totals.requestedPence)}</td>
                    <td className="govuk-table__header govuk-table__header--numeric">{formatPence(section.totals.grantedPence)}</td>
                    {section.multiYear ? <td className="govuk-table__header govuk-table__header--numeric">{formatPence(section.totals.yearSharePence)}</td> : null}
                    <td className="govuk-table__header govuk-table__header--numeric">{formatPence(section.totals.spentPence)}</td>
                  </tr>
                </tfoot>
              </table>
            </TableRegion>
          ) : null}
        </section>
      ))}

      <section aria-labelledby="match-funding">
        <h2 className="govuk-heading-l" id="match-funding">
          {report.sections.length + 1}. Match funding
        </h2>
        <p className="govuk-body">{report.matchFunding.words}</p>
        {report.matchFunding.rows.length ? (
          <TableRegion label="Match funding">
            <table className="govuk-table">
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <Head>Bid</Head>
                  <Head>From</Head>
                  <Head>Kind</Head>
                  <NumHead>Amount</NumHead>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {report.matchFunding.rows.map((m, i) => (
                  <tr className="govuk-table__row" key={i}>
                    <th scope="row" className="govuk-table__header">
                      <Link className="govuk-link" to={`/bids/${m.bidId}`}>
                        {m.bidTitle}
                      </Link>
                    </th>
                    <td className="govuk-table__cell">{m.source}</td>
                    <td className="govuk-table__cell">{m.kind === "cash" ? "Cash" : "In kind"}</td>
                    <Num>{formatPence(m.amountPence)}</Num>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        ) : null}
      </section>

      <section aria-labelledby="outcomes">
        <h2 className="govuk-heading-l" id="outcomes">
          {report.sections.length + 2}. Outcomes against targets
        </h2>
        <p className="govuk-body">{report.outcomes.words} Each figure is the latest in an accepted quarterly return up to the end of {report.yearLabel}.</p>
        {report.outcomes.rows.length ? (
          <TableRegion label="Outcomes against targets">
            <table className="govuk-table" id="outcomes-table">
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <Head>Bid and measure</Head>
                  <NumHead>Baseline</NumHead>
                  <NumHead>Target</NumHead>
                  <NumHead>Achieved</NumHead>
                  <Head>Result</Head>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {report.outcomes.rows.map((o, i) => (
                  <tr className="govuk-table__row" key={i}>
                    <th scope="row" className="govuk-table__header">
                      <Link className="govuk-link" to={`/bids/${o.bidId}`}>
                        {o.bidTitle}
                      </Link>
                      <span className="govuk-body-s govuk-!-display-block">
                        {o.measure} ({o.unit})
                      </span>
                    </th>
                    <Num>{o.baseline ?? "–"}</Num>
                    <Num>
                      {o.target ?? "–"}
                      {o.targetDate ? <span className="govuk-body-s govuk-!-display-block">by {formatDate(o.targetDate)}</span> : null}
                    </Num>
                    <Num>
                      {o.actual ?? "–"}
                      {o.actualFrom ? <span className="govuk-body-s govuk-!-display-block">{o.actualFrom}</span> : null}
                    </Num>
                    <td className="govuk-table__cell">{o.verdictWords}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        ) : null}
      </section>

      <section aria-labelledby="underspend">
        <h2 className="govuk-heading-l" id="underspend">
          {report.sections.length + 3}. Underspend and what became of it
        </h2>
        <p className="govuk-body">{report.underspends.words}</p>
        {report.underspends.rows.length ? (
          <ul className="govuk-list govuk-list--bullet" id="underspend-list">
            {report.underspends.rows.map((u) => (
              <li key={u.grantId}>
                {grantMoney(u.grantId, u.bidTitle)}: {u.words}
                {u.reasons.length ? <span className="govuk-body-s govuk-!-display-block">{u.reasons.join(" ")}</span> : null}
              </li>
            ))}
          </ul>
        ) : null}
        {report.clawbacks.rows.length ? (
          <>
            <h3 className="govuk-heading-m">Money repaid to the OPCC (clawbacks)</h3>
            <ul className="govuk-list govuk-list--bullet" id="clawback-list">
              {report.clawbacks.rows.map((c) => (
                <li key={c.id}>
                  {links.clawbacks ? (
                    <Link className="govuk-link" to={`/finance/clawbacks/${c.id}`}>
                      {c.bidTitle}
                    </Link>
                  ) : (
                    <Link className="govuk-link" to={`/grants/${c.grantId}/payments`}>
                      {c.bidTitle}
                    </Link>
                  )}
                  : {c.words}.
                </li>
              ))}
            </ul>
            <p className="govuk-body">
              {report.clawbacks.outstandingPence ? `${formatPence(report.clawbacks.outstandingPence)} is still to be repaid.` : "Nothing is still to be repaid."}
            </p>
          </>
        ) : null}
      </section>
    </>
  );
}
