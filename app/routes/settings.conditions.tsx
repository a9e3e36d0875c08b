import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { PostForm } from "../components/post-form";
import { z } from "zod";
import { requireUser } from "../auth/access.server";
import { ErrorSummary, FormStateProvider, Radios, Textarea } from "../components/form-fields";
import { SuccessBanner } from "../components/success-banner";
import { SecondaryLine } from "../components/secondary-line";
import { TableRegion } from "../components/table-region";
import { listStandardConditions } from "../data/decisions.server";
import { addStandardCondition, setConditionRetired } from "../data/settings.server";
import { parseForm, readForm, type FormState } from "../forms/form-state";
import { requiredText } from "../forms/fields";
import { lookup } from "../domain/lookup";

export const handle = { title: "Standard conditions" };

const addSchema = z.object({
  intent: z.literal("add"),
  text: requiredText("the words of the condition", 2000),
  aboutRepayment: z.enum(["yes", "no"], { errorMap: () => ({ message: "Say whether the condition is about repayment" }) }),
});
const retireSchema = z.object({ intent: z.enum(["retire", "restore"]), id: z.string().regex(/^\d{1,10}$/).transform(Number) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "settings:manage");
  return { conditions: listStandardConditions({ includeRetired: true }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "settings:manage");
  const form = await readForm(request);
  if (form.get("intent") === "retire" || form.get("intent") === "restore") {
    const parsed = parseForm(form, retireSchema);
    if (!parsed.ok) return data<FormState>({ values: {}, errors: {}, formError: "Reload the page and try again." }, { status: 400 });
    const result = setConditionRetired(user.userId, parsed.data.id, parsed.data.intent === "retire");
    if (result.kind === "refused") return data<FormState>({ values: {}, errors: {}, formError: result.message }, { status: 404 });
    return redirect(`/settings/conditions?done=${parsed.data.intent === "retire" ? "retired" : "restored"}`);
  }
  const parsed = parseForm(form, addSchema);
  if (!parsed.ok) return data<FormState>(parsed.state, { status: 400 });
  const result = addStandardCondition(user.userId, { text: parsed.data.text, aboutRepayment: parsed.data.aboutRepayment === "yes" });
  if (result.kind === "refused") return data<FormState>({ values: parsed.values, errors: { text: result.message } }, { status: 400 });
  return redirect("/settings/conditions?done=added");
}

const BANNERS: Record<string, string> = {
  added: "The condition has been added. It is offered on decisions from now on.",
  retired: "The condition has been retired. It is no longer offered on decisions.",
  restored: "The condition is offered on decisions again.",
};

/** The standard conditions a PCC decision may attach: add one, retire one, or bring one back. */
export default function StandardConditions() {
  const { conditions } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  const banner = lookup(BANNERS, params.get("done"));
  // A refused retire or restore carries nothing typed: the add form then starts empty.
  const typed = state && Object.keys(state.values).length ? state : undefined;
  return (
    <>
      <Link className="govuk-back-link" to="/settings">
        Back to settings
      </Link>
      {banner && !state ? <SuccessBanner id="banner-title">{banner}</SuccessBanner> : null}
      <ErrorSummary state={state} />
      <h1 className="govuk-heading-l">Standard conditions</h1>
      <p className="govuk-body">
        The conditions a PCC decision can attach with a tick. A decision keeps the words it was given, so retiring or adding a condition never changes a decision already made.
      </p>
      <TableRegion label="Conditions">
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">Conditions, in the order decisions list them</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Condition</th>
            <th scope="col" className="govuk-table__header">Offered</th>
            <th scope="col" className="govuk-table__header">
              <span className="govuk-visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {conditions.map((c, i) => (
            <tr key={c.id} className="govuk-table__row">
              <td className="govuk-table__cell">
                {c.text}
                {c.aboutRepayment ? <SecondaryLine>About repayment</SecondaryLine> : null}
              </td>
              <td className="govuk-table__cell">{c.retiredAt ? <strong className="govuk-tag govuk-tag--grey">Retired</strong> : "Yes"}</td>
              <td className="govuk-table__cell">
                <PostForm>
                  <input type="hidden" name="id" value={c.id} />
                  <button type="submit" name="intent" value={c.retiredAt ? "restore" : "retire"} className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                    {c.retiredAt ? "Offer again" : "Retire"}
                    <span className="govuk-visually-hidden"> condition {i + 1}</span>
                  </button>
                </PostForm>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableRegion>
      <h2 className="govuk-heading-m">Add a condition</h2>
      <PostForm noValidate key={conditions.length}>
        <input type="hidden" name="intent" value="add" />
        <FormStateProvider state={typed}>
          <Textarea name="text" label="The condition, as a decision will word it" rows={3} />
          <Radios
            name="aboutRepayment"
            legend="Is it a condition about repayment?"
            hint="Section 9 of the Police Reform and Social Responsibility Act 2011 allows conditions as to repayment. Offer letters mark them."
            inline
            defaultValue="no"
            options={[
              { value: "yes", label: "Yes" },
              { value: "no", label: "No" },
            ]}
          />
        </FormStateProvider>
        <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
          Add the condition
        </button>
      </PostForm>
    </>
  );
}
