import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { PostForm } from "../components/post-form";
import { deliverInBackground } from "../data/notifications.server";
import { refusingClosedYears, requireBid } from "../auth/access.server";
import { bidRoundClosure, refuse } from "../data/year-lock.server";
import { YearClosedBanner } from "../components/year-closed-banner";
import { yearClosedMessage } from "../domain/year-lock";

import { Checkboxes, DateInput, ErrorSummary, FormStateProvider, Radios, TextInput, Textarea } from "../components/form-fields";
import { StatusTag } from "../components/status-tag";
import { SecondaryLine } from "../components/secondary-line";
import { TableRegion } from "../components/table-region";
import { getBidDetail } from "../data/bids.server";
import { decisionReviewsForBid, decisionsForBid, listStandardConditions, recordDecision, reviewStandingFor } from "../data/decisions.server";
import { SummaryRow } from "../components/summary-row";
import { decisionBasis, describeScore, reviewToken } from "../domain/decision-review";
import { AWAITING_REVIEW_STATUSES, DECIDED_STATUSES } from "../domain/bid-lifecycle";
import { formatDate, formatDateTime, toIsoDate } from "../domain/financial-years";
import { formatPence, formatQuantity, formatUnitPrice, penceToInput } from "../domain/money";
import { PAYMENT_BASIS_LABELS } from "../domain/payment-schedule";
import { DECISION_FIELD_ORDER, decisionSchema } from "../forms/decision";
import { changedSinceOpened, parseForm, readForm, type FormState } from "../forms/form-state";
import { defaultDecisionMaker } from "../data/opcc-settings.server";

export const handle = { title: (data: { bid: { title: string } } | undefined) => `PCC decision${data ? `: ${data.bid.title}` : ""}` };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, bid: header } = await requireBid(request, params.bidId, "decision:record");
  const bid = getBidDetail(header.id)!;
  const decisions = decisionsForBid(bid.id);
  const conditions = listStandardConditions();
  // A decided bid is not decided again: its standing decision may be corrected by a new one, which
  // starts from what the standing decision said.
  const standing = DECIDED_STATUSES.includes(bid.status) ? decisions[0] : undefined;
  // What the decision would follow: the lead reviewer's moderated score, or what is missing.
  const review = reviewStandingFor(bid.id);
  const closure = bidRoundClosure(bid.id);
  const followed = new Map(decisionReviewsForBid(bid.id).map((d) => [d.id, d]));
  return {
    bid,
    decisions: decisions.map((d) => ({ ...d, followed: followedText(followed.get(d.id)) })),
    review,
    reviewSeen: reviewToken(review),
    conditions,
    canDecide: !closure && (AWAITING_REVIEW_STATUSES.includes(bid.status) || standing !== undefined),
    yearClosed: closure ? yearClosedMessage(closure) : null,
    correcting: standing ? { id: standing.id, reference: standing.reference, decidedOn: standing.decidedOn } : null,
    defaults: standing ? defaultsFrom(standing, bid.costLines, conditions) : defaultsForNewDecision(bid.costLines, conditions, user.name),
    today: toIsoDate(new Date()),
  };
}

/** One line on what a recorded decision followed. */
function followedText(d: { review: { total: number | null; failedGates: string[]; bandLabel: string } | null; withoutReviewReason: string | null } | undefined): string {
  if (d?.review) return `Followed the moderated score: ${describeScore(d.review)} (${d.review.bandLabel}).`;
  if (d?.withoutReviewReason) return "Decided without a moderated score.";
  return "Review: not recorded.";
}

interface FormDefaults {
  outcome?: string;
  approved: Record<number, string>;
  decisionMaker: string;
  leadOfficer: string;
  reasons?: string;
  conditionIds: string[];
  writtenConditions?: string;
  declarationOfInterests: string;
  publishable: string;
  foiExemption?: string;
  paymentBasis: string;
}

function defaultsForNewDecision(lines: { id: number; totalPence: number }[], conditions: { id: number; code: string }[], leadOfficer: string): FormDefaults {
  return {
    approved: Object.fromEntries(lines.map((l) => [l.id, penceToInput(l.totalPence)])),
    decisionMaker: defaultDecisionMaker(),
    leadOfficer,
    conditionIds: conditions.filter((c) => ["purpose", "returns", "underspend"].includes(c.code)).map((c) => String(c.id)),
    declarationOfInterests: "None",
    publishable: "yes",
    paymentBasis: "quarterly_arrears",
  };
}

function defaultsFrom(
  d: ReturnType<typeof decisionsForBid>[number],
  lines: { id: number; totalPence: number }[],
  conditions: { id: number; text: string }[],
): FormDefaults {
  const approved = new Map(d.lines.map((l) => [l.costLineId, l.approvedPence]));
  const standard = conditions.filter((c) => d.conditions.includes(c.text));
  const standardTexts = new Set(standard.map((c) => c.text));
  return {
    outcome: d.outcome === "approved" ? "approve" : d.outcome === "part_approved" ? "part_approve" : "reject",
    approved: Object.fromEntries(lines.map((l) => [l.id, penceToInput(d.outcome === "rejected" ? l.totalPence : (approved.get(l.id) ?? 0))])),
    decisionMaker: d.decisionMaker,
    leadOfficer: d.leadOfficer,
    reasons: d.reasons,
    conditionIds: standard.map((c) => String(c.id)),
    writtenConditions: d.conditions.filter((c) => !standardTexts.has(c)).join("\n"),
    declarationOfInterests: d.declarationOfInterests,
    publishable: d.publishable ? "yes" : "no",
    foiExemption: d.foiExemption ?? undefined,
    paymentBasis: d.paymentBasis ?? "quarterly_arrears",
  };
}

export const action = refusingClosedYears(async ({ request, params }: ActionFunctionArgs) => {
  const { user, bid } = await requireBid(request, params.bidId, "decision:record");
  refuse(bidRoundClosure(bid.id));
  const parsed = parseForm(await readForm(request), decisionSchema);
  if (!parsed.ok) {
    // Say at once, with the other problems, that a reason is needed for deciding without a moderated score.
    const typed = parsed.state.values.withoutReviewReason;
    const basis = decisionBasis(reviewStandingFor(bid.id), typeof typed === "string" ? typed : "");
    if (!basis.ok && basis.field && !parsed.state.errors[basis.field]) parsed.state.errors[basis.field] = basis.message;
    return data<FormState>(parsed.state, { status: 400 });
  }
  const v = parsed.data;
  const known = new Set(listStandardConditions().map((c) => c.id));
  if (v.conditions.some((id) => !known.has(id))) return data<FormState>({ values: parsed.values, errors: { conditions: "Choose conditions from the list" } }, { status: 400 });
  const result = recordDecision(bid.id, user.userId, v.version, {
    outcome: v.outcome,
    approvedByLine: v.approvedByLine,
    decidedOn: v.decidedOn,
    decisionMaker: v.decisionMaker,
    leadOfficer: v.leadOfficer,
    reasons: v.reasons,
    conditionIds: v.conditions,
    writtenConditions: v.writtenConditions,
    declarationOfInterests: v.declarationOfInterests,
    publishable: v.publishable,
    foiExemption: v.foiExemption,
    paymentBasis: v.paymentBasis,
    correctionOf: v.correctionOf,
    withoutReviewReason: v.withoutReviewReason,
    reviewSeen: v.reviewSeen,
  });
  switch (result.kind) {
    case "recorded":
      deliverInBackground();
      return redirect(`/bids/${bid.id}?done=${v.correctionOf ? "corrected" : "decided"}`);
    case "stale":
      return data<FormState>(
        { values: parsed.values, errors: {}, formError: `${changedSinceOpened("bid", result, user)}. Reload the page, check the bid and its decisions, then try again.` },
        { status: 409 },
      );
    case "refused":
      return data<FormState>(
        result.field ? { values: parsed.values, errors: { [result.field]: result.message } } : { values: parsed.values, errors: {}, formError: result.message },
        { status: result.field ? 400 : 409 },
      );
  }
});

export default function Decision() {
  const page = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const { bid, defaults, correcting } = page;
  return (
    <>
      <Link className="govuk-back-link" to={correcting ? `/bids/${bid.id}` : `/bids/${bid.id}/review`}>
        {correcting ? "Back to the bid" : "Back to the review"}
      </Link>
      <ErrorSummary state={state} order={DECISION_FIELD_ORDER} />
      <YearClosedBanner message={page.yearClosed} />
      <span className="govuk-caption-l">
        {bid.cspName} · {bid.roundName}, {bid.financialYearLabel}
      </span>
      <h1 className="govuk-heading-l">{correcting ? `Correct PCC decision ${correcting.reference}` : `PCC decision: ${bid.title}`}</h1>
      <p className="govuk-body">
        <StatusTag status={bid.status} /> Requesting <strong>{formatPence(bid.requestedPence)}</strong> (total cost {formatPence(bid.totalCostPence)}, match funding {formatPence(bid.matchFundingPence)}).
      </p>

      <ReviewSection bidId={bid.id} review={page.review} canFinish={!correcting} />

      {page.decisions.length ? (
        <>
          <h2 className="govuk-heading-m">Decisions recorded</h2>
          <ul className="govuk-list">
            {page.decisions.map((d) => (
              <li key={d.id}>
                <strong>{d.reference}</strong>, {formatDate(d.decidedOn)}: {d.outcome.replace("_", "-")}.
                {d.supersedesReference ? ` Corrects ${d.supersedesReference}.` : ""}
                {d.supersededBy ? ` Superseded by ${d.supersededBy.reference}.` : ""} {d.followed}{" "}
                <a className="govuk-link" href={`/decisions/${d.id}.pdf`}>
                  Decision record (PDF)
                </a>
                {d.grantId ? (
                  <>
                    {" "}
                    ·{" "}
                    <Link className="govuk-link" to={`/grants/${d.grantId}`}>
                      Grant
                    </Link>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {page.canDecide ? (
        <PostForm noValidate>
          <input type="hidden" name="version" value={bid.version} />
          {correcting ? <input type="hidden" name="supersedes" value={correcting.id} /> : null}
          <input type="hidden" name="reviewSeen" value={page.reviewSeen} />
          <FormStateProvider state={state}>
            {correcting ? (
              <>
                <div className="govuk-inset-text">
                  A PCC decision is final: to change it, record a new decision that corrects it. {correcting.reference} stays on the record, marked as superseded; the new decision takes the next
                  reference, and the grant follows it (a rejection withdraws the grant). The form starts from what {correcting.reference} said.
                </div>
                <Textarea
                  name="correctionReason"
                  label="Why is the decision corrected?"
                  hint="For example, a mistake in an approved amount, or new information. Printed on the new decision record."
                  rows={3}
                  labelClass="govuk-label--m"
                />
              </>
            ) : null}
            {page.review.kind === "missing" ? (
              <Textarea
                name="withoutReviewReason"
                label="Why is the PCC deciding without a moderated score?"
                hint="In at least a sentence. Printed on the decision record and kept in the audit log."
                rows={3}
                labelClass="govuk-label--m"
              />
            ) : null}
            <Radios
              name="outcome"
              legend={correcting ? "The corrected decision" : "Decision"}
              defaultValue={defaults.outcome}
              legendClass="govuk-fieldset__legend--m"
              options={[
                { value: "approve", label: "Approve", hint: `Grant ${formatPence(bid.requestedPence)} as asked` },
                { value: "part_approve", label: "Part-approve", hint: "Approve less than asked on one or more cost lines, below" },
                { value: "reject", label: "Reject" },
              ]}
            />
            <h2 className="govuk-heading-m">Approved amount per cost line</h2>
            <p className="govuk-body">For a part-approval: never more than the line asks for; 0 to fund none of it. Match funding still comes off the approved cost.</p>
            <TableRegion label="Cost lines and the amount approved">
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-visually-hidden">Cost lines and the amount approved</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Cost line</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">Asked</th>
                  <th scope="col" className="govuk-table__header">Approved</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {bid.costLines.map((line) => (
                  <tr key={line.id} className="govuk-table__row">
                    <td className="govuk-table__cell">
                      {line.description}
                      <SecondaryLine>
                        {formatQuantity(line.quantityHundredths)} × {formatUnitPrice(line.unitPriceTenThousandths)}, {line.financialYearLabel}
                      </SecondaryLine>
                    </td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(line.totalPence)}</td>
                    <td className="govuk-table__cell">
                      <TextInput name={`approved.line${line.id}`} label={<span className="govuk-visually-hidden">Approved for {line.description}</span>} prefix="£" width="10" inputMode="decimal" defaultValue={defaults.approved[line.id]} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            </TableRegion>
            <DateInput name="decidedOn" legend="Date of the decision" defaultValue={page.today} />
            <TextInput name="decisionMaker" label="Decision maker" defaultValue={defaults.decisionMaker} width="full" />
            <TextInput name="leadOfficer" label="Lead officer" defaultValue={defaults.leadOfficer} width="full" />
            <Textarea
              name="reasons"
              label="Reasons"
              hint="Why the PCC considers this will (or will not) secure a reduction in crime and disorder. Published with the decision."
              rows={5}
              labelClass="govuk-label--m"
              defaultValue={defaults.reasons}
            />
            <Checkboxes
              name="conditions"
              legend="Conditions"
              hint="Choose the standard conditions that apply. Those about repayment are marked."
              defaultValues={defaults.conditionIds}
              groups={[{ options: page.conditions.map((c) => ({ value: String(c.id), label: c.aboutRepayment ? `${c.text} (repayment)` : c.text })) }]}
            />
            <Textarea name="writtenConditions" label="Other conditions" hint="One condition a line." rows={3} defaultValue={defaults.writtenConditions} />
            <Textarea name="declarationOfInterests" label="Declaration of interests" hint="Write None if there are none." defaultValue={defaults.declarationOfInterests} rows={2} />
            <Radios
              name="publishable"
              legend="May the decision be published?"
              inline
              defaultValue={defaults.publishable}
              options={[
                { value: "yes", label: "Yes" },
                { value: "no", label: "No" },
              ]}
            />
            <TextInput name="foiExemption" label="If not, the FOI exemption that withholds it" hint="For example, section 31 (law enforcement)" width="full" defaultValue={defaults.foiExemption} />
            <Radios
              name="paymentBasis"
              legend="How the grant is paid"
              defaultValue={defaults.paymentBasis}
              options={(["quarterly_arrears", "advance", "milestones"] as const).map((b) => ({ value: b, label: PAYMENT_BASIS_LABELS[b] }))}
            />
          </FormStateProvider>
          <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
            {correcting ? "Record the correcting decision" : "Record the decision"}
          </button>
        </PostForm>
      ) : (
        <p className="govuk-body">This bid is not waiting for a decision{bid.status === "withdrawn" ? ": it has been withdrawn" : ""}.</p>
      )}
    </>
  );
}

type Standing = ReturnType<typeof useLoaderData<typeof loader>>["review"];

/** The review the decision follows, or what is missing and where to finish it. */
function ReviewSection({ bidId, review, canFinish }: { bidId: number; review: Standing; canFinish: boolean }) {
  if (review.kind === "moderated") {
    const r = review.summary;
    return (
      <>
        <h2 className="govuk-heading-m">The review</h2>
        <dl className="govuk-summary-list">
          <SummaryRow label="Moderated score" value={describeScore(r)} />
          <SummaryRow label="Band and recommendation" value={r.bandLabel} />
          <SummaryRow label="Moderated by" value={`${r.moderatedBy}, lead reviewer, on ${formatDateTime(review.moderatedAt)}`} />
          <SummaryRow label="Submission" value={`Submission ${r.submissionNumber}, the latest`} />
        </dl>
        <p className="govuk-body">
          <Link className="govuk-link" to={`/bids/${bidId}/review`}>
            See every reviewer's score on the review page
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h2 className="govuk-heading-m">The review</h2>
      <div className="govuk-warning-text">
        <span className="govuk-warning-text__icon" aria-hidden="true">
          !
        </span>
        <strong className="govuk-warning-text__text">
          <span className="govuk-visually-hidden">Warning</span>
          There is no moderated score to decide on: {review.missing}.
        </strong>
      </div>
      {canFinish ? (
        <p className="govuk-body">
          A decision follows the lead reviewer's moderated score.{" "}
          <Link className="govuk-link" to={`/bids/${bidId}/review`}>
            Finish the review on the review page
          </Link>
          , or say below why the PCC is deciding without one.
        </p>
      ) : (
        <p className="govuk-body">The bid has been decided, so its review cannot be finished now: say below why the correction is made without a moderated score.</p>
      )}
    </>
  );
}
