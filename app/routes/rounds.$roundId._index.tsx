import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { SummaryRow } from "../components/summary-row";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { PostForm } from "../components/post-form";
import { notFound, parseId, requireUser } from "../auth/access.server";
import { DateInput, ErrorSummary, FormStateProvider, Textarea } from "../components/form-fields";
import { OverProgramming } from "../components/over-programming";
import { RoundFields } from "../components/round-fields";
import { SuccessBanner } from "../components/success-banner";
import { TableRegion } from "../components/table-region";
import { listFinancialYears } from "../data/reference.server";
import { overProgrammedRounds } from "../data/underspends.server";
import { roundPageOverview } from "../data/round-summary.server";
import { untilNextChange } from "../data/change-cache.server";
import { PACK_PART_SIZE, meetingPackParts } from "../data/meeting-pack.server";
import { changeClosingDate, findRound, listStreams, roundOpeningHistory, setRoundStatus, updateRound, type RoundChangeResult, type RoundOpeningEvent } from "../data/rounds.server";
import { hasPermission } from "../domain/access-rules";
import { formatDate, formatDateTime } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { formatTolerance } from "../domain/spend-variance";
import { changedSinceOpened, parseForm, parseSearchParams, readForm, type FormState } from "../forms/form-state";
import { pageQuerySchema } from "../forms/page-query";
import { Pagination } from "../components/pagination";
import { closingDateSchema, roundSchema, statusSchema } from "../forms/rounds";
import { closingDateChangeFor, roundPhase, roundStateText, ukDate } from "../domain/round-window";

export const handle = { title: (data: { overview: { round: { name: string } } } | undefined) => data?.overview.round.name ?? "Round" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "round:read");
  // The partnerships are paged (25 a page, by name); the totals are over all of them.
  const { page } = parseSearchParams(new URL(request.url), pageQuerySchema);
  const roundId = parseId(params.roundId);
  // The round's sums over every partnership's bids, kept until the next write (decision record 042).
  const overview = untilNextChange("round-page-overview", { roundId, page }, () => roundPageOverview(roundId, page));
  if (!overview) notFound();
  const canManage = hasPermission(user, "round:manage");
  const now = new Date();
  const { round } = overview;
  return {
    overview,
    canManage,
    // The decision-meeting pack (rounds.$roundId.pack[.pdf].ts) is for those who read reviews.
    // A large round's is in parts, each linked (kept until the next write: it counts the round's bids).
    packParts: hasPermission(user, "review:read") ? untilNextChange("meeting-pack-parts", round.id, () => meetingPackParts(round.id)) : null,
    packPartSize: PACK_PART_SIZE,
    streams: canManage ? listStreams() : [],
    years: canManage ? listFinancialYears() : [],
    // Where the round stands by the one rule (decision record 13), and what may change its dates.
    phase: roundPhase(round, now),
    stateText: roundStateText(round, now),
    closingDateChange: canManage ? closingDateChangeFor(round, now) : null,
    history: roundOpeningHistory(round.id).map(describeOpeningEvent),
    overProgramming: untilNextChange("over-programmed-rounds", { roundId: round.id }, () => overProgrammedRounds({ roundId: round.id })),
  };
}

/** One opening or closing of the round in plain words, with who and when. */
function describeOpeningEvent(e: RoundOpeningEvent) {
  const when = `by ${e.byName} on ${formatDateTime(e.at)}`;
  const date = (iso: string | null) => (iso ? formatDate(iso) : "?");
  // Say how a reopened round had closed: a closing date still to come had not passed.
  const hadClosed =
    e.hadClosed?.how === "early" ? `it had been closed early by the OPCC on ${formatDate(ukDate(new Date(e.hadClosed.at)))}`
    : e.hadClosed?.how === "by_opcc" ? "it had been closed by the OPCC"
    : `it had closed on ${date(e.fromClosesOn)}`;
  const what =
    e.kind === "opened" ? `Opened to bids ${when}`
    : e.kind === "closed" ? (e.early ? `Closed early ${when} (it was to close on ${date(e.fromClosesOn)})` : `Closed ${when}`)
    : e.kind === "extended" ? `Closing date extended from ${date(e.fromClosesOn)} to ${date(e.toClosesOn)} ${when}`
    : `Reopened ${when}, closing on ${date(e.toClosesOn)} (${hadClosed})`;
  return { id: e.id, text: e.reason ? `${what}: ${e.reason}` : `${what}.` };
}

const INTENTS = ["update", "status", "extend", "reopen"] as const;
type Intent = (typeof INTENTS)[number];
type ActionData = FormState & { intent: Intent };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "round:manage");
  const roundId = parseId(params.roundId);
  if (!findRound(roundId)) notFound();
  const formData = await readForm(request);
  const intent: Intent = INTENTS.find((i) => i === formData.get("intent")) ?? "update";
  let result: RoundChangeResult;
  let values: FormState["values"];
  if (intent === "extend" || intent === "reopen") {
    const parsed = parseForm(formData, closingDateSchema(intent));
    if (!parsed.ok) return data<ActionData>({ ...parsed.state, intent }, { status: 400 });
    values = parsed.values;
    result = changeClosingDate(roundId, parsed.data.version, intent, { closesOn: parsed.data.closesOn, reason: parsed.data.reason }, user.userId);
  } else if (intent === "status") {
    const parsed = parseForm(formData, statusSchema);
    if (!parsed.ok) return data<ActionData>({ ...parsed.state, intent }, { status: 400 });
    values = parsed.values;
    result = setRoundStatus(roundId, parsed.data.version, parsed.data.change, user.userId);
  } else {
    const parsed = parseForm(formData, roundSchema);
    if (!parsed.ok) return data<ActionData>({ ...parsed.state, intent }, { status: 400 });
    values = parsed.values;
    if (parsed.data.version === undefined) return data<ActionData>({ values, errors: {}, formError: "This form is out of date: reload the page.", intent }, { status: 400 });
    if (!listFinancialYears().some((y) => y.id === parsed.data.input.financialYearId)) {
      return data<ActionData>({ values, errors: { financialYearId: "Choose a year from the list" }, intent }, { status: 400 });
    }
    // Once a round has opened, its dates stay: updateRound refuses them at their fields.
    result = updateRound(roundId, parsed.data.version, parsed.data.input, user.userId);
  }
  if (result.kind === "invalid") return data<ActionData>({ values, errors: result.errors, intent }, { status: 400 });
  if (result.kind === "refused") {
    return data<ActionData>(
      result.field ? { values, errors: { [result.field]: result.message }, intent } : { values, errors: {}, formError: result.message, intent },
      { status: result.field ? 400 : 409 },
    );
  }
  if (result.kind === "stale") {
    return data<ActionData>(
      { values, errors: {}, formError: `${changedSinceOpened("round", result, user)}. Your changes have not been saved: reload the page and make them again.`, intent },
      { status: 409 },
    );
  }
  return redirect(`/rounds/${roundId}?done=${intent}`);
}

export default function RoundPage() {
  const { overview, canManage, packParts, packPartSize, streams, years, phase, stateText, closingDateChange, history, overProgramming } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { round, rows, totals, paging } = overview;
  return (
    <>
      <Link className="govuk-back-link" to="/rounds">
        Back to rounds
      </Link>
      <ErrorSummary state={state} />
      {params.get("done") && !state ? <SuccessBanner id="done-title">{doneMessage(params.get("done"), round.status, round.closesOn)}</SuccessBanner> : null}
      <span className="govuk-caption-l">
        {round.streamName}, {round.financialYearLabel}
      </span>
      <h1 className="govuk-heading-l">{round.name}</h1>
      <dl className="govuk-summary-list">
        <SummaryRow label="Status" value={phase === "open" ? `Open to bids. ${stateText}` : phase === "closed" ? `${stateText}: no new bids or submissions of drafts` : stateText} />
        <SummaryRow label="Dates" value={`${formatDate(round.opensOn)} to ${formatDate(round.closesOn)}`} />
        <SummaryRow label="Total pot" value={formatPence(round.totalPotPence)} />
        <SummaryRow label="Central fund" value={`${formatPence(round.centralFundPence)}, for cross-partnership projects`} />
        <SummaryRow label="Allocated to partnerships" value={`${formatPence(totals.allocatedPence)} (${formatPence(totals.unallocatedPence)} of the pot after the central fund not yet allocated)`} />
        <SummaryRow
          label="Over-programming"
          value={
            round.overProgrammingBasisPoints
              ? `Approvals may reach ${formatPence(totals.approvalLimitPence)} (${round.overProgrammingBasisPoints / 100}% over the pot); ${formatPence(totals.approvalHeadroomPence)} of that is left`
              : `None: approvals may reach the pot, ${formatPence(totals.approvalLimitPence)}`
          }
        />
        <SummaryRow label="Rules" value={`Up to ${round.maxDurationMonths} months${round.maySpanYears ? ", across financial years" : ", within the year"}${round.matchFundingRequired ? "; match funding required" : ""}${round.maxPerCspPence != null ? `; at most ${formatPence(round.maxPerCspPence)} a partnership` : ""}`} />
        <SummaryRow label="After the award" value={afterAwardText(round)} />
      </dl>
      <p className="govuk-body">
        <Link className="govuk-link" to={`/rounds/${round.id}/allocations`}>
          {phase === "closed" ? "See the allocations and the funding formula" : `Set the allocations${round.status === "draft" ? "" : " and see the funding formula"}`}
        </Link>
      </p>
      {packParts && packParts.length > 1 ? (
        <>
          <p className="govuk-body">The decision-meeting pack, in {packParts.length} parts of up to {packPartSize} bids, by partnership (PDFs):</p>
          <ul className="govuk-list">
            {packParts.map((p) => (
              <li key={p.number}>
                <a className="govuk-link" href={`/rounds/${round.id}/pack.pdf?part=${p.number}`}>
                  Part {p.number}: bids {p.firstBid.toLocaleString("en-GB")} to {p.lastBid.toLocaleString("en-GB")}
                  <span className="govuk-visually-hidden"> of the decision-meeting pack</span>
                </a>{" "}
                ({p.fromCsp === p.toCsp ? p.fromCsp : `${p.fromCsp} to ${p.toCsp}`})
              </li>
            ))}
          </ul>
        </>
      ) : packParts ? (
        <p className="govuk-body">
          <a className="govuk-link" href={`/rounds/${round.id}/pack.pdf`}>
            Download the decision-meeting pack (PDF)
          </a>
        </p>
      ) : null}
      <OverProgramming rows={overProgramming} linkRounds={false} heading="Over-programming and the underspend it relies on" />
      {canManage && closingDateChange ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m">{closingDateChange === "extend" ? "Extend the closing date" : "Reopen the round"}</h2>
            <PostForm noValidate>
              <input type="hidden" name="intent" value={closingDateChange} />
              <input type="hidden" name="version" value={round.version} />
              <FormStateProvider state={state?.intent === closingDateChange ? state : undefined}>
                <DateInput
                  name="closingDate"
                  legend="New closing date"
                  hint={
                    closingDateChange === "extend"
                      ? `The round now closes at midnight at the end of ${formatDate(round.closesOn)}. Give a later date. For example, ${exampleDate(round.closesOn)}`
                      : "The round will take new bids and submissions until midnight at the end of this date, UK time. It cannot be in the past."
                  }
                />
                <Textarea
                  name="reason"
                  label={closingDateChange === "extend" ? "Why is the closing date being extended?" : "Why is the round being reopened?"}
                  hint="This is kept with the round's history of opening and closing."
                  rows={3}
                />
              </FormStateProvider>
              <button type="submit" className="govuk-button" data-module="govuk-button">
                {closingDateChange === "extend" ? "Extend the closing date" : "Reopen the round"}
              </button>
            </PostForm>
          </div>
        </div>
      ) : null}
      {canManage && phase === "draft" ? (
        <PostForm noValidate className="govuk-!-margin-bottom-6">
          <input type="hidden" name="intent" value="status" />
          <input type="hidden" name="version" value={round.version} />
          <input type="hidden" name="status" value="open" />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Open the round to bids
          </button>
        </PostForm>
      ) : null}
      {canManage && round.status === "open" && phase !== "closed" ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m">Close the round early</h2>
            <p className="govuk-body">Partnerships will not be able to start bids or submit drafts in it. Bids sent back for changes can still be resubmitted.</p>
            <PostForm noValidate className="govuk-!-margin-bottom-6">
              <input type="hidden" name="intent" value="status" />
              <input type="hidden" name="version" value={round.version} />
              <input type="hidden" name="status" value="closed" />
              <FormStateProvider state={state?.intent === "status" ? state : undefined}>
                <Textarea name="closeReason" label="Why is the round being closed early?" hint="This is kept with the round's history of opening and closing." rows={3} />
              </FormStateProvider>
              <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button">
                Close the round now
              </button>
            </PostForm>
          </div>
        </div>
      ) : null}
      {history.length ? (
        <>
          <h2 className="govuk-heading-m">Opening and closing</h2>
          <ul className="govuk-list govuk-list--bullet" id="round-history">
            {history.map((h) => (
              <li key={h.id}>{h.text}</li>
            ))}
          </ul>
        </>
      ) : null}

      <TableRegion label="Partnerships">
      <table className="govuk-table" id="round-money">
        <caption className="govuk-table__caption govuk-table__caption--m">
          Partnerships
          {paging.pages > 1 ? (
            <span className="govuk-caption-s" id="round-money-range">
              {(paging.page - 1) * paging.pageSize + 1} to {(paging.page - 1) * paging.pageSize + rows.length} of {paging.count}, by name; the totals are for all of them
            </span>
          ) : null}
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Partnership</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Allocation</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Requested</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Approved</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Remaining</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((r) => (
            <tr key={r.cspId} className="govuk-table__row">
              <th scope="row" className="govuk-table__header">
                <Link className="govuk-link" to={`/bids?round=${round.id}&csp=${r.cspId}`}>
                  {r.cspName}
                </Link>
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{r.allocationPence === null ? "None" : formatPence(r.allocationPence)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(r.requestedPence)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(r.approvedPence)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{r.allocationPence === null ? "" : formatPence(r.allocationPence - r.committedPence)}</td>
            </tr>
          ))}
          <tr className="govuk-table__row">
            <th scope="row" className="govuk-table__header">{paging.pages > 1 ? "Total, all partnerships" : "Total"}</th>
            <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(totals.allocatedPence)}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(totals.requestedPence)}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(totals.approvedPence)}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(totals.remainingPence)}</td>
          </tr>
          {totals.central.fundPence > 0 || totals.central.bids > 0 ? (
            <tr className="govuk-table__row">
              <th scope="row" className="govuk-table__header">
                <Link className="govuk-link" to={`/bids?round=${round.id}&fund=central`}>
                  Central fund
                </Link>{" "}
                <span className="govuk-body-s">({totals.central.bids} {totals.central.bids === 1 ? "bid" : "bids"} from any partnership)</span>
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(totals.central.fundPence)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(totals.central.requestedPence)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(totals.central.approvedPence)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(totals.central.remainingPence)}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      </TableRegion>
      <Pagination page={paging.page} pages={paging.pages} hrefFor={(n) => `/rounds/${round.id}?page=${n}#round-money`} label="Pages of partnerships" />
      <p className="govuk-body-s">
        Requested: bids with the OPCC and not yet decided. Approved: what decisions have granted. Remaining: allocation (or central fund) less both.
      </p>

      {canManage ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m">Change the round</h2>
            <PostForm noValidate>
              <input type="hidden" name="intent" value="update" />
              <input type="hidden" name="version" value={round.version} />
              <FormStateProvider state={state?.intent === "update" ? state : undefined}>
                <RoundFields streams={streams} years={years} round={round} streamLocked />
              </FormStateProvider>
              <button type="submit" className="govuk-button" data-module="govuk-button">
                Save the round
              </button>
            </PostForm>
          </div>
        </div>
      ) : null}
    </>
  );
}

/** The stream's settings after the award, in plain words. */
function afterAwardText(s: { acceptByDays: number; returnDueDays: number; toleranceBasisPoints: number; certificationRequired: boolean; virementCapPence: number }): string {
  const days = (n: number) => `${n} ${n === 1 ? "day" : "days"}`;
  return [
    `Offers accepted within ${days(s.acceptByDays)}`,
    `returns due ${days(s.returnDueDays)} after each quarter`,
    `spend within ${formatTolerance(s.toleranceBasisPoints)} of the profile needs no explanation`,
    s.certificationRequired ? "the council's finance officer certifies each return" : "returns are not certified by the council's finance officer",
    `virements of up to ${formatPence(s.virementCapPence)} within the tolerance approved automatically`,
  ].join("; ");
}

function doneMessage(done: string | null, status: string, closesOn: string): string {
  if (done === "extend") return `The closing date is now ${formatDate(closesOn)}.`;
  if (done === "reopen") return `The round is open again until midnight at the end of ${formatDate(closesOn)}.`;
  if (done === "status") return `The round is now ${status}.`;
  return "The round has been saved.";
}

/** A date a week after the given one, as the date boxes take it ("7 8 2023"). */
function exampleDate(after: string): string {
  const d = new Date(`${after}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 7);
  return `${d.getUTCDate()} ${d.getUTCMonth() + 1} ${d.getUTCFullYear()}`;
}
