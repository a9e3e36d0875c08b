import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { BidDetail, CostLine } from "../data/bids.server";
import { TableRegion } from "./table-region";
import { sectionTitle, type BidSectionKey } from "../domain/bid-completeness";
import { formatDate, quarterLabel } from "../domain/financial-years";
import { formatPence, formatQuantity, formatUnitPrice } from "../domain/money";
import { PRIORITY_KIND_LABELS } from "../domain/priorities";
import { RISK_BAND_LABELS, impactLabel, likelihoodLabel, riskBand, riskScore } from "../domain/risk";

/** What the summary shows of a bid: its content and money (a whole BidDetail will do). */
export type SummaryOfBid = Pick<
  BidDetail,
  | "id" | "title" | "summary" | "need" | "activities" | "deliveryPartners" | "locations" | "startDate" | "endDate" | "priorities" | "matchFunding"
  | "outcomes" | "risks" | "holdsPersonalData" | "dpiaCompleted" | "equalityImpact" | "totalCostPence" | "matchFundingPence" | "requestedPence"
> & {
  milestones: Omit<BidDetail["milestones"][number], "financialYearId">[];
  costLines: Omit<CostLine, "financialYearId" | "financialYearStart">[];
};

/**
 * The whole bid as summary cards, one per section. With `changeLinks` each card links to its edit
 * page (the check-your-answers page and a draft's own page).
 */
export function BidSummary({ bid, changeLinks }: { bid: SummaryOfBid; changeLinks: boolean }) {
  const card = (section: BidSectionKey, children: ReactNode) => (
    <div className="govuk-summary-card" id={`section-${section}`}>
      <div className="govuk-summary-card__title-wrapper">
        <h2 className="govuk-summary-card__title">{sectionTitle(section)}</h2>
        {changeLinks ? (
          <ul className="govuk-summary-card__actions">
            <li className="govuk-summary-card__action">
              <Link className="govuk-link" to={`/bids/${bid.id}/edit/${section}`}>
                Change<span className="govuk-visually-hidden"> {sectionTitle(section).toLowerCase()}</span>
              </Link>
            </li>
          </ul>
        ) : null}
      </div>
      <div className="govuk-summary-card__content">{children}</div>
    </div>
  );

  return (
    <>
      <h2 className="govuk-heading-m">Money</h2>
      <dl className="govuk-summary-list" id="bid-money">
        <Row label="Total cost" value={formatPence(bid.totalCostPence)} />
        <Row label="Match funding" value={formatPence(bid.matchFundingPence)} />
        <Row label="Requested from the OPCC" value={<strong>{formatPence(bid.requestedPence)}</strong>} />
      </dl>

      {card(
        "details",
        <dl className="govuk-summary-list">
          <Row label="Title" value={bid.title} />
          <Row label="Summary" value={bid.summary} />
          <Row label="The problem and evidence of need" value={bid.need} />
          <Row label="What will be done" value={bid.activities} />
          <Row label="Delivery partners" value={bid.deliveryPartners} />
          <Row label="Where" value={bid.locations} />
          <Row label="Start date" value={bid.startDate ? formatDate(bid.startDate) : ""} />
          <Row label="End date" value={bid.endDate ? formatDate(bid.endDate) : ""} />
          <Row
            label="Milestones"
            value={
              bid.milestones.length ? (
                <ul className="govuk-list">
                  {bid.milestones.map((m, i) => (
                    <li key={i}>
                      <strong>{quarterLabel(m.financialYearLabel, m.quarter)}</strong>: {m.description}
                    </li>
                  ))}
                </ul>
              ) : (
                ""
              )
            }
          />
        </dl>,
      )}

      {card(
        "priorities",
        bid.priorities.length ? (
          <ul className="govuk-list govuk-list--bullet">
            {bid.priorities.map((p) => (
              <li key={p.id}>
                {p.name} <span className="govuk-hint govuk-!-display-inline">({PRIORITY_KIND_LABELS[p.kind]})</span>
              </li>
            ))}
          </ul>
        ) : (
          <Empty />
        ),
      )}

      {card(
        "costs",
        bid.costLines.length ? (
          <TableRegion label="Cost lines">
          <table className="govuk-table" id="cost-lines">
            <caption className="govuk-table__caption govuk-visually-hidden">Cost lines</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Description</th>
                <th scope="col" className="govuk-table__header">Type</th>
                <th scope="col" className="govuk-table__header">Year</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Quantity</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Unit price</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Total</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {bid.costLines.map((line) => (
                <tr key={line.id} className="govuk-table__row">
                  <td className="govuk-table__cell">{line.description}</td>
                  <td className="govuk-table__cell">
                    {line.expenditureType === "capital" ? "Capital" : "Revenue"}, {line.recurrence === "one_off" ? "one-off" : "recurring"}
                  </td>
                  <td className="govuk-table__cell">{line.financialYearLabel}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatQuantity(line.quantityHundredths)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatUnitPrice(line.unitPriceTenThousandths)}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(line.totalPence)}</td>
                </tr>
              ))}
              <tr className="govuk-table__row">
                <th scope="row" className="govuk-table__header" colSpan={5}>
                  Total cost
                </th>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  <strong>{formatPence(bid.totalCostPence)}</strong>
                </td>
              </tr>
            </tbody>
          </table>
          </TableRegion>
        ) : (
          <Empty />
        ),
      )}

      {card(
        "match-funding",
        bid.matchFunding.length ? (
          <TableRegion label="Match funding">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Match funding</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Source</th>
                <th scope="col" className="govuk-table__header">Cash or in kind</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Amount</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {bid.matchFunding.map((m, i) => (
                <tr key={i} className="govuk-table__row">
                  <td className="govuk-table__cell">{m.source}</td>
                  <td className="govuk-table__cell">{m.kind === "cash" ? "Cash" : "In kind"}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(m.amountPence)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </TableRegion>
        ) : (
          <p className="govuk-body">No match funding.</p>
        ),
      )}

      {card(
        "outcomes",
        bid.outcomes.length ? (
          <TableRegion label="Outcomes">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Outcomes</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Measure</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Baseline</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Target</th>
                <th scope="col" className="govuk-table__header">By</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {bid.outcomes.map((o, i) => (
                <tr key={i} className="govuk-table__row">
                  <td className="govuk-table__cell">
                    {o.measure} <span className="govuk-hint govuk-!-display-inline">({o.unit})</span>
                  </td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{o.baseline ?? "Not given"}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{o.target ?? "Not given"}</td>
                  <td className="govuk-table__cell">{o.targetDate ? formatDate(o.targetDate) : "Not given"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </TableRegion>
        ) : (
          <Empty />
        ),
      )}

      {card(
        "risks",
        bid.risks.length ? (
          <TableRegion label="Risk register">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Risk register</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Risk</th>
                <th scope="col" className="govuk-table__header">Likelihood</th>
                <th scope="col" className="govuk-table__header">Impact</th>
                <th scope="col" className="govuk-table__header">Score</th>
                <th scope="col" className="govuk-table__header">Mitigation</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {bid.risks.map((r, i) => {
                const score = riskScore(r.likelihood, r.impact);
                const band = riskBand(score);
                return (
                  <tr key={i} className="govuk-table__row">
                    <td className="govuk-table__cell">{r.description}</td>
                    <td className="govuk-table__cell">
                      {r.likelihood} {likelihoodLabel(r.likelihood)}
                    </td>
                    <td className="govuk-table__cell">
                      {r.impact} {impactLabel(r.impact)}
                    </td>
                    <td className="govuk-table__cell">
                      {score}{" "}
                      <strong className={`govuk-tag ${band === "high" ? "govuk-tag--red" : band === "medium" ? "govuk-tag--yellow" : "govuk-tag--green"}`}>
                        {RISK_BAND_LABELS[band]}
                      </strong>
                    </td>
                    <td className="govuk-table__cell">{r.mitigation || "Not given"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          </TableRegion>
        ) : (
          <Empty />
        ),
      )}

      {card(
        "data-protection",
        <dl className="govuk-summary-list">
          <Row label="Uses CCTV or holds personal data" value={yesNo(bid.holdsPersonalData)} />
          {bid.holdsPersonalData ? <Row label="Data protection impact assessment done" value={yesNo(bid.dpiaCompleted)} /> : null}
          <Row label="Equality impact" value={bid.equalityImpact} />
        </dl>,
      )}
    </>
  );
}

const yesNo = (v: boolean | null) => (v === null ? "" : v ? "Yes" : "No");

function Row({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{value === "" ? <span className="govuk-hint govuk-!-margin-0">Not given</span> : value}</dd>
    </div>
  );
}

function Empty() {
  return <p className="govuk-body">None yet.</p>;
}
