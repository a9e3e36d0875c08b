import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { refusingClosedYears, requireGrant } from "../auth/access.server";
import { grantClosure, refuse } from "../data/year-lock.server";
import { grantClosedMessage } from "../data/year-end.server";
import { ErrorSummary, FormStateProvider, Textarea } from "../components/form-fields";
import { OfferNotOpen } from "../components/grant-offer";
import { PostForm } from "../components/post-form";
import { declineOffer, grantDetail } from "../data/grants.server";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { respondRefusal } from "../domain/offer-status";
import { ukDate } from "../domain/round-window";
import { parseForm, readForm } from "../forms/form-state";
import { declineOfferSchema } from "../forms/offer";
import { answerOfferForm } from "../forms/offer-response.server";

export const handle = { title: (data: { offer: { title: string } } | undefined) => `Decline the grant offer${data ? `: ${data.offer.title}` : ""}` };

/** /grants/:grantId/decline: the partnership's lead declines an offered, unlapsed offer, saying why. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { grant } = await requireGrant(request, params.grantId, "offer:respond");
  const today = ukDate(new Date());
  const detail = grantDetail(grant.id, today)!;
  return {
    offer: { grantId: detail.id, version: detail.version, title: detail.bid.title, council: detail.council, grantedPence: detail.grantedPence, acceptBy: detail.offer.acceptBy },
    // A locked grant's offer is not changed (its year is closed): the message says who closed it.
    refusal: grantClosedMessage(grant.id) ?? respondRefusal(grant, today),
  };
}

export const action = refusingClosedYears(async ({ request, params }: ActionFunctionArgs) => {
  const { user, grant } = await requireGrant(request, params.grantId, "offer:respond");
  refuse(grantClosure(grant.id));
  const parsed = parseForm(await readForm(request), declineOfferSchema);
  return answerOfferForm(parsed, (form) => declineOffer(grant.id, user.userId, form.version, form.declineReason), { grantId: grant.id, done: "declined", what: "decline", viewer: user });
});

export default function DeclineOffer() {
  const { offer, refusal } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to={`/grants/${offer.grantId}/accept`}>
          Back to the offer
        </Link>
        <ErrorSummary state={state} />
        <span className="govuk-caption-l">{offer.title}</span>
        <h1 className="govuk-heading-l">Decline the grant offer</h1>
        {refusal ? (
          <OfferNotOpen refusal={refusal} />
        ) : (
          <>
            <p className="govuk-body">
              Declining means {offer.council} will not receive the grant of {formatPence(offer.grantedPence)}, and nothing is paid under it. The OPCC is told, with your reason. The
              offer is open until {formatDate(offer.acceptBy)}; you cannot accept it once you have declined it.
            </p>
            <PostForm noValidate>
              <input type="hidden" name="version" value={offer.version} />
              <FormStateProvider state={state}>
                <Textarea name="declineReason" label="Why does the partnership decline the offer?" labelClass="govuk-label--s" />
              </FormStateProvider>
              <div className="govuk-button-group">
                <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button" data-prevent-double-click="true">
                  Decline the offer
                </button>
                <Link className="govuk-link" to={`/grants/${offer.grantId}`}>
                  Cancel
                </Link>
              </div>
            </PostForm>
          </>
        )}
      </div>
    </div>
  );
}
