import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireBid } from "../auth/access.server";
import { ErrorSummary } from "../components/form-fields";
import { PostForm } from "../components/post-form";
import { SummaryRow } from "../components/summary-row";
import { deleteDraft, getBidDetail, isDeletableDraft } from "../data/bids.server";
import { formatDateTime } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { versionField } from "../forms/fields";
import { changedSinceOpened, parseForm, readForm, type FormState } from "../forms/form-state";

export const handle = { title: "Delete draft bid" };

const count = (n: number, one: string, many: string) => (n === 0 ? "None" : `${n} ${n === 1 ? one : many}`);

/**
 * Deleting a draft that was never submitted (a bid the OPCC has seen can only be withdrawn). CSP
 * leads only, as for editing: the draft is theirs to change.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { bid: header } = await requireBid(request, params.bidId, "bid:edit");
  if (!isDeletableDraft(header)) throw redirect(`/bids/${header.id}`);
  const bid = getBidDetail(header.id)!;
  return {
    bid: {
      id: bid.id,
      title: bid.title,
      version: bid.version,
      round: `${bid.roundName}, ${bid.financialYearLabel}`,
      costs: bid.costLines.length ? `${count(bid.costLines.length, "line", "lines")}, ${formatPence(bid.totalCostPence)} in all` : "None",
      matchFunding: bid.matchFunding.length ? `${count(bid.matchFunding.length, "source", "sources")}, ${formatPence(bid.matchFundingPence)} in all` : "None",
      outcomes: count(bid.outcomes.length, "outcome", "outcomes"),
      risks: count(bid.risks.length, "risk", "risks"),
      milestones: count(bid.milestones.length, "milestone", "milestones"),
      lastChanged: `${formatDateTime(bid.updatedAt)} by ${bid.updatedByName}`,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, bid } = await requireBid(request, params.bidId, "bid:edit");
  const parsed = parseForm(await readForm(request), z.object({ version: versionField }));
  if (!parsed.ok) return data<FormState>({ ...parsed.state, formError: "This page is out of date: reload it and try again." }, { status: 400 });
  const result = deleteDraft(bid.id, user.userId, parsed.data.version);
  switch (result.kind) {
    case "deleted":
      return redirect("/bids?done=deleted");
    case "stale":
      return data<FormState>(
        { values: {}, errors: {}, formError: `${changedSinceOpened("draft", result, user)}. It has not been deleted: reload the page to see what it now holds.` },
        { status: 409 },
      );
    case "submitted-before":
      return data<FormState>({ values: {}, errors: {}, formError: "This bid has been submitted, so it cannot be deleted. You can withdraw it instead." }, { status: 409 });
  }
}

export default function DeleteDraft() {
  const { bid } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary state={state} />
        <span className="govuk-caption-l">{bid.title}</span>
        <h1 className="govuk-heading-l">Are you sure you want to delete this draft?</h1>
        <p className="govuk-body">The draft and everything in it will be deleted:</p>
        <dl className="govuk-summary-list" id="what-is-deleted">
          <SummaryRow label="Title" value={bid.title} />
          <SummaryRow label="Round" value={bid.round} />
          <SummaryRow label="Milestones" value={bid.milestones} />
          <SummaryRow label="Costs" value={bid.costs} />
          <SummaryRow label="Match funding" value={bid.matchFunding} />
          <SummaryRow label="Outcomes" value={bid.outcomes} />
          <SummaryRow label="Risks" value={bid.risks} />
          <SummaryRow label="Last changed" value={bid.lastChanged} />
        </dl>
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            You cannot undo this. A record is kept that you deleted it.
          </strong>
        </div>
        <PostForm noValidate>
          <input type="hidden" name="version" value={bid.version} />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button" data-prevent-double-click="true">
              Delete draft
            </button>
            <Link className="govuk-link" to={`/bids/${bid.id}`}>
              Cancel
            </Link>
          </div>
        </PostForm>
      </div>
    </div>
  );
}
