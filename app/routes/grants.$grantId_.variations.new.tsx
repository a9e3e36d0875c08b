import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, refusingClosedYears, requireGrant } from "../auth/access.server";
import { DateInput, ErrorSummary, FormStateProvider, Select, TextInput, Textarea } from "../components/form-fields";
import { PostForm } from "../components/post-form";
import { SummaryRow } from "../components/summary-row";
import { deliverInBackground } from "../data/notifications.server";
import { requestExtension, requestVirement, variationGrant, variationRefusal, virementLines, type RequestResult } from "../data/variations.server";
import { dateClosure, yearClosure } from "../data/year-lock.server";
import { dateBoxesExample, formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { ukDate } from "../domain/round-window";
import { automaticRuleText } from "../domain/virement-rules";
import { yearClosedMessage } from "../domain/year-lock";
import { changedSinceOpened, parseForm, readForm, type FormState } from "../forms/form-state";
import { EXTENSION_FIELD_ORDER, extensionSchema, VIREMENT_FIELD_ORDER, virementSchema } from "../forms/variations";

/**
 * /grants/:grantId/variations/new?kind=virement|extension: the CSP lead asks to move money between
 * the grant's cost lines (a virement, approved at once within the fund's rules) or for more time
 * (a later end date, which the OPCC decides). The page says the rule for automatic approval.
 */

type Kind = "virement" | "extension";
const kindOf = (url: string): Kind => (new URL(url).searchParams.get("kind") === "extension" ? "extension" : "virement");

export const handle = {
  title: (d: { kind: Kind; grant: { title: string } } | undefined) => `${d?.kind === "extension" ? "Ask for more time" : "Ask to move money between lines"}${d ? `: ${d.grant.title}` : ""}`,
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { grant } = await requireGrant(request, params.grantId, "variation:request");
  const g = variationGrant(grant.id);
  if (!g) notFound();
  const kind = kindOf(request.url);
  // A closed year's lines can be neither given from nor given to.
  const closedYears = new Map<number, ReturnType<typeof yearClosure>>();
  const all = virementLines(grant.id);
  for (const l of all) if (!closedYears.has(l.financialYearId)) closedYears.set(l.financialYearId, yearClosure(l.financialYearId));
  const lines = all.filter((l) => !closedYears.get(l.financialYearId));
  const firstClosed = [...closedYears.values()].find((c) => c !== null) ?? null;
  const closedEnd = dateClosure(g.endDate);
  return {
    kind,
    grant: { id: g.id, title: g.title, cspName: g.cspName, version: g.version, endDate: g.endDate, startDate: g.startDate },
    refusal: variationRefusal(g),
    closed: kind === "extension" ? (closedEnd ? yearClosedMessage(closedEnd) : null) : lines.length < 2 && firstClosed ? yearClosedMessage(firstClosed) : null,
    rule: automaticRuleText(g.rules),
    rules: { maxDurationMonths: g.rules.maxDurationMonths, maySpanYears: g.rules.maySpanYears },
    lines: lines.map((l) => ({ id: l.id, description: l.description, year: l.financialYearLabel, type: l.expenditureType, currentPence: l.currentPence, spentPence: l.spentPence, approvedPence: l.approvedPence })),
    example: dateBoxesExample(g.endDate > ukDate(new Date()) ? g.endDate : ukDate(new Date()), 91),
  };
}

type ActionData = FormState;

export const action = refusingClosedYears(async ({ request, params }: ActionFunctionArgs) => {
  const { user, grant } = await requireGrant(request, params.grantId, "variation:request");
  const kind = kindOf(request.url);
  const formData = await readForm(request);
  const fail = (state: FormState, status: number) => data<ActionData>(state, { status });
  let result: RequestResult;
  let values: FormState["values"];
  if (kind === "virement") {
    const parsed = parseForm(formData, virementSchema);
    if (!parsed.ok) return fail(parsed.state, 400);
    values = parsed.values;
    result = requestVirement(grant.id, user.userId, { fromCostLineId: parsed.data.fromCostLineId, toCostLineId: parsed.data.toCostLineId, amountPence: parsed.data.amount, reason: parsed.data.reason });
  } else {
    const parsed = parseForm(formData, extensionSchema);
    if (!parsed.ok) {
      const { version, ...errors } = parsed.state.errors;
      return fail({ ...parsed.state, errors, formError: version ? "This page is out of date: reload it and try again." : undefined }, 400);
    }
    values = parsed.values;
    result = requestExtension(grant.id, user.userId, { newEndDate: parsed.data.newEndDate!, reason: parsed.data.reason, expectedVersion: parsed.data.version });
  }
  if (result.kind === "saved") {
    deliverInBackground();
    return redirect(`/grants/${grant.id}/variations/${result.variationId}?done=${result.status === "approved" ? "approved" : "requested"}`);
  }
  if (result.kind === "invalid") return fail({ values, errors: result.errors }, 400);
  if (result.kind === "stale") return fail({ values, errors: {}, formError: `${changedSinceOpened("grant", result, user)}. Nothing has been saved: reload the page, check the end date, then ask again.` }, 409);
  return fail({ values, errors: {}, formError: result.message }, 409);
});

export default function NewVariation() {
  const { kind, grant, refusal, closed, rule, rules, lines, example } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const lineOption = (l: (typeof lines)[number]) => ({
    value: String(l.id),
    label: `${l.description} (${l.year}, ${l.type}): ${formatPence(l.currentPence)} now, ${formatPence(l.spentPence)} spent`,
  });
  const options = [{ value: "", label: "Choose a line" }, ...lines.map(lineOption)];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to={`/grants/${grant.id}`}>
          Back to the grant
        </Link>
        <ErrorSummary state={state} order={kind === "virement" ? VIREMENT_FIELD_ORDER : EXTENSION_FIELD_ORDER} />
        <span className="govuk-caption-l">
          {grant.cspName} · {grant.title}
        </span>
        <h1 className="govuk-heading-l">{kind === "virement" ? "Ask to move money between lines" : "Ask for more time"}</h1>
        {refusal || closed ? (
          <div className="govuk-inset-text" id="variation-refused">
            {refusal ?? closed}
          </div>
        ) : kind === "virement" ? (
          <>
            <p className="govuk-body">
              Money can move between lines of the same financial year. A line cannot be taken below what has already been spent on it, and the grant&apos;s total does not change.
            </p>
            <p className="govuk-body" id="virement-rule">
              {rule}
            </p>
            {lines.length < 2 ? (
              <p className="govuk-body">This grant has only one cost line, so there is nothing to move money between.</p>
            ) : (
              <PostForm noValidate>
                <FormStateProvider state={state}>
                  <Select name="fromCostLineId" label="Move money from" options={options} fullWidth />
                  <Select name="toCostLineId" label="Move money to" options={options} fullWidth />
                  <TextInput name="amount" label="Amount to move" prefix="£" width="10" inputMode="decimal" spellCheck={false} />
                  <Textarea name="reason" label="Why is the money moved?" hint="The OPCC reads this, and it is kept with the grant." rows={4} />
                </FormStateProvider>
                <div className="govuk-button-group">
                  <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
                    Ask to move the money
                  </button>
                  <Link className="govuk-link" to={`/grants/${grant.id}`}>
                    Cancel
                  </Link>
                </div>
              </PostForm>
            )}
          </>
        ) : (
          <>
            <dl className="govuk-summary-list">
              <SummaryRow label="Starts" value={formatDate(grant.startDate)} />
              <SummaryRow label="Ends" value={formatDate(grant.endDate)} />
            </dl>
            <p className="govuk-body" id="extension-rule">
              An OPCC officer approves or refuses every extension. The whole grant must stay within the fund&apos;s rules: at most {rules.maxDurationMonths} months
              {rules.maySpanYears ? "" : ", ending by 31 March of the financial year it started in"}. A longer grant needs a new PCC decision.
            </p>
            <PostForm noValidate>
              <input type="hidden" name="version" value={grant.version} />
              <FormStateProvider state={state}>
                <DateInput name="newEndDate" legend="New end date" hint={`After ${formatDate(grant.endDate)}. For example, ${example}`} />
                <Textarea name="reason" label="Why does the grant need more time?" hint="For example, what has been delayed and when it will now be done." rows={4} />
              </FormStateProvider>
              <div className="govuk-button-group">
                <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
                  Ask for more time
                </button>
                <Link className="govuk-link" to={`/grants/${grant.id}`}>
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
