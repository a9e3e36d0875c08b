import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { refusingClosedYears, requireGrant } from "../auth/access.server";
import { grantClosure, refuse } from "../data/year-lock.server";
import { grantClosedMessage } from "../data/year-end.server";
import { Checkbox, DateInput, ErrorSummary, FormStateProvider, TextInput } from "../components/form-fields";
import { OfferNotOpen, OfferStatusTag } from "../components/grant-offer";
import { PostForm } from "../components/post-form";
import { SummaryRow } from "../components/summary-row";
import { acceptOffer, grantDetail } from "../data/grants.server";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { respondRefusal } from "../domain/offer-status";
import { PAYMENT_BASIS_LABELS } from "../domain/payment-schedule";
import { ukDate } from "../domain/round-window";
import { ACCEPT_FIELD_ORDER, acceptOfferSchema } from "../forms/offer";
import { parseForm, readForm } from "../forms/form-state";
import { answerOfferForm } from "../forms/offer-response.server";

export const handle = { title: (data: { offer: { title: string } } | undefined) => `Accept or decline the grant offer${data ? `: ${data.offer.title}` : ""}` };

/**
 * /grants/:grantId/accept: the partnership's lead reads the offer and accepts it with a declaration
 * on behalf of the accountable council (name, role, date, and the box ticked), or goes on to decline
 * it. Only an offered, unlapsed offer of a grant that stands can be answered: otherwise the page
 * says why and offers no form.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, grant } = await requireGrant(request, params.grantId, "offer:respond");
  const today = ukDate(new Date());
  const detail = grantDetail(grant.id, today)!;
  return {
    offer: {
      grantId: detail.id,
      version: detail.version,
      title: detail.bid.title,
      cspName: detail.bid.cspName,
      council: detail.council,
      status: detail.offer.status,
      acceptBy: detail.offer.acceptBy,
      grantedPence: detail.grantedPence,
      reference: detail.decision.reference,
      decidedOn: detail.decision.decidedOn,
      outcome: detail.decision.outcome,
      startDate: detail.bid.startDate,
      endDate: detail.bid.endDate,
      paymentBasis: detail.paymentBasis,
      conditions: detail.decision.conditions,
    },
    // A locked grant's offer is not changed (its year is closed): the message says who closed it.
    refusal: grantClosedMessage(grant.id) ?? respondRefusal(grant, today),
    defaults: { name: user.name, date: today },
  };
}

export const action = refusingClosedYears(async ({ request, params }: ActionFunctionArgs) => {
  const { user, grant } = await requireGrant(request, params.grantId, "offer:respond");
  refuse(grantClosure(grant.id));
  const today = ukDate(new Date());
  const detail = grantDetail(grant.id, today)!;
  const parsed = parseForm(await readForm(request), acceptOfferSchema({ council: detail.council, decidedOn: detail.decision.decidedOn, today }));
  return answerOfferForm(parsed, (form) => acceptOffer(grant.id, user.userId, form.version, form.declaration), { grantId: grant.id, done: "accepted", what: "accept", viewer: user });
});

export default function AcceptOffer() {
  const { offer, refusal, defaults } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to={`/grants/${offer.grantId}`}>
          Back to the grant
        </Link>
        <ErrorSummary state={state} order={ACCEPT_FIELD_ORDER} />
        <span className="govuk-caption-l">
          {offer.cspName} · {offer.council}
        </span>
        <h1 className="govuk-heading-l">Accept or decline the grant offer</h1>
        <h2 className="govuk-heading-m">{offer.title}</h2>
        <dl className="govuk-summary-list">
          <SummaryRow label="Offer status" value={<OfferStatusTag status={offer.status} />} />
          <SummaryRow label="Grant offered" value={<strong>{formatPence(offer.grantedPence)}</strong>} />
          <SummaryRow label="PCC decision" value={`${offer.reference}, ${formatDate(offer.decidedOn)}${offer.outcome === "part_approved" ? " (part-approved)" : ""}`} />
          {offer.startDate && offer.endDate ? <SummaryRow label="Project dates" value={`${formatDate(offer.startDate)} to ${formatDate(offer.endDate)}`} /> : null}
          <SummaryRow label="Payment basis" value={PAYMENT_BASIS_LABELS[offer.paymentBasis]} />
          <SummaryRow label="Accept by" value={formatDate(offer.acceptBy)} />
          <SummaryRow
            label="Offer letter"
            value={
              <a className="govuk-link" href={`/grants/${offer.grantId}/offer.pdf`}>
                Grant offer letter (PDF)
              </a>
            }
          />
        </dl>
        <h2 className="govuk-heading-m">Conditions of the grant</h2>
        <p className="govuk-body">Accepting the offer means agreeing to all of them.</p>
        {offer.conditions.length ? (
          <ol className="govuk-list govuk-list--number">
            {offer.conditions.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ol>
        ) : (
          <p className="govuk-body">No conditions.</p>
        )}

        {refusal ? (
          <OfferNotOpen refusal={refusal} />
        ) : (
          <>
            <h2 className="govuk-heading-m">Accept the offer</h2>
            <p className="govuk-body">You make this declaration on behalf of {offer.council}, the accountable body for the {offer.cspName}.</p>
            <PostForm noValidate>
              <input type="hidden" name="version" value={offer.version} />
              <FormStateProvider state={state}>
                <TextInput name="declarationName" label="Your full name" autoComplete="name" spellCheck={false} defaultValue={defaults.name} />
                <TextInput name="declarationRole" label="Your role" hint="For example, Community Safety Manager" autoComplete="organization-title" defaultValue="" />
                <DateInput name="declarationDate" legend="Date of the declaration" hint={`Today or earlier, and not before the decision (${formatDate(offer.decidedOn)}). For example, 27 7 2023`} defaultValue={defaults.date} />
                <Checkbox name="onBehalf" legend="Declaration" label={`I accept this offer on behalf of ${offer.council} and its conditions`} />
              </FormStateProvider>
              <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
                Accept the offer
              </button>
            </PostForm>
            <h2 className="govuk-heading-m">Decline the offer</h2>
            <p className="govuk-body">
              If the partnership does not want the grant, <Link className="govuk-link" to={`/grants/${offer.grantId}/decline`}>decline the offer</Link> and say why.
            </p>
          </>
        )}
      </div>
    </div>
  );
}
