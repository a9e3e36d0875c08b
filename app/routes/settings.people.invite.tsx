import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/access.server";
import { ErrorSummary, FormStateProvider, TextInput } from "../components/form-fields";
import { PersonRoleFields } from "../components/person-role-fields";
import { PostForm } from "../components/post-form";
import { invitePerson } from "../data/people.server";
import { listCsps } from "../data/reference.server";
import { partnershipLabel } from "../domain/partnerships";
import { parseForm, readForm, type FormState } from "../forms/form-state";
import { INVITE_FIELD_ORDER, inviteSchema } from "../forms/people";

/**
 * /settings/people/invite: an administrator invites someone by email. They are e-mailed a link,
 * valid 7 days, to set their password; until then they are "Invited" and cannot sign in.
 */

export const handle = { title: "Invite someone" };

const choices = () => listCsps().map((p) => ({ value: String(p.id), label: partnershipLabel(p.name, p.retiredAt !== null) }));

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "settings:manage");
  return { partnerships: choices() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "settings:manage");
  const parsed = parseForm(await readForm(request), inviteSchema);
  if (!parsed.ok) return data<FormState>(parsed.state, { status: 400 });
  const result = invitePerson(user.userId, parsed.data);
  if (result.kind === "invalid") return data<FormState>({ values: parsed.values, errors: result.errors }, { status: 400 });
  return redirect(`/settings/people/${result.userId}?done=invited`);
}

export default function InvitePerson() {
  const { partnerships } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <>
      <Link className="govuk-back-link" to="/settings/people">
        Back to people
      </Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary state={state} order={INVITE_FIELD_ORDER} />
          <h1 className="govuk-heading-l">Invite someone</h1>
          <p className="govuk-body">They are sent an email with a link to set their password. The link works once, for 7 days.</p>
          <PostForm noValidate>
            <FormStateProvider state={state}>
              <TextInput name="name" label="Full name" autoComplete="off" spellCheck={false} />
              <TextInput name="email" label="Email address" type="email" autoComplete="off" spellCheck={false} />
              <PersonRoleFields partnerships={partnerships} />
            </FormStateProvider>
            <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
              Send the invitation
            </button>
          </PostForm>
        </div>
      </div>
    </>
  );
}
