import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { PostForm } from "../components/post-form";
import { z } from "zod";
import { requireBid } from "../auth/access.server";
import { ErrorSummary } from "../components/form-fields";
import { withdrawBid } from "../data/bids.server";
import { IllegalBidTransition, canTransition } from "../domain/bid-lifecycle";
import { formatDateTime } from "../domain/financial-years";
import { versionField } from "../forms/fields";
import { parseForm, type FormState, readForm } from "../forms/form-state";

export const handle = { title: "Withdraw bid" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { bid } = await requireBid(request, params.bidId, "bid:withdraw");
  if (!canTransition(bid.status, "withdraw")) throw redirect(`/bids/${bid.id}`);
  return { bid: { id: bid.id, title: bid.title, version: bid.version, status: bid.status } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, bid } = await requireBid(request, params.bidId, "bid:withdraw");
  const parsed = parseForm(await readForm(request), z.object({ version: versionField }));
  if (!parsed.ok) return data<FormState>({ ...parsed.state, formError: "This page is out of date: reload it and try again." }, { status: 400 });
  try {
    const result = withdrawBid(bid.id, user.userId, parsed.data.version);
    if (result.kind === "saved") return redirect(`/bids/${bid.id}?done=withdrawn`);
    if (result.kind === "stale") {
      return data<FormState>({ values: {}, errors: {}, formError: `${result.changedBy} changed this bid on ${formatDateTime(result.changedAt)}. Check the bid before you withdraw it.` }, { status: 409 });
    }
    return data<FormState>({ values: {}, errors: {}, formError: "This bid cannot be withdrawn." }, { status: 409 });
  } catch (error) {
    if (error instanceof IllegalBidTransition) return data<FormState>({ values: {}, errors: {}, formError: "This bid has already been withdrawn." }, { status: 409 });
    throw error;
  }
}

export default function WithdrawBid() {
  const { bid } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary state={state} />
        <span className="govuk-caption-l">{bid.title}</span>
        <h1 className="govuk-heading-l">Are you sure you want to withdraw this bid?</h1>
        <p className="govuk-body">A withdrawn bid stays on record but will not be considered. You cannot undo this.</p>
        <PostForm noValidate>
          <input type="hidden" name="version" value={bid.version} />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button">
              Withdraw bid
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
