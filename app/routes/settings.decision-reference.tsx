import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { PostForm } from "../components/post-form";
import { z } from "zod";
import { requireUser } from "../auth/access.server";
import { ErrorSummary, FormStateProvider, TextInput } from "../components/form-fields";
import { SuccessBanner } from "../components/success-banner";
import { referenceFormatSettings, setReferenceFormat } from "../data/settings.server";
import { DEFAULT_REFERENCE_FORMAT, formatDecisionReference, referenceFormatProblem } from "../domain/decision-reference";
import { parseForm, readForm, type FormState } from "../forms/form-state";

export const handle = { title: "Decision reference format" };

const schema = z.object({
  expected: z.string().max(200).default(""),
  format: z
    .string()
    .default("")
    .transform((v) => v.trim())
    .superRefine((v, ctx) => {
      const problem = referenceFormatProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "settings:manage");
  return referenceFormatSettings();
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "settings:manage");
  const parsed = parseForm(await readForm(request), schema);
  if (!parsed.ok) return data<FormState>(parsed.state, { status: 400 });
  const result = setReferenceFormat(user.userId, parsed.data.expected, parsed.data.format);
  if (result.kind === "stale") {
    return data<FormState>(
      { values: parsed.values, errors: {}, formError: `Someone changed the format to ${result.current} after you opened this page. Reload the page, then make your change again.` },
      { status: 409 },
    );
  }
  return redirect("/settings/decision-reference?done=saved");
}

export default function DecisionReference() {
  const page = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  const example = (format: string) => formatDecisionReference(format, page.financialYear, page.nextNumber);
  return (
    <>
      <Link className="govuk-back-link" to="/settings">
        Back to settings
      </Link>
      {params.get("done") === "saved" && !state ? <SuccessBanner id="banner-title">The decision reference format has been saved.</SuccessBanner> : null}
      <ErrorSummary state={state} />
      <h1 className="govuk-heading-l">Decision reference format</h1>
      <p className="govuk-body">
        Each PCC decision gets the next number in its financial year, with no gaps. The format says how the reference is written: <code>{"{year}"}</code> is the financial year
        (such as 2023-24), and <code>{"{seq}"}</code> the number, with <code>{"{seq:3}"}</code> padding it with zeros to 3 digits.
      </p>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Format now</dt>
          <dd className="govuk-summary-list__value">
            <code>{page.format}</code>
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Next reference in {page.financialYear}</dt>
          <dd className="govuk-summary-list__value">{example(page.format)}</dd>
        </div>
      </dl>
      <p className="govuk-body">A new format applies to decisions recorded from then on. References already given are never changed.</p>
      <PostForm noValidate key={page.format}>
        <input type="hidden" name="expected" value={page.format} />
        <FormStateProvider state={state}>
          <TextInput name="format" label="New format" labelClass="govuk-label--m" hint={`For example ${DEFAULT_REFERENCE_FORMAT} or OPCC-DEC-{year}-{seq:4}`} defaultValue={page.format} width="20" spellCheck={false} />
        </FormStateProvider>
        <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
          Save the format
        </button>
      </PostForm>
    </>
  );
}
