import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requireUser } from "../auth/access.server";
import { ErrorSummary, FormStateProvider, TextInput } from "../components/form-fields";
import { createBid } from "../data/bids.server";
import { findAllocation, findRound } from "../data/rounds.server";
import { cspOf } from "../domain/access-rules";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { requiredText } from "../forms/fields";
import { parseForm, readForm } from "../forms/form-state";

export const handle = { title: "Start a bid" };

const roundQuery = z.object({ round: z.string().regex(/^\d{1,10}$/).transform(Number) });

/** The round a CSP may start a bid in: open, with an allocation for the CSP. Anything else is not found. */
function openRoundForCsp(roundParam: unknown, cspId: number) {
  const parsed = roundQuery.safeParse({ round: roundParam });
  if (!parsed.success) notFound();
  const round = findRound(parsed.data.round);
  const allocation = round ? findAllocation(round.id, cspId) : undefined;
  if (!round || round.status !== "open" || !allocation) notFound();
  return { round, allocation };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "bid:create");
  const { round, allocation } = openRoundForCsp(new URL(request.url).searchParams.get("round") ?? undefined, cspOf(user)!);
  return { round, allocationPence: allocation.amountPence };
}

const newBidSchema = z.object({ title: requiredText("a project title") });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "bid:create");
  const cspId = cspOf(user)!;
  const { round } = openRoundForCsp(new URL(request.url).searchParams.get("round") ?? undefined, cspId);
  const parsed = parseForm(await readForm(request), newBidSchema);
  if (!parsed.ok) return data(parsed.state, { status: 400 });
  const bidId = createBid({ roundId: round.id, cspId, title: parsed.data.title, userId: user.userId });
  return redirect(`/bids/${bidId}/edit/details`);
}

export default function NewBid() {
  const { round, allocationPence } = useLoaderData<typeof loader>();
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
            <dd className="govuk-summary-list__value">{formatPence(allocationPence)}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Closes</dt>
            <dd className="govuk-summary-list__value">{formatDate(round.closesOn)}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Rules</dt>
            <dd className="govuk-summary-list__value">
              At most {round.maxDurationMonths} months{round.maySpanYears ? ", may run across financial years" : ", within the financial year"}
              {round.matchFundingRequired ? "; match funding required" : ""}
            </dd>
          </div>
        </dl>
        <Form method="post" noValidate>
          <FormStateProvider state={state}>
            <TextInput name="title" label="Project title" labelClass="govuk-label--m" hint="You can change this later. Your bid is saved as a draft until you submit it." />
          </FormStateProvider>
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Create draft bid
          </button>
        </Form>
      </div>
    </div>
  );
}
