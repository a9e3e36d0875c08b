import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { PostForm } from "../components/post-form";
import { z } from "zod";
import { notFound, requireUser } from "../auth/access.server";
import { ErrorSummary, FormStateProvider, Radios, TextInput } from "../components/form-fields";
import { RoundNotTakingBidsError, createBid } from "../data/bids.server";
import { findAllocation, findRound } from "../data/rounds.server";
import { retiredPartnershipMessage } from "../data/partnerships.server";
import { cspOf } from "../domain/access-rules";
import { BID_FUNDS, type BidFund } from "../domain/funds";
import { formatPence } from "../domain/money";
import { closedMessage, roundStateText } from "../domain/round-window";
import { requiredText } from "../forms/fields";
import { formValues, parseForm, readForm } from "../forms/form-state";

export const handle = { title: "Start a bid" };

const roundQuery = z.object({ round: z.string().regex(/^\d{1,10}$/).transform(Number) });

/**
 * The round a CSP may start a bid in: opened by the OPCC, and either with an allocation for the CSP
 * or with a central fund any CSP may bid for. Anything else is not found. `closed` says why no bid
 * can be started in it now (its dates, or closed by hand), or is null while it takes bids.
 */
function roundForCsp(roundParam: unknown, cspId: number, now: Date) {
  const parsed = roundQuery.safeParse({ round: roundParam });
  if (!parsed.success) notFound();
  const round = findRound(parsed.data.round);
  if (!round || round.status === "draft") notFound();
  const allocation = findAllocation(round.id, cspId);
  const funds = BID_FUNDS.filter((f) => (f === "allocation" ? allocation !== undefined : round.centralFundPence > 0));
  if (funds.length === 0) notFound();
  return { round, allocationPence: allocation?.amountPence ?? null, funds, closed: retiredPartnershipMessage(cspId) ?? closedMessage(round, now), stateText: roundStateText(round, now) };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "bid:create");
  const { round, allocationPence, funds, closed, stateText } = roundForCsp(new URL(request.url).searchParams.get("round") ?? undefined, cspOf(user)!, new Date());
  // What the page shows of the round: not its pot or its other settings.
  const shown = {
    name: round.name, streamName: round.streamName, financialYearLabel: round.financialYearLabel, closesOn: round.closesOn, centralFundPence: round.centralFundPence,
    maxDurationMonths: round.maxDurationMonths, maySpanYears: round.maySpanYears, matchFundingRequired: round.matchFundingRequired,
  };
  return { round: shown, allocationPence, funds, closed, stateText };
}

const closedError = (closed: string) => `${closed} You can no longer start a bid in it, and no bid has been started.`;

const newBidSchema = (funds: readonly BidFund[]) =>
  z.object({
    title: requiredText("a project title"),
    fund: z.enum(funds as [BidFund, ...BidFund[]], { errorMap: () => ({ message: "Choose what the bid draws on" }) }),
  });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "bid:create");
  const cspId = cspOf(user)!;
  const { round, funds, closed } = roundForCsp(new URL(request.url).searchParams.get("round") ?? undefined, cspId, new Date());
  const form = await readForm(request);
  if (closed) return data({ values: formValues(form), errors: {}, formError: closedError(closed) }, { status: 409 });
  // With only one fund open to the CSP there is nothing to choose.
  if (funds.length === 1 && !form.get("fund")) form.set("fund", funds[0]);
  const parsed = parseForm(form, newBidSchema(funds));
  if (!parsed.ok) return data(parsed.state, { status: 400 });
  try {
    const bidId = createBid({ roundId: round.id, cspId, title: parsed.data.title, fund: parsed.data.fund, userId: user.userId });
    return redirect(`/bids/${bidId}/edit/details`);
  } catch (error) {
    // The round closed between the check above and the write.
    if (error instanceof RoundNotTakingBidsError) return data({ values: parsed.values, errors: {}, formError: closedError(error.reason) }, { status: 409 });
    throw error;
  }
}

export default function NewBid() {
  const { round, allocationPence, funds, closed, stateText } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary state={state} />
        <span className="govuk-caption-l">
          {round.name}, {round.financialYearLabel}
        </span>
        <h1 className="govuk-heading-l">Start a bid</h1>
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Fund</dt>
            <dd className="govuk-summary-list__value">{round.streamName}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Your provisional allocation</dt>
            <dd className="govuk-summary-list__value">{allocationPence === null ? "None in this round" : formatPence(allocationPence)}</dd>
          </div>
          {round.centralFundPence > 0 ? (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Central fund</dt>
              <dd className="govuk-summary-list__value">{formatPence(round.centralFundPence)}, for projects across partnerships: any partnership may bid for it</dd>
            </div>
          ) : null}
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Closing date</dt>
            <dd className="govuk-summary-list__value">{stateText}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Rules</dt>
            <dd className="govuk-summary-list__value">
              At most {round.maxDurationMonths} months{round.maySpanYears ? ", may run across financial years" : ", within the financial year"}
              {round.matchFundingRequired ? "; match funding required" : ""}
            </dd>
          </div>
        </dl>
        {closed ? (
          <>
            <p className="govuk-body">{closed} You can no longer start a bid in it.</p>
            <p className="govuk-body">
              <Link className="govuk-link" to="/">
                Back to your dashboard
              </Link>
            </p>
          </>
        ) : (
          <PostForm noValidate>
            <FormStateProvider state={state}>
              <TextInput name="title" label="Project title" labelClass="govuk-label--m" hint="You can change this later. Your bid is saved as a draft until you submit it." />
              {funds.length > 1 ? (
                <Radios
                  name="fund"
                  legend="What does this bid draw on?"
                  legendClass="govuk-fieldset__legend--m"
                  options={[
                    { value: "allocation", label: "Your partnership's allocation", hint: "For your partnership's own projects." },
                    { value: "central", label: "The round's central fund", hint: "For a project across partnerships. It does not use your allocation." },
                  ]}
                />
              ) : (
                <>
                  <input type="hidden" name="fund" value={funds[0]} />
                  <p className="govuk-body">This bid draws on {funds[0] === "central" ? "the round's central fund" : "your partnership's allocation"}.</p>
                </>
              )}
            </FormStateProvider>
            <button type="submit" className="govuk-button" data-module="govuk-button">
              Create draft bid
            </button>
          </PostForm>
        )}
      </div>
    </div>
  );
}
