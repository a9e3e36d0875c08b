import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { PostForm } from "../components/post-form";
import { z } from "zod";
import { deliverInBackground } from "../data/notifications.server";
import { requireBid } from "../auth/access.server";
import { BidSummary } from "../components/bid-summary";
import { ErrorSummary } from "../components/form-fields";
import { SubmissionProblems } from "../components/submission-problems";
import { getBidDetail, problemsBeforeSubmission, submitBid } from "../data/bids.server";
import { bidForForms } from "../data/bid-page.server";
import { findRound } from "../data/rounds.server";
import { closedMessage, maySubmitIn } from "../domain/round-window";
import { isEditable } from "../domain/bid-lifecycle";
import type { SubmissionProblem } from "../domain/bid-completeness";
import { formatPence } from "../domain/money";
import { versionField } from "../forms/fields";
import { changedSinceOpened, parseForm, readForm, type FormState } from "../forms/form-state";

export const handle = { title: (data: { bid: { title: string } } | undefined) => `Check your bid before you submit it${data ? `: ${data.bid.title}` : ""}` };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { bid: header } = await requireBid(request, params.bidId, "bid:submit");
  if (!isEditable(header.status)) throw redirect(`/bids/${header.id}`);
  const bid = getBidDetail(header.id)!;
  const problems = problemsBeforeSubmission(bid);
  const round = findRound(bid.roundId)!;
  const now = new Date();
  // Said before the lead fills in the declaration: a draft cannot be submitted once the round has closed.
  const roundClosed = maySubmitIn(bid.status, round, now) ? null : roundClosedError(closedMessage(round, now) ?? "");
  // What the lead would declare, only once there is something that can be submitted: never "£0.00"
  // for an empty draft, nor for a draft in a round that has closed.
  const declaration = problems.length === 0 && !roundClosed ? { cspName: bid.cspName, requestedPence: bid.requestedPence, version: bid.version } : null;
  return { bid: bidForForms(bid), problems, declaration, roundClosed };
}

const submitSchema = z.object({ version: versionField });

type SubmitActionData = FormState & { problems?: SubmissionProblem[] };

const roundClosedError = (closed: string) => `${closed} A draft can no longer be submitted. You can still change it, withdraw it or delete it.`;

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, bid } = await requireBid(request, params.bidId, "bid:submit");
  const parsed = parseForm(await readForm(request), submitSchema);
  if (!parsed.ok) return data<SubmitActionData>({ ...parsed.state, formError: "This page is out of date: reload it and try again." }, { status: 400 });
  const result = submitBid(bid.id, user.userId, parsed.data.version);
  switch (result.kind) {
    case "saved":
      deliverInBackground();
      return redirect(`/bids/${bid.id}/submitted`);
    case "incomplete":
      return data<SubmitActionData>({ values: {}, errors: {}, formError: "The bid was not submitted.", problems: result.problems }, { status: 400 });
    case "stale":
      return data<SubmitActionData>(
        { values: {}, errors: {}, formError: `${changedSinceOpened("bid", result, user)}. Check the bid again below, then submit it.` },
        { status: 409 },
      );
    case "not-editable":
      return data<SubmitActionData>({ values: {}, errors: {}, formError: "This bid has already been submitted or withdrawn." }, { status: 409 });
    case "round-not-open":
      return data<SubmitActionData>({ values: {}, errors: {}, formError: `${roundClosedError(result.message)} The bid was not submitted.` }, { status: 409 });
  }
}

export default function SubmitBid() {
  const { bid, problems, declaration, roundClosed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const refused = result?.problems;
  const taskList = (
    <p className="govuk-body">
      <Link className="govuk-link" to={`/bids/${bid.id}`}>
        Go back to the bid&apos;s task list
      </Link>
    </p>
  );
  return (
    <>
      <Link className="govuk-back-link" to={`/bids/${bid.id}`}>
        Back to the bid
      </Link>
      {refused ? <SubmissionProblems bidId={bid.id} problems={refused} asError /> : <ErrorSummary state={result} />}
      <span className="govuk-caption-l">
        {bid.cspName} · {bid.roundName}, {bid.financialYearLabel}
      </span>
      <h1 className="govuk-heading-l">Check your bid before you submit it</h1>
      {roundClosed && !result ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            {roundClosed}
          </strong>
        </div>
      ) : null}
      {declaration ? null : (
        <>
          {problems.length ? <p className="govuk-body">You cannot submit this bid yet. Each item below links to where it is put right.</p> : null}
          {!refused ? <SubmissionProblems bidId={bid.id} problems={problems} asError={false} /> : null}
          {taskList}
        </>
      )}
      <BidSummary bid={bid} changeLinks />
      {declaration ? (
        <>
          <h2 className="govuk-heading-m">Now submit your bid</h2>
          <p className="govuk-body">
            By submitting this bid you confirm that the information is correct to the best of your knowledge and that {declaration.cspName} asks the Police and Crime Commissioner for{" "}
            <strong>{formatPence(declaration.requestedPence)}</strong>. You cannot change the bid once it is submitted.
          </p>
          <PostForm noValidate>
            <input type="hidden" name="version" value={declaration.version} />
            <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
              Submit bid
            </button>
          </PostForm>
        </>
      ) : (
        taskList
      )}
    </>
  );
}
