import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { refusingClosedYears, requireReturn } from "../auth/access.server";
import { refuse, returnClosure } from "../data/year-lock.server";
import { cspOf } from "../domain/access-rules";
import { ErrorSummary, FormStateProvider, Radios, TextInput, Textarea } from "../components/form-fields";
import { PostForm } from "../components/post-form";
import { ReturnStatusTag } from "../components/return-status-tag";
import { saveReturn, type ReturnInput } from "../data/return-editing.server";
import { loadReturn, type ReturnDetail } from "../data/returns.server";
import { formatDate } from "../domain/financial-years";
import { formatPence, penceToInput } from "../domain/money";
import { RETURN_STATUS_LABELS, isReturnEditable } from "../domain/return-lifecycle";
import { formatTolerance, type ExpenditureType } from "../domain/spend-variance";
import { changedSinceOpened, parseForm, readForm, type FormState } from "../forms/form-state";
import { nameRowErrors, returnFormSchema, type ReturnForm } from "../forms/return";
import { RETURN_TEXT_FIELDS } from "../domain/return-completeness";

/**
 * The CSP lead fills in a quarterly return: one form, saved whole. A half-done return saves; it
 * is checked when submitted. Nothing typed is lost when a save is refused.
 */

export const handle = { title: (data: { r: { title: string; label: string } } | undefined) => (data ? `Fill in the return ${data.r.label}: ${data.r.title}` : "Fill in the return") };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, grantReturn } = await requireReturn(request, params, "return:edit");
  // Not open to changes, or its year is closed: the return's page says why.
  if (!isReturnEditable(grantReturn.status) || returnClosure(grantReturn.id)) throw redirect(`/grants/${grantReturn.grantId}/returns/${grantReturn.id}`);
  return { r: loadReturn(grantReturn.id, { forPartnership: cspOf(user) !== null })! };
}

const rowNames = (r: ReturnDetail) => ({ lines: r.lines.map((l) => l.description), outcomes: r.outcomes.map((o) => o.measure), milestones: r.milestones.map((m) => m.description) });

export const action = refusingClosedYears(async ({ request, params }: ActionFunctionArgs) => {
  const { user, grantReturn } = await requireReturn(request, params, "return:edit");
  refuse(returnClosure(grantReturn.id));
  const parsed = parseForm(await readForm(request), returnFormSchema);
  const r = loadReturn(grantReturn.id, { forPartnership: cspOf(user) !== null })!;
  if (!parsed.ok) return data<FormState>(nameRowErrors(parsed.state, rowNames(r)), { status: 400 });
  const { values } = parsed;
  if (!isReturnEditable(r.status)) {
    return data<FormState>({ values, errors: {}, formError: `This return is ${RETURN_STATUS_LABELS[r.status].toLowerCase()} and can no longer be changed. What you typed is shown below.` }, { status: 409 });
  }
  if (!r.quarterEnded) {
    const errors = actualsBeforeQuarterEnd(parsed.data, r);
    if (errors) return data<FormState>({ values, errors }, { status: 400 });
  }
  const result = saveReturn(grantReturn.id, user.userId, parsed.data.version, toInput(parsed.data));
  switch (result.kind) {
    case "saved":
      return redirect(parsed.data.intent === "check" ? `/grants/${r.grantId}/returns/${r.id}/submit` : `/grants/${r.grantId}/returns/${r.id}?done=saved`);
    case "stale":
      return data<FormState>(
        {
          values,
          errors: {},
          formError: `${changedSinceOpened("return", result, user)}. Your changes have not been saved. They are shown below so that you can copy them: reload the page to see the latest version, then make your changes again.`,
        },
        { status: 409 },
      );
    case "not-editable":
      return data<FormState>({ values, errors: {}, formError: `This return is ${RETURN_STATUS_LABELS[result.status].toLowerCase()} and can no longer be changed. What you typed is shown below.` }, { status: 409 });
    case "quarter-not-ended":
      return data<FormState>({ values, errors: actualsBeforeQuarterEnd(parsed.data, r) ?? {}, formError: `The quarter ends on ${formatDate(result.periodEnd)}: its actual spend can be entered once it has ended.` }, { status: 400 });
    case "unknown":
      return data<FormState>({ values, errors: {}, formError: `This form is out of date (a ${result.what} on it is no longer part of the return). What you typed is shown below: reload the page and enter it again.` }, { status: 409 });
  }
});

/** An actual typed for a quarter still running is refused at its field. */
function actualsBeforeQuarterEnd(form: ReturnForm, r: ReturnDetail): Record<string, string> | null {
  const errors: Record<string, string> = {};
  form.lines.forEach((l, i) => {
    if (l.actual !== null) errors[`lines.${i}.actual`] = `${r.lines[i]?.description ?? `Line ${i + 1}`}: the actual spend can be entered once the quarter has ended on ${formatDate(r.periodEnd)}`;
  });
  return Object.keys(errors).length ? errors : null;
}

function toInput(form: ReturnForm): ReturnInput {
  return {
    lines: form.lines.map((l) => ({
      costLineId: l.costLineId,
      actualPence: l.actual,
      varianceExplanation: l.explanation,
      forecasts: l.forecasts.map((f) => ({ ...f.quarter, amountPence: f.amount })),
    })),
    outcomes: form.outcomes.map((o) => ({ outcomeId: o.outcomeId, actualToDate: o.actualToDate, comment: o.comment })),
    milestones: form.milestones.map((m) => ({ milestoneId: m.milestoneId, progress: m.progress, comment: m.comment })),
    spendRag: form.spendRag,
    spendRagReason: form.spendRagReason,
    deliveryRag: form.deliveryRag,
    deliveryRagReason: form.deliveryRagReason,
    wentWell: form.wentWell,
    didNotGoWell: form.didNotGoWell,
    nextSteps: form.nextSteps,
  };
}

/** The error summary in the order of the page. */
const fieldOrder = (r: ReturnDetail) => [
  ...r.lines.flatMap((_, i) => [`lines.${i}.actual`, `lines.${i}.explanation`, `lines.${i}.forecasts`]),
  "outcomes",
  "milestones",
  ...RETURN_TEXT_FIELDS,
];

const RAG_OPTIONS = [
  { value: "green", label: "Green", hint: "On track" },
  { value: "amber", label: "Amber", hint: "Some problems, in hand" },
  { value: "red", label: "Red", hint: "Serious problems: the OPCC's help or agreement is needed" },
];
const PROGRESS_OPTIONS = [
  { value: "on_track", label: "On track" },
  { value: "at_risk", label: "At risk" },
  { value: "late", label: "Late" },
  { value: "done", label: "Done" },
];

export default function EditReturn() {
  const { r } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const version = typeof state?.values.version === "string" ? state.values.version : String(r.version);
  return (
    <>
      <Link className="govuk-back-link" to={`/grants/${r.grantId}/returns/${r.id}`}>
        Back to the return
      </Link>
      <ErrorSummary state={state} order={fieldOrder(r)} />
      <span className="govuk-caption-l">
        {r.cspName} · {r.title} <ReturnStatusTag status={r.status} />
      </span>
      <h1 className="govuk-heading-l">Fill in the return: {r.label}</h1>
      <p className="govuk-body">Due {formatDate(r.dueOn)}. You can save the return and come back to it; it is checked when you submit it.</p>
      <PostForm noValidate>
        <input type="hidden" name="version" value={version} />
        <FormStateProvider state={state}>
          <h2 className="govuk-heading-l" id="lines">Spend</h2>
          {r.quarterEnded ? (
            <p className="govuk-body">
              Enter what was spent on each line in the quarter ({formatDate(r.periodStart)} to {formatDate(r.periodEnd)}). Where it differs from the line's profile by more than{" "}
              {formatTolerance(r.toleranceBasisPoints)}, say why.
            </p>
          ) : (
            <div className="govuk-inset-text">
              This quarter ends on {formatDate(r.periodEnd)}. Its actual spend can be entered once it has ended; you can save forecasts, progress and the narrative now.
            </div>
          )}
          {(["revenue", "capital"] as const).map((type) => (
            <LineFields key={type} type={type} r={r} />
          ))}

          {r.outcomes.length ? (
            <>
              <h2 className="govuk-heading-l" id="outcomes">Outcomes</h2>
              {r.outcomes.map((o, i) => (
                <fieldset key={o.outcomeId} className="govuk-fieldset govuk-!-margin-bottom-6">
                  <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">{o.measure}</legend>
                  <input type="hidden" name={`outcomes.${i}.outcomeId`} value={o.outcomeId} />
                  <TextInput
                    name={`outcomes.${i}.actualToDate`}
                    label={`Actual to date (${o.unit})`}
                    hint={`Baseline ${o.baseline ?? "none"}, target ${o.target ?? "none"}${o.targetDate ? ` by ${formatDate(o.targetDate)}` : ""}.${o.previousActual !== null ? ` Last quarter's return said ${o.previousActual}.` : ""}`}
                    defaultValue={o.actualToDate ?? ""}
                    inputMode="decimal"
                    width="10"
                  />
                  <Textarea name={`outcomes.${i}.comment`} label="Comment (optional)" rows={2} defaultValue={o.comment} />
                </fieldset>
              ))}
            </>
          ) : null}

          {r.milestones.length ? (
            <>
              <h2 className="govuk-heading-l" id="milestones">Milestones</h2>
              {r.milestones.map((m, i) => (
                <div key={m.milestoneId}>
                  <input type="hidden" name={`milestones.${i}.milestoneId`} value={m.milestoneId} />
                  <Radios name={`milestones.${i}.progress`} legend={`${m.description} (due ${m.due})`} legendClass="govuk-fieldset__legend--m" options={PROGRESS_OPTIONS} defaultValue={m.progress ?? ""} inline />
                  <Textarea name={`milestones.${i}.comment`} label="Comment (optional)" rows={2} defaultValue={m.comment} />
                </div>
              ))}
            </>
          ) : null}

          <h2 className="govuk-heading-l" id="ratings">Ratings</h2>
          <Radios name="spendRag" legend="How is spend going?" legendClass="govuk-fieldset__legend--m" options={RAG_OPTIONS} defaultValue={r.spendRag ?? ""} />
          <Textarea name="spendRagReason" label="Why you gave spend that rating" defaultValue={r.spendRagReason} rows={3} />
          <Radios name="deliveryRag" legend="How is delivery going?" legendClass="govuk-fieldset__legend--m" options={RAG_OPTIONS} defaultValue={r.deliveryRag ?? ""} />
          <Textarea name="deliveryRagReason" label="Why you gave delivery that rating" defaultValue={r.deliveryRagReason} rows={3} />

          <h2 className="govuk-heading-l" id="narrative">This quarter</h2>
          <Textarea name="wentWell" label="What went well" labelClass="govuk-label--s" defaultValue={r.wentWell} />
          <Textarea name="didNotGoWell" label="What did not go well" labelClass="govuk-label--s" defaultValue={r.didNotGoWell} />
          <Textarea name="nextSteps" label="What happens next" labelClass="govuk-label--s" defaultValue={r.nextSteps} />
        </FormStateProvider>
        <div className="govuk-button-group">
          <button type="submit" name="intent" value="check" className="govuk-button" data-module="govuk-button">
            Save and check your answers
          </button>
          <button type="submit" name="intent" value="save" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Save and come back later
          </button>
        </div>
      </PostForm>
    </>
  );
}

const TYPE_HEADINGS: Record<ExpenditureType, string> = { revenue: "Revenue spend", capital: "Capital spend" };

function LineFields({ type, r }: { type: ExpenditureType; r: ReturnDetail }) {
  const lines = r.lines.map((line, index) => ({ line, index })).filter(({ line }) => line.expenditureType === type);
  if (lines.length === 0) return null;
  const tolerance = formatTolerance(r.toleranceBasisPoints);
  return (
    <>
      <h3 className="govuk-heading-m">{TYPE_HEADINGS[type]}</h3>
      {lines.map(({ line: l, index: i }) => (
        <fieldset key={l.costLineId} className="govuk-fieldset govuk-!-margin-bottom-8">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{l.description}</legend>
          <input type="hidden" name={`lines.${i}.costLineId`} value={l.costLineId} />
          <dl className="govuk-summary-list govuk-summary-list--no-border">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Approved ({l.financialYearLabel})</dt>
              <dd className="govuk-summary-list__value">{formatPence(l.budgetPence)}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Profile this quarter</dt>
              <dd className="govuk-summary-list__value">{formatPence(l.profilePence)}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Spent in earlier quarters</dt>
              <dd className="govuk-summary-list__value">{formatPence(l.spentBeforePence)}</dd>
            </div>
          </dl>
          {r.quarterEnded ? (
            <TextInput name={`lines.${i}.actual`} label="Actual spend this quarter" prefix="£" inputMode="decimal" width="10" defaultValue={l.actualPence === null ? "" : penceToInput(l.actualPence)} />
          ) : null}
          <Textarea
            name={`lines.${i}.explanation`}
            label="Why the spend differs from the profile"
            hint={
              l.profilePence === 0
                ? "Nothing is profiled for this line this quarter: explain any spend on it."
                : `Needed if the actual is more than ${formatPence(l.profilePence + l.toleratedPence)} or less than ${formatPence(Math.max(0, l.profilePence - l.toleratedPence))}: the profile, ${formatPence(l.profilePence)}, give or take ${tolerance}.`
            }
            rows={3}
            defaultValue={l.varianceExplanation}
          />
          {l.forecasts.length ? (
            <fieldset className="govuk-fieldset">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Forecast spend on {l.description} in the quarters left</legend>
              {l.forecasts.map((f, j) => (
                <div key={`${f.startYear}-${f.quarter}`}>
                  <input type="hidden" name={`lines.${i}.forecasts.${j}.quarter`} value={`${f.startYear}-${f.quarter}`} />
                  <TextInput
                    name={`lines.${i}.forecasts.${j}.amount`}
                    label={f.label}
                    hint={`Profile ${formatPence(f.profilePence)}`}
                    prefix="£"
                    inputMode="decimal"
                    width="10"
                    defaultValue={penceToInput(f.amountPence ?? f.profilePence)}
                  />
                </div>
              ))}
            </fieldset>
          ) : null}
        </fieldset>
      ))}
    </>
  );
}
