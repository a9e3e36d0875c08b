import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { refusingClosedYears, requireGrant } from "../auth/access.server";
import { grantClosure, refuse } from "../data/year-lock.server";
import { grantClosedMessage } from "../data/year-end.server";
import { DateInput, ErrorSummary, FormStateProvider, Textarea } from "../components/form-fields";
import { OfferNotOpen, OfferStatusTag } from "../components/grant-offer";
import { PostForm } from "../components/post-form";
import { SummaryRow } from "../components/summary-row";
import { extendOffer, grantDetail } from "../data/grants.server";
import { dateBoxesExample, formatDate } from "../domain/financial-years";
import { extendRefusal } from "../domain/offer-status";
import { ukDate } from "../domain/round-window";
import { parseForm, readForm } from "../forms/form-state";
import { EXTEND_FIELD_ORDER, extendOfferSchema } from "../forms/offer";
import { answerOfferForm } from "../forms/offer-response.server";

export const handle = { title: (data: { offer: { title: string } } | undefined) => `Extend the accept-by date${data ? `: ${data.offer.title}` : ""}` };

/**
 * /grants/:grantId/extend-offer: OPCC staff give an offered or lapsed offer a later accept-by date,
 * with the reason, which the partnership is sent.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { grant } = await requireGrant(request, params.grantId, "offer:extend");
  const today = ukDate(new Date());
  const detail = grantDetail(grant.id, today)!;
  return {
    offer: { grantId: detail.id, version: detail.version, title: detail.bid.title, cspName: detail.bid.cspName, council: detail.council, status: detail.offer.status, acceptBy: detail.offer.acceptBy },
    // A locked grant's offer is not changed (its year is closed): the message says who closed it.
    refusal: grantClosedMessage(grant.id) ?? extendRefusal(grant, today),
    today,
    // An example four weeks on, as the date boxes take it.
    example: dateBoxesExample(today, 28),
  };
}

export const action = refusingClosedYears(async ({ request, params }: ActionFunctionArgs) => {
  const { user, grant } = await requireGrant(request, params.grantId, "offer:extend");
  refuse(grantClosure(grant.id));
  const parsed = parseForm(await readForm(request), extendOfferSchema({ currentAcceptBy: grant.acceptBy, today: ukDate(new Date()) }));
  return answerOfferForm(parsed, (form) => extendOffer(grant.id, user.userId, form.version, { acceptBy: form.acceptBy, reason: form.reason }), {
    grantId: grant.id,
    done: "extended",
    what: "extend",
    viewer: user,
  });
});

export default function ExtendOffer() {
  const { offer, refusal, example } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to={`/grants/${offer.grantId}`}>
          Back to the grant
        </Link>
        <ErrorSummary state={state} order={EXTEND_FIELD_ORDER} />
        <span className="govuk-caption-l">
          {offer.cspName} · {offer.title}
        </span>
        <h1 className="govuk-heading-l">Extend the accept-by date</h1>
        <dl className="govuk-summary-list">
          <SummaryRow label="Offer status" value={<OfferStatusTag status={offer.status} />} />
          <SummaryRow label="Accept by" value={formatDate(offer.acceptBy)} />
        </dl>
        {refusal ? (
          <OfferNotOpen refusal={refusal} />
        ) : (
          <PostForm noValidate>
            <input type="hidden" name="version" value={offer.version} />
            <FormStateProvider state={state}>
              <DateInput name="acceptBy" legend="New accept-by date" hint={`Today or later, and after ${formatDate(offer.acceptBy)}. For example, ${example}`} />
              <Textarea name="reason" label="Why is the date extended?" labelClass="govuk-label--s" hint={`The partnership is sent this with the new date.`} />
            </FormStateProvider>
            <div className="govuk-button-group">
              <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
                Extend the accept-by date
              </button>
              <Link className="govuk-link" to={`/grants/${offer.grantId}`}>
                Cancel
              </Link>
            </div>
          </PostForm>
        )}
      </div>
    </div>
  );
}
