import type { LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireBid } from "../auth/access.server";
import { submissionCount } from "../data/bids.server";
import { cspOf } from "../domain/access-rules";

export const handle = { title: (d: { resubmitted: boolean } | undefined) => (d?.resubmitted ? "Bid resubmitted" : "Bid submitted") };

/** A bid's reference: its number, as the bid page shows it ("Bid 123, version 4"). */
const bidReference = (id: number) => `Bid ${id}`;

/**
 * The confirmation after submitting: for the bid's own partnership (its leads and council finance),
 * and only while the bid waits for review; before then, or once the OPCC has taken it up, the bid
 * page says where it stands.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, bid } = await requireBid(request, params.bidId, "bid:read");
  if (cspOf(user) !== bid.cspId) throw data("You do not have permission to do this", { status: 403 });
  if (bid.status !== "submitted") throw redirect(`/bids/${bid.id}`);
  return { bid: { id: bid.id, title: bid.title, cspName: bid.cspName }, reference: bidReference(bid.id), resubmitted: submissionCount(bid.id) > 1 };
}

export default function BidSubmitted() {
  const { bid, reference, resubmitted } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <div className="govuk-panel govuk-panel--confirmation">
          <h1 className="govuk-panel__title">{resubmitted ? "Bid resubmitted" : "Bid submitted"}</h1>
          <div className="govuk-panel__body">
            Your reference is{" "}
            <br />
            <strong>{reference}</strong>
          </div>
        </div>
        <p className="govuk-body">
          You have {resubmitted ? "resubmitted" : "submitted"} &ldquo;{bid.title}&rdquo; for {bid.cspName}.
        </p>
        <h2 className="govuk-heading-m">What happens next</h2>
        <p className="govuk-body">The OPCC&apos;s reviewers have been told. A reviewer will check the bid and score it against the fund&apos;s criteria, and the Police and Crime Commissioner will then decide whether to fund it.</p>
        <p className="govuk-body">
          {bid.cspName}&apos;s leads will be told by e-mail when the Police and Crime Commissioner has decided, or if the OPCC sends the bid back for changes.
        </p>
        <p className="govuk-body">You cannot change the bid now unless the OPCC sends it back for changes. You can still withdraw it from the bid&apos;s page.</p>
        <p className="govuk-body">
          <Link className="govuk-link" to={`/bids/${bid.id}`}>
            View your bid
          </Link>
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/">
            Go to your dashboard
          </Link>
        </p>
      </div>
    </div>
  );
}
