import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { requireUser } from "../auth/access.server";
import { ErrorSummary, FormStateProvider } from "../components/form-fields";
import { PartnershipFields } from "../components/partnership-fields";
import { PostForm } from "../components/post-form";
import { createPartnership } from "../data/partnerships.server";
import { parseForm, readForm, type FormState } from "../forms/form-state";
import { PARTNERSHIP_FIELD_ORDER, partnershipSchema } from "../forms/partnership";

/** /settings/partnerships/new: adds a Community Safety Partnership. */

export const handle = { title: "Add a partnership" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "settings:manage");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "settings:manage");
  const parsed = parseForm(await readForm(request), partnershipSchema);
  if (!parsed.ok) return data<FormState>(parsed.state, { status: 400 });
  const result = createPartnership(user.userId, parsed.data);
  if (result.kind === "refused") return data<FormState>({ values: parsed.values, errors: { [result.field ?? "name"]: result.message } }, { status: 400 });
  if (result.kind !== "saved") return data<FormState>({ values: parsed.values, errors: {}, formError: "The partnership could not be added: try again." }, { status: 409 });
  return redirect(`/settings/partnerships/${result.id}?done=added`);
}

export default function NewPartnership() {
  const state = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/settings/partnerships">
          Back to partnerships
        </Link>
        <ErrorSummary state={state} order={PARTNERSHIP_FIELD_ORDER} />
        <h1 className="govuk-heading-l">Add a partnership</h1>
        <p className="govuk-body">Its own priorities, and the people who bid for it, are added once it exists.</p>
        <PostForm noValidate>
          <FormStateProvider state={state}>
            <PartnershipFields />
          </FormStateProvider>
          <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
            Add the partnership
          </button>
        </PostForm>
      </div>
    </div>
  );
}
