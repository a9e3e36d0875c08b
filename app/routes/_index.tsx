import type { LoaderFunctionArgs } from "@remix-run/node";
import { SummaryRow } from "../components/summary-row";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/access.server";
import { StatusTag } from "../components/status-tag";
import { SecondaryLine } from "../components/secondary-line";
import { TableRegion } from "../components/table-region";
import { SentBackBanner } from "../components/sent-back-banner";
import { CspAfterAward, OpccAfterAward } from "../components/after-award-dashboard";
import { untilNextChange } from "../data/change-cache.server";
import { cspAfterAward, opccAfterAward } from "../data/dashboard.server";
import { VariationsWaiting } from "../components/grant-variations";
import { countWaitingVariations } from "../data/variations.server";
import { bidCountsByStatus, bidsSentBack } from "../data/bid-list.server";
import { DASHBOARD_ROUNDS, openRoundsDashboard, partnershipsWaitingLongest } from "../data/round-summary.server";
import { recentDecisionsForCsp } from "../data/decisions.server";
import { retiredPartnershipMessage } from "../data/partnerships.server";
import { listOpenRoundsWithFund, openRoundsForCsp } from "../data/rounds.server";
import { bidScopeOf, cspOf, hasPermission } from "../domain/access-rules";
import { BID_STATUSES, STATUS_LABELS } from "../domain/bid-lifecycle";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { roundStateText, takesBids, ukDate } from "../domain/round-window";

export const handle = { title: "Dashboard" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "dashboard:view");
  const cspId = cspOf(user);
  const scope = bidScopeOf(user);
  // Every bid the viewer may see, counted by status: the whole service's for OPCC staff.
  const counts = scope.cspId === null ? untilNextChange("bid-counts", scope, () => bidCountsByStatus(scope)) : bidCountsByStatus(scope);
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
  // Summarise and link (issue 13): one line per open round, summed by grouped SQL, and the few
  // partnerships that need attention; the full per-partnership table is on the round page, paged.
  // The sums read every bid of the open rounds, so they are kept until the next write (decision record 042).
  const allOpen = listOpenRoundsWithFund();
  const openRounds = allOpen.slice(0, DASHBOARD_ROUNDS);
  const roundIds = openRounds.map((r) => r.id);
  const summaries = untilNextChange("open-rounds-dashboard", roundIds, () => openRoundsDashboard(openRounds));
  const waitingLongest = untilNextChange("waiting-longest", roundIds, () => partnershipsWaitingLongest(roundIds));
  const roundName = (id: number) => {
    const r = openRounds.find((o) => o.id === id);
    return r ? `${r.name} (${r.financialYearLabel})` : "";
  };
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
      const s = summaries.find((x) => x.roundId === r.id)!;
      return {
        id: r.id, name: r.name, financialYearLabel: r.financialYearLabel, totalPotPence: r.totalPotPence,
        stateText: roundStateText(r, new Date()),
        bids: s.bids, allocatedPence: s.allocatedPence, approvedPence: s.approvedPence, awaitingPence: s.awaitingPence,
      };
    }),
    // Open rounds beyond those summed: named and linked, not summed.
    moreRounds: allOpen.slice(DASHBOARD_ROUNDS).map((r) => ({ id: r.id, name: r.name, financialYearLabel: r.financialYearLabel })),
    canReview: hasPermission(user, "review:read"),
    waitingLongest: waitingLongest.map((w) => ({ ...w, roundName: roundName(w.roundId) })),
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

function OpccDashboard({ page }: { page: OpccPage }) {
  return (
    <>
      <OpccAfterAward data={page.afterAward} monthName={page.monthName} />
      {page.variationsWaiting !== null ? <VariationsWaiting count={page.variationsWaiting} /> : null}
      <OpccRounds page={page} />
    </>
  );
}

type OpccPage = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { kind: "opcc" }>;

function OpccRounds({ page }: { page: OpccPage }) {
  if (page.rounds.length === 0) return <p className="govuk-body">No funding rounds are open.</p>;
  return (
    <>
      <h2 className="govuk-heading-m">Bids in open rounds</h2>
      <TableRegion label="Bids in open rounds">
        <table className="govuk-table" id="open-rounds">
          <caption className="govuk-table__caption govuk-visually-hidden">Bids in open rounds, with each round's pot</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Round</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Bids</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Pot</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Allocation</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Approved</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Waiting for a decision</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {page.rounds.map((round) => (
              <tr key={round.id} className="govuk-table__row">
                <th scope="row" className="govuk-table__header">
                  <Link className="govuk-link" to={`/rounds/${round.id}`}>
                    {round.name} ({round.financialYearLabel})
                  </Link>
                  <SecondaryLine>{round.stateText}</SecondaryLine>
                </th>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  <Link className="govuk-link" to={`/bids?round=${round.id}`}>
                    {round.bids}
                    <span className="govuk-visually-hidden"> bids in {round.name}</span>
                  </Link>
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(round.totalPotPence)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(round.allocatedPence)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(round.approvedPence)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(round.awaitingPence)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <p className="govuk-body-s">Each round's page has the figures for every partnership. Allocation includes the round's central fund.</p>
      {page.moreRounds.length ? (
        <>
          <p className="govuk-body">
            {page.moreRounds.length === 1 ? "One more round is" : `${page.moreRounds.length} more rounds are`} open:
          </p>
          <ul className="govuk-list govuk-list--bullet" id="more-open-rounds">
            {page.moreRounds.map((r) => (
              <li key={r.id}>
                <Link className="govuk-link" to={`/rounds/${r.id}`}>
                  {r.name} ({r.financialYearLabel})
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <PartnershipsNeedingAttention page={page} />
    </>
  );
}

function PartnershipsNeedingAttention({ page }: { page: OpccPage }) {
  const { waitingLongest } = page;
  return (
    <>
      <h2 className="govuk-heading-m">Partnerships needing attention</h2>
      {waitingLongest.length === 0 ? (
        <p className="govuk-body">No bids in these rounds are waiting for a decision.</p>
      ) : (
        <TableRegion label="Partnerships whose bids have waited longest for a decision">
          <table className="govuk-table" id="waiting-longest">
            <caption className="govuk-table__caption govuk-table__caption--s">Waiting longest for a decision</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Partnership</th>
                <th scope="col" className="govuk-table__header">Round</th>
                <th scope="col" className="govuk-table__header">Waiting since</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Bids waiting</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {waitingLongest.map((row) => (
                <tr key={`${row.roundId}-${row.cspId}`} className="govuk-table__row">
                  <th scope="row" className="govuk-table__header">
                    <Link className="govuk-link" to={`/bids?round=${row.roundId}&csp=${row.cspId}`}>
                      {row.cspName}
                    </Link>
                  </th>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/rounds/${row.roundId}`}>
                      {row.roundName}
                    </Link>
                  </td>
                  <td className="govuk-table__cell">{formatDate(row.oldestSubmittedAt.slice(0, 10))}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{row.waiting}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      {page.canReview ? (
        <p className="govuk-body">
          <Link className="govuk-link" to="/review">
            See the bids waiting for review
          </Link>
        </p>
      ) : null}
    </>
  );
}
