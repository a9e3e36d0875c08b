import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/access.server";
import { currentSession } from "../auth/session.server";
import { ErrorSummary, FormStateProvider, TextInput } from "../components/form-fields";
import { PostForm } from "../components/post-form";
import { SuccessBanner } from "../components/success-banner";
import { deliverInBackground } from "../data/notifications.server";
import { changePassword } from "../data/passwords.server";
import { MIN_PASSWORD_LENGTH } from "../domain/passwords";
import { parseForm, readForm, type FormState } from "../forms/form-state";
import { changeSchema } from "../forms/passwords";

/**
 * /account/password: a signed-in user changes their password, with their current one. Their other
 * sessions (other browsers, a forgotten one at work) end; this one stays signed in.
 */

export const handle = { title: "Change your password" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return { done: new URL(request.url).searchParams.get("done") === "1" };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const session = (await currentSession(request))!;
  const parsed = parseForm(await readForm(request), changeSchema);
  if (!parsed.ok) return data<FormState>({ ...parsed.state, values: {} }, { status: 400 });
  const result = await changePassword(user.userId, session.key, parsed.data.currentPassword, parsed.data.newPassword);
  if (result.kind === "invalid") return data<FormState>({ values: {}, errors: result.errors }, { status: 400 });
  deliverInBackground();
  return redirect("/account/password?done=1");
}

export default function ChangePassword() {
  const { done } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/">
          Back to your dashboard
        </Link>
        <ErrorSummary state={state} order={["currentPassword", "newPassword", "confirm"]} />
        {done && !state ? <SuccessBanner id="done-title">Your password has been changed. You have been signed out everywhere else.</SuccessBanner> : null}
        <h1 className="govuk-heading-l">Change your password</h1>
        <PostForm noValidate>
          <FormStateProvider state={state}>
            <TextInput name="currentPassword" label="Current password" type="password" autoComplete="current-password" />
            <TextInput
              name="newPassword"
              label="New password"
              hint={`At least ${MIN_PASSWORD_LENGTH} characters. Three random words together make a strong password that is easy to remember.`}
              type="password"
              autoComplete="new-password"
            />
            <TextInput name="confirm" label="Type the new password again" type="password" autoComplete="new-password" />
          </FormStateProvider>
          <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
            Change the password
          </button>
        </PostForm>
        <h2 className="govuk-heading-m">Two-factor sign-in</h2>
        <p className="govuk-body">
          <Link className="govuk-link" to="/account/two-factor">
            Set up or change two-factor sign-in
          </Link>{" "}
          with an authenticator app, so that a password alone cannot open your account.
        </p>
      </div>
    </div>
  );
}
