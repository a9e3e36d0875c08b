import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireGenuineForm } from "../auth/access.server";
import { ErrorSummary, FormStateProvider, TextInput } from "../components/form-fields";
import { PostForm } from "../components/post-form";
import { SuccessBanner } from "../components/success-banner";
import { deliverInBackground } from "../data/notifications.server";
import { requestPasswordReset } from "../data/passwords.server";
import { parseForm, readForm, type FormState } from "../forms/form-state";
import { forgotSchema } from "../forms/passwords";

/**
 * /forgot-password: asks for an e-mail address and sends a reset link valid for an hour. The
 * answer is the same whether or not the address has an account, so the page tells no one who uses
 * the portal (decision record 031).
 */

export const handle = { title: "Reset your password" };

export async function loader({ request }: LoaderFunctionArgs) {
  return { sent: new URL(request.url).searchParams.get("sent") === "1" };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireGenuineForm(request);
  const parsed = parseForm(await readForm(request), forgotSchema);
  if (!parsed.ok) return data<FormState>(parsed.state, { status: 400 });
  requestPasswordReset(parsed.data.email);
  deliverInBackground();
  return redirect("/forgot-password?sent=1");
}

export default function ForgotPassword() {
  const { sent } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary state={state} />
        {sent && !state ? (
          <SuccessBanner id="sent-title">If that address has an account, we have sent it an e-mail with a link to reset the password. The link works once, for an hour.</SuccessBanner>
        ) : null}
        <h1 className="govuk-heading-l">Reset your password</h1>
        <p className="govuk-body">Enter the email address you sign in with. We will send you a link to set a new password.</p>
        <PostForm noValidate>
          <FormStateProvider state={state}>
            <TextInput name="email" label="Email address" type="email" autoComplete="email" spellCheck={false} />
          </FormStateProvider>
          <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
            Send the link
          </button>
        </PostForm>
        <p className="govuk-body">
          <Link className="govuk-link" to="/login">
            Back to sign in
          </Link>
        </p>
      </div>
    </div>
  );
}
