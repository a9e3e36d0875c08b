import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireGenuineForm } from "../auth/access.server";
import { ErrorSummary, FormStateProvider } from "../components/form-fields";
import { PASSWORD_PAIR_ORDER, PasswordPair } from "../components/password-pair";
import { PostForm } from "../components/post-form";
import { lookUpToken, setPasswordWithToken } from "../data/passwords.server";
import { tokenRefusal } from "../domain/user-tokens";
import { parseForm, readForm, type FormState } from "../forms/form-state";
import { resetSchema } from "../forms/passwords";

/**
 * /reset-password/:token: the link from a reset e-mail. A link that is unknown, used, replaced or
 * past its hour says so and what to do; a good one sets a new password, which ends every session
 * of the account, and goes to sign in.
 */

export const handle = { title: "Set a new password" };

export async function loader({ params }: LoaderFunctionArgs) {
  const found = lookUpToken(params.token ?? "", "password_reset");
  // Nothing about the account is sent to the page: a valid link shows only the form.
  if (found.standing !== "valid") return data({ refusal: tokenRefusal("password_reset", found.standing) }, { status: found.standing === "unknown" ? 404 : 410 });
  return { refusal: null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireGenuineForm(request);
  const parsed = parseForm(await readForm(request), resetSchema);
  // Passwords are never sent back to the page.
  const blank = (state: FormState): FormState => ({ ...state, values: {} });
  if (!parsed.ok) return data(blank(parsed.state), { status: 400 });
  const result = await setPasswordWithToken(params.token ?? "", "password_reset", parsed.data.password);
  if (result.kind === "saved") return redirect("/login?reset=1");
  if (result.kind === "invalid") return data<FormState>({ values: {}, errors: result.errors }, { status: 400 });
  return data<FormState>({ values: {}, errors: {}, formError: tokenRefusal("password_reset", result.standing) }, { status: result.standing === "unknown" ? 404 : 410 });
}

export default function ResetPassword() {
  const { refusal } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary state={state} order={PASSWORD_PAIR_ORDER} />
        <h1 className="govuk-heading-l">{refusal ? "This link cannot be used" : "Set a new password"}</h1>
        {refusal ? (
          <>
            <p className="govuk-body" id="link-refused">
              {refusal}
            </p>
            <p className="govuk-body">
              <Link className="govuk-link" to="/forgot-password">
                Ask for a new link
              </Link>
            </p>
          </>
        ) : (
          <PostForm noValidate>
            <FormStateProvider state={state}>
              <PasswordPair label="New password" confirmLabel="Type the new password again" />
            </FormStateProvider>
            <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
              Set the password
            </button>
          </PostForm>
        )}
      </div>
    </div>
  );
}
