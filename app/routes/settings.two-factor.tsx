import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "../auth/access.server";
import { ErrorSummary, FormStateProvider, Radios } from "../components/form-fields";
import { PostForm } from "../components/post-form";
import { SuccessBanner } from "../components/success-banner";
import { setTwoFactorRequired, twoFactorRequired } from "../data/two-factor.server";
import { parseForm, readForm, type FormState } from "../forms/form-state";

/**
 * /settings/two-factor: an administrator decides whether OPCC staff and administrators must use
 * two-factor sign-in (decision record 035). Those without it are then sent to set it up.
 */

export const handle = { title: "Two-factor sign-in for OPCC staff" };

const schema = z.object({
  expected: z.enum(["yes", "no"]),
  required: z.enum(["yes", "no"], { errorMap: () => ({ message: "Select whether OPCC staff must use two-factor sign-in" }) }),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "settings:manage");
  return { required: twoFactorRequired() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "settings:manage");
  const parsed = parseForm(await readForm(request), schema);
  if (!parsed.ok) return data<FormState>(parsed.state, { status: 400 });
  const result = setTwoFactorRequired(user.userId, parsed.data.required === "yes", parsed.data.expected === "yes");
  if (result.kind === "stale") return data<FormState>({ values: parsed.values, errors: {}, formError: "Someone changed this setting after you opened this page. Nothing has been saved: reload the page to see it." }, { status: 409 });
  return redirect("/settings/two-factor?done=1");
}

export default function TwoFactorRequirement() {
  const { required } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/settings">
          Back to settings
        </Link>
        <ErrorSummary state={state} />
        {params.get("done") === "1" && !state ? <SuccessBanner id="done-title">The setting is saved.</SuccessBanner> : null}
        <h1 className="govuk-heading-l">Two-factor sign-in for OPCC staff</h1>
        <p className="govuk-body">When it is required, OPCC staff and administrators without two-factor sign-in are asked to set it up when they next use the portal, and can do nothing else until they have. Partnerships&apos; users may set it up but are not required to.</p>
        <PostForm noValidate>
          <input type="hidden" name="expected" value={required ? "yes" : "no"} />
          <FormStateProvider state={state}>
            <Radios
              name="required"
              legend="Must OPCC staff and administrators use two-factor sign-in?"
              options={[
                { value: "yes", label: "Yes" },
                { value: "no", label: "No" },
              ]}
              defaultValue={required ? "yes" : "no"}
              inline
            />
          </FormStateProvider>
          <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
            Save
          </button>
        </PostForm>
      </div>
    </div>
  );
}
