import type { LoaderFunctionArgs } from "@remix-run/node";
import { SummaryRow } from "../components/summary-row";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/access.server";
import { StatusTag } from "../components/status-tag";
import { SecondaryLine } from "../components/secondary-line";
import { TableRegion } from "../components/table-region";
import { SentBackBanner } from "../components/sent-back-banner";
import { CspAfterAward, OpccAfterAward } from "../components/after-award-dashboard";
import { cspAfterAward, opccAfterAward } from "../data/dashboard.server";
import { VariationsWaiting } from "../components/grant-variations";
import { countWaitingVariations } from "../data/variations.server";
import { bidCountsByStatus, bidsSentBack, centralFundTotals, roundTotalsByCsp } from "../data/bids.server";
import { recentDecisionsForCsp } from "../data/decisions.server";
import { retiredPartnershipMessage } from "../data/partnerships.server";
import { listRounds, openRoundsForCsp } from "../data/rounds.server";
import { bidScopeOf, cspOf, hasPermission } from "../domain/access-rules";
import { BID_STATUSES, STATUS_LABELS } from "../domain/bid-lifecycle";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { roundStateText, takesBids, ukDate } from "../domain/round-window";

export const handle = { title: "Dashboard" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "dashboard:view");
  const cspId = cspOf(user);
  const counts = bidCountsByStatus(bidScopeOf(user));
  if (cspId !== null) {
    return {
      kind: "csp" as const,
      name: user.name,
      organisationName: user.organisationName,
      // A retired partnership keeps its bids and grants but starts no new bid (decision record 032).
      canBid: hasPermission(user, "bid:create") && !retiredPartnershipMessage(cspId),
      retiredMessage: retiredPartnershipMessage(cspId),
      // Only those who can change a bid are asked to.
      sentBack: hasPermission(user, "bid:edit") ? bidsSentBack(cspId) : [],
      // What the cards show of each round the OPCC has open (including those past their closing
      // date, still being decided): the partnership's own money in it, not the round's pot; only
      // those taking bids now offer "Start a bid".
      rounds: openRoundsForCsp(cspId).map((r) => ({
        id: r.id, name: r.name, streamName: r.streamName, financialYearLabel: r.financialYearLabel, closesOn: r.closesOn,
        allocationPence: r.allocationPence, approvedPence: r.approvedPence, awaitingPence: r.awaitingPence, remainingPence: r.remainingPence, draftPence: r.draftPence,
        takesBids: takesBids(r, new Date()), stateText: roundStateText(r, new Date()),
      })),
      decisions: recentDecisionsForCsp(cspId).map(({ grantId: _grant, ...d }) => d),
      counts,
      // After the award: returns due and overdue, offers waiting (app/data/dashboard.server.ts).
      afterAward: cspAfterAward(user, cspId, ukDate(new Date())),
    };
  }
  const openRounds = listRounds().filter((r) => r.status === "open");
  const totals = roundTotalsByCsp(openRounds.map((r) => r.id));
  const central = centralFundTotals(openRounds.map((r) => r.id));
  return {
    kind: "opcc" as const,
    name: user.name,
    organisationName: user.organisationName,
    counts,
    // After the award: payments due, returns waiting, overdue returns, flags (app/data/dashboard.server.ts).
    afterAward: opccAfterAward(user, ukDate(new Date())),
    // Virements and extensions waiting for an OPCC officer (app/components/grant-variations.tsx).
    variationsWaiting: hasPermission(user, "variation:decide") ? countWaitingVariations() : null,
    monthName: new Intl.DateTimeFormat("en-GB", { month: "long", timeZone: "Europe/London" }).format(new Date()),
    rounds: openRounds.map((r) => {
      const rows = totals.filter((t) => t.roundId === r.id);
      const fund = central.find((c) => c.roundId === r.id);
      const centralRow = fund && (fund.fundPence > 0 || fund.bids > 0) ? fund : null;
      return {
        ...r,
        stateText: roundStateText(r, new Date()),
        rows,
        central: centralRow,
        bids: rows.reduce((n, t) => n + t.bids, 0) + (centralRow?.bids ?? 0),
        approvedPence: rows.reduce((n, t) => n + t.approvedPence, 0) + (centralRow?.approvedPence ?? 0),
        awaitingPence: rows.reduce((n, t) => n + t.awaitingPence, 0) + (centralRow?.awaitingPence ?? 0),
        allocatedPence: rows.reduce((n, t) => n + (t.allocationPence ?? 0), 0) + (centralRow?.fundPence ?? 0),
      };
    }),
  };
}

export default function Dashboard() {
  const page = useLoaderData<typeof loader>();
  return (
    <>
      {page.kind === "csp" ? <SentBackBanner bids={page.sentBack} /> : null}
      <span className="govuk-caption-l">{page.organisationName}</span>
      <h1 className="govuk-heading-l">Dashboard</h1>
      {page.kind === "csp" ? <CspDashboard page={page} /> : <OpccDashboard page={page} />}
      <h2 className="govuk-heading-m">Bids by status</h2>
      <ul className="govuk-list">
        {BID_STATUSES.filter((s) => page.kind === "csp" || s !== "draft").map((status) => (
          <li key={status}>
            <StatusTag status={status} />{" "}
            <Link className="govuk-link" to={`/bids?status=${status}`}>
              {page.counts[status] ?? 0} {(page.counts[status] ?? 0) === 1 ? "bid" : "bids"}
              <span className="govuk-visually-hidden"> with status {STATUS_LABELS[status].toLowerCase()}</span>
            </Link>
          </li>
        ))}
      </ul>
      <p className="govuk-body">
        <Link className="govuk-link" to="/bids">
          See all bids
        </Link>
      </p>
    </>
  );
}

type CspPage = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { kind: "csp" }>;

function CspDashboard({ page }: { page: CspPage }) {
  return (
    <>
      <CspAfterAward data={page.afterAward} />
      <CspRounds page={page} />
      <RecentDecisions decisions={page.decisions} />
    </>
  );
}

function RecentDecisions({ decisions }: { decisions: CspPage["decisions"] }) {
  return (
    <>
      <h2 className="govuk-heading-m">Latest PCC decisions</h2>
      {decisions.length === 0 ? (
        <p className="govuk-body">The PCC has not decided on any of your partnership's bids yet.</p>
      ) : (
        <>
          <TableRegion label="The latest decisions on your partnership's bids">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">The latest decisions on your partnership's bids</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Decision</th>
                <th scope="col" className="govuk-table__header">Bid</th>
                <th scope="col" className="govuk-table__header">Outcome</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Approved</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {decisions.map((d) => (
                <tr key={d.id} className="govuk-table__row">
                  <td className="govuk-table__cell">
                    {d.reference}
                    <SecondaryLine>{formatDate(d.decidedOn)}</SecondaryLine>
                  </td>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/bids/${d.bidId}`}>
                      {d.title}
                    </Link>
                  </td>
                  <td className="govuk-table__cell">
                    <StatusTag status={d.outcome} />
                    {d.supersedesReference ? <SecondaryLine>Corrects {d.supersedesReference}</SecondaryLine> : null}
                    {d.supersededByReference ? <SecondaryLine>Superseded by {d.supersededByReference}</SecondaryLine> : null}
                  </td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(d.grantedPence)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </TableRegion>
          <p className="govuk-body">
            <Link className="govuk-link" to="/grants">
              See your partnership's grants
            </Link>
          </p>
        </>
      )}
    </>
  );
}

function CspRounds({ page }: { page: CspPage }) {
  if (page.rounds.length === 0) {
    return <p className="govuk-body">There are no funding rounds open to your partnership at the moment.</p>;
  }
  return (
    <>
      <h2 className="govuk-heading-m">Funding rounds</h2>
      {page.retiredMessage ? <p className="govuk-inset-text">{page.retiredMessage}</p> : null}
      {page.rounds.map((round) => (
        <div key={round.id} className="govuk-summary-card">
          <div className="govuk-summary-card__title-wrapper">
            <h3 className="govuk-summary-card__title">
              {round.name} <span className="govuk-caption-m">{round.streamName}, {round.financialYearLabel}</span>
            </h3>
            {page.canBid && round.takesBids ? (
              <ul className="govuk-summary-card__actions">
                <li className="govuk-summary-card__action">
                  <Link className="govuk-link" to={`/bids/new?round=${round.id}`}>
                    Start a bid<span className="govuk-visually-hidden"> in {round.name}</span>
                  </Link>
                </li>
              </ul>
            ) : null}
          </div>
          <div className="govuk-summary-card__content">
            <dl className="govuk-summary-list">
              <SummaryRow label="Provisional allocation" value={formatPence(round.allocationPence)} />
              <SummaryRow label="Approved by the PCC" value={formatPence(round.approvedPence)} />
              <SummaryRow label="Waiting for a decision" value={formatPence(round.awaitingPence)} />
              <SummaryRow label="Remaining allocation" value={formatPence(round.remainingPence)} />
              <SummaryRow label="Requested in draft bids" value={formatPence(round.draftPence)} />
              <SummaryRow label="Closing date" value={round.stateText} />
            </dl>
          </div>
        </div>
      ))}
    </>
  );
}

function OpccDashboard({ page }: { page: Extract<ReturnType<typeof useLoaderData<typeof loader>>, { kind: "opcc" }> }) {
  return (
    <>
      <OpccAfterAward data={page.afterAward} monthName={page.monthName} />
      {page.variationsWaiting !== null ? <VariationsWaiting count={page.variationsWaiting} /> : null}
      <OpccRounds page={page} />
    </>
  );
}

function OpccRounds({ page }: { page: Extract<ReturnType<typeof useLoaderData<typeof loader>>, { kind: "opcc" }> }) {
  if (page.rounds.length === 0) return <p className="govuk-body">No funding rounds are open.</p>;
  return (
    <>
      <h2 className="govuk-heading-m">Bids in open rounds</h2>
      {page.rounds.map((round) => (
        <TableRegion key={round.id} label={`Bids in ${round.name} (${round.financialYearLabel})`}>
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">
            {round.name} ({round.financialYearLabel}): pot {formatPence(round.totalPotPence)}. {round.stateText}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Partnership</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Bids</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Allocation</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Approved</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Waiting for a decision</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {round.rows.map((row) => (
              <tr key={row.cspId} className="govuk-table__row">
                <th scope="row" className="govuk-table__header">
                  <Link className="govuk-link" to={`/bids?round=${round.id}&csp=${row.cspId}`}>
                    {row.cspName}
                  </Link>
                </th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{row.bids}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{row.allocationPence === null ? "None" : formatPence(row.allocationPence)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(row.approvedPence)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(row.awaitingPence)}</td>
              </tr>
            ))}
            {round.central ? (
              <tr className="govuk-table__row">
                <th scope="row" className="govuk-table__header">
                  <Link className="govuk-link" to={`/bids?round=${round.id}&fund=central`}>
                    Central fund
                  </Link>
                </th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{round.central.bids}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(round.central.fundPence)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(round.central.approvedPence)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(round.central.awaitingPence)}</td>
              </tr>
            ) : null}
            <tr className="govuk-table__row">
              <th scope="row" className="govuk-table__header">Total</th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{round.bids}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(round.allocatedPence)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(round.approvedPence)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(round.awaitingPence)}</td>
            </tr>
          </tbody>
        </table>
        </TableRegion>
      ))}
    </>
  );
}
