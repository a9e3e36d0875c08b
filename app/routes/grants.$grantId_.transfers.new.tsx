import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, refusingClosedYears, requireGrant } from "../auth/access.server";
import { ErrorSummary, FormStateProvider, Select, TextInput, Textarea } from "../components/form-fields";
import { PostForm } from "../components/post-form";
import { deliverInBackground } from "../data/notifications.server";
import { requestTransfer, transferFromLines, transferLimitText, transferTargets, unpaidPence } from "../data/transfers.server";
import { variationGrant, variationRefusal } from "../data/variations.server";
import { yearClosure } from "../data/year-lock.server";
import { formatPence } from "../domain/money";
import { parseForm, readForm, type FormState } from "../forms/form-state";
import { TRANSFER_FIELD_ORDER, transferSchema } from "../forms/variations";

/**
 * /grants/:grantId/transfers/new: the CSP lead asks to move money from a line of this grant to a
 * line of another of the partnership's grants, or to release it to the partnership's allocation
 * for a new project. The OPCC always decides, as a PCC decision (decision record 025).
 */

export const handle = { title: (d: { grant: { title: string } } | undefined) => `Ask to move money to another grant${d ? `: ${d.grant.title}` : ""}` };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { grant } = await requireGrant(request, params.grantId, "variation:request");
  const g = variationGrant(grant.id);
  if (!g) notFound();
  // Money leaves only a line of an open year with something unspent on it.
  const open = new Map<number, boolean>();
  const lines = transferFromLines(grant.id).filter((l) => {
    if (!open.has(l.financialYearId)) open.set(l.financialYearId, yearClosure(l.financialYearId) === null);
    return open.get(l.financialYearId) && l.currentPence > l.spentPence;
  });
  const unpaid = unpaidPence(grant.id);
  return {
    grant: { id: g.id, title: g.title, cspName: g.cspName },
    refusal: variationRefusal(g) ?? (lines.length === 0 ? "No line of this grant in an open financial year has money left unspent, so there is nothing to move." : unpaid === 0 ? "Everything under this grant has been paid, so nothing can move to another grant." : null),
    unpaid: transferLimitText(unpaid),
    lines: lines.map((l) => ({ id: l.id, label: `${l.description} (${l.financialYearLabel}, ${l.expenditureType}): ${formatPence(l.currentPence - l.spentPence)} unspent` })),
    targets: transferTargets(grant.id, g.cspId).map((t) => ({ id: t.id, label: `${t.grantTitle}: ${t.description} (${t.financialYearLabel}, ${t.expenditureType}), up to ${formatPence(t.askedPence - t.approvedPence)} more` })),
  };
}

export const action = refusingClosedYears(async ({ request, params }: ActionFunctionArgs) => {
  const { user, grant } = await requireGrant(request, params.grantId, "variation:request");
  const parsed = parseForm(await readForm(request), transferSchema);
  if (!parsed.ok) return data<FormState>(parsed.state, { status: 400 });
  const { fromCostLineId, to, amount, reason } = parsed.data;
  const result = requestTransfer(grant.id, user.userId, { fromCostLineId, toCostLineId: to, amountPence: amount, reason });
  if (result.kind === "saved") {
    deliverInBackground();
    return redirect(`/grants/${grant.id}/variations/${result.variationId}?done=requested`);
  }
  if (result.kind === "invalid") return data<FormState>({ values: parsed.values, errors: result.errors }, { status: 400 });
  return data<FormState>({ values: parsed.values, errors: {}, formError: result.kind === "refused" ? result.message : "This grant changed while you were asking: reload the page and try again." }, { status: 409 });
});

export default function NewTransfer() {
  const { grant, refusal, unpaid, lines, targets } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to={`/grants/${grant.id}#variations`}>
          Back to the grant
        </Link>
        <ErrorSummary state={state} order={TRANSFER_FIELD_ORDER} />
        <span className="govuk-caption-l">
          {grant.cspName} · {grant.title}
        </span>
        <h1 className="govuk-heading-l">Ask to move money to another grant</h1>
        {refusal ? (
          <div className="govuk-inset-text" id="transfer-refused">
            {refusal}
          </div>
        ) : (
          <>
            <p className="govuk-body">
              Moving money to another of the partnership&apos;s grants, or releasing it for a new project, changes what each grant is for. The Police and Crime Commissioner decides it, and each grant&apos;s decision is corrected with a new reference.
            </p>
            <p className="govuk-body" id="transfer-limit">
              {unpaid} A grant can receive no more on a line than its bid asked for; for something new, release the money and bid for the new project against the partnership&apos;s allocation.
            </p>
            <PostForm noValidate>
              <FormStateProvider state={state}>
                <Select name="fromCostLineId" label="Move money from" options={[{ value: "", label: "Choose a line" }, ...lines.map((l) => ({ value: String(l.id), label: l.label }))]} fullWidth />
                <Select
                  name="to"
                  label="Move it to"
                  hint={targets.length ? undefined : "None of the partnership's other grants has a line that can take more, so the money can only be released for a new project."}
                  options={[{ value: "", label: "Choose where the money goes" }, ...targets.map((t) => ({ value: String(t.id), label: t.label })), { value: "new-project", label: "Release it to the partnership's allocation for a new project" }]}
                  fullWidth
                />
                <TextInput name="amount" label="Amount to move" prefix="£" width="10" inputMode="decimal" spellCheck={false} />
                <Textarea name="reason" label="Why is the money moved?" hint="The OPCC and the PCC read this, and it is kept with both grants." rows={4} />
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
          </>
        )}
      </div>
    </div>
  );
}
