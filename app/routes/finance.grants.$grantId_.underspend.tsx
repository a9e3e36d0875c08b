import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, refusingClosedYears, requireGrant } from "../auth/access.server";
import { ErrorSummary, FormStateProvider, Radios, Select, TextInput, Textarea } from "../components/form-fields";
import { PostForm } from "../components/post-form";
import { SummaryRow } from "../components/summary-row";
import { deliverInBackground } from "../data/notifications.server";
import { recordUnderspend, underspendCase, workedOut, type UnderspendCase } from "../data/underspends.server";
import { suggestedFromLine } from "../domain/carry-forward";
import { formatPence, penceToInput } from "../domain/money";
import { reallocatablePence } from "../domain/underspend";
import { yearClosedMessage } from "../domain/year-lock";
import { parseForm, readForm, type FormState } from "../forms/form-state";
import { recordUnderspendSchema, UNDERSPEND_FIELD_ORDER } from "../forms/underspends";

/**
 * /finance/grants/:grantId/underspend?year=: OPCC finance records what became of a grant's
 * underspend in one financial year: returned (with the clawback worked out: paid less evidenced
 * spend), carried forward into the grant's next year (for a stream that spans years),
 * or re-allocated to the round, with the reference of the PCC decision on the grant's bid that
 * released it (only money never paid out).
 */

export const handle = { title: (d: { view: { title: string; yearLabel: string } } | undefined) => `Record an underspend${d ? `: ${d.view.title}, ${d.view.yearLabel}` : ""}` };

function yearParam(request: Request): number {
  const raw = new URL(request.url).searchParams.get("year");
  if (!raw || !/^\d{1,10}$/.test(raw)) notFound();
  return Number(raw);
}

function view(c: UnderspendCase) {
  const line = (l: UnderspendCase["lines"][number]) => ({
    value: String(l.costLineId),
    label: `${l.description} (${l.expenditureType}): current ${formatPence(l.currentPence)}, spent ${formatPence(l.spentPence)}`,
  });
  const fromLines = c.lines.filter((l) => l.financialYearId === c.year.financialYearId);
  const toLines = c.nextYear ? c.lines.filter((l) => l.financialYearId === c.nextYear!.id) : [];
  const from = suggestedFromLine(c.lines, c.year.financialYearId);
  const clawbackPence = Math.min(c.year.outstandingPence, c.money.clawbackDuePence);
  return {
    grantId: c.grant.id,
    title: c.grant.title,
    cspName: c.grant.cspName,
    streamName: c.grant.streamName,
    accepted: c.grant.accepted,
    yearId: c.year.financialYearId,
    yearLabel: c.year.label,
    year: c.year,
    closed: c.year.closure ? yearClosedMessage(c.year.closure) : null,
    nextYearLabel: c.nextYear?.label ?? null,
    nextYearClosed: c.nextYearClosure ? yearClosedMessage(c.nextYearClosure) : null,
    carryUnavailable: c.carryUnavailable,
    fromOptions: fromLines.map(line),
    toOptions: toLines.filter((l) => !from || l.expenditureType === from.expenditureType).concat(toLines.filter((l) => from && l.expenditureType !== from.expenditureType)).map(line),
    suggestedFrom: from ? String(from.costLineId) : undefined,
    worked: { text: workedOut(c.money, c.money.clawbackDuePence), clawbackPence, duePence: c.money.clawbackDuePence },
    seen: `${c.lastRecordId}-${c.year.outstandingPence}`,
    reallocatablePence: reallocatablePence({ outstandingPence: c.year.outstandingPence, clawbackDuePence: c.money.clawbackDuePence }),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { grant } = await requireGrant(request, params.grantId, "underspend:record");
  const found = underspendCase(grant.id, yearParam(request));
  if (!found) notFound();
  return { view: view(found) };
}

const OUT_OF_DATE = "This page is out of date: reload it and try again.";

export const action = refusingClosedYears(async ({ request, params }: ActionFunctionArgs) => {
  const { user, grant } = await requireGrant(request, params.grantId, "underspend:record");
  const financialYearId = yearParam(request);
  const parsed = parseForm(await readForm(request), recordUnderspendSchema);
  if (!parsed.ok) return data<FormState>(parsed.state.errors.seen ? { values: parsed.state.values, errors: {}, formError: OUT_OF_DATE } : parsed.state, { status: 400 });
  const result = recordUnderspend({ grantId: grant.id, financialYearId, userId: user.userId, input: parsed.data.input, seen: parsed.data.seen });
  if (result.kind === "recorded") {
    deliverInBackground();
    return redirect(`/finance/grants/${grant.id}?done=underspend#underspend-heading`);
  }
  if (result.kind === "not_found") notFound();
  if (result.kind === "stale") {
    return data<FormState>(
      { values: parsed.values, errors: {}, formError: "This year's figures have changed since you opened this page (a return was accepted or another record made). Nothing has been saved: reload the page, check them, then try again." },
      { status: 409 },
    );
  }
  return data<FormState>({ values: parsed.values, errors: result.errors, formError: result.formError }, { status: Object.keys(result.errors).length ? 400 : 409 });
});

export default function RecordUnderspend() {
  const { view: v } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const back = `/finance/grants/${v.grantId}`;
  const blocked = v.closed ?? (!v.accepted ? "Only an accepted grant's underspend can be recorded." : v.year.outstandingPence === 0 ? `Nothing of ${v.yearLabel}'s underspend is outstanding.` : null);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to={back}>
          Back to the grant&apos;s reconciliation
        </Link>
        <ErrorSummary state={state} order={UNDERSPEND_FIELD_ORDER} />
        <span className="govuk-caption-l">
          {v.cspName} · {v.title}
        </span>
        <h1 className="govuk-heading-l">Record {v.yearLabel}&apos;s underspend</h1>
        <dl className="govuk-summary-list" id="underspend-figures">
          <SummaryRow label="Current" value={formatPence(v.year.currentPence)} />
          <SummaryRow label="Spent (accepted returns)" value={formatPence(v.year.spentPence)} />
          <SummaryRow label="Underspend" value={formatPence(v.year.underspendPence)} />
          <SummaryRow label="Already recorded" value={`${formatPence(v.year.returnedPence)} returned, ${formatPence(v.year.carriedPence)} carried forward, ${formatPence(v.year.reallocatedPence)} re-allocated`} />
          <SummaryRow label="Outstanding" value={<strong>{formatPence(v.year.outstandingPence)}</strong>} />
          <SummaryRow label="If returned" value={`For the whole grant: ${v.worked.text}. Up to that much of what is returned becomes a clawback; the rest was never paid.`} />
        </dl>
        {blocked ? (
          <p className="govuk-inset-text" id="underspend-blocked">
            {blocked}
          </p>
        ) : (
          <PostForm noValidate action={`/finance/grants/${v.grantId}/underspend?year=${v.yearId}`}>
            <input type="hidden" name="seen" value={v.seen} />
            <FormStateProvider state={state}>
              <Radios
                name="outcome"
                legend="What becomes of it?"
                legendClass="govuk-fieldset__legend--m"
                defaultValue="returned"
                options={[
                  { value: "returned", label: "Returned to the OPCC", hint: `A clawback is raised for what was paid and not spent: ${formatPence(v.worked.clawbackPence)} if all of it is returned.` },
                  {
                    value: "carried_forward",
                    label: `Carried forward${v.nextYearLabel ? ` into ${v.nextYearLabel}` : ""}`,
                    hint: v.carryUnavailable ?? v.nextYearClosed ?? `Moves the money from a ${v.yearLabel} cost line to a ${v.nextYearLabel} line of the same type (${v.streamName}).`,
                  },
                  {
                    value: "reallocated",
                    label: "Re-allocated to the round by a PCC decision",
                    hint: v.reallocatablePence > 0 ? `Only money never paid out: up to ${formatPence(v.reallocatablePence)}.` : "Not possible: all of the outstanding underspend was paid out, so it must be returned.",
                  },
                ]}
              />
              <TextInput name="amount" label="Amount" hint={`No more than the outstanding ${formatPence(v.year.outstandingPence)}.`} prefix="£" width="10" inputMode="decimal" defaultValue={penceToInput(v.year.outstandingPence)} spellCheck={false} />
              {v.carryUnavailable ? null : (
                <fieldset className="govuk-fieldset">
                  <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">If carried forward</legend>
                  <Select name="fromLineId" label={`From the ${v.yearLabel} line`} hint="Offered: the line with the most left unspent. It cannot go below what has been spent on it." options={v.fromOptions} defaultValue={v.suggestedFrom} fullWidth />
                  <Select name="toLineId" label={`To the ${v.nextYearLabel} line`} hint="Of the same type: capital stays capital." options={v.toOptions} fullWidth />
                </fieldset>
              )}
              <TextInput name="decisionReference" label="If re-allocated: the PCC decision that released it" hint="The reference of a decision on this grant's bid, as on the decision record." width="20" spellCheck={false} />
              <Textarea name="reason" label="Reason" labelClass="govuk-label--s" hint="The partnership is sent this." rows={3} />
            </FormStateProvider>
            <div className="govuk-button-group">
              <button type="submit" className="govuk-button" data-module="govuk-button">
                Record the underspend
              </button>
              <Link className="govuk-link" to={back}>
                Cancel
              </Link>
            </div>
          </PostForm>
        )}
      </div>
    </div>
  );
}
