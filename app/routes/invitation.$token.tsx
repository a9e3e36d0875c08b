import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireGenuineForm } from "../auth/access.server";
import { ErrorSummary, FormStateProvider } from "../components/form-fields";
import { PASSWORD_PAIR_ORDER, PasswordPair } from "../components/password-pair";
import { PostForm } from "../components/post-form";
import { SuccessBanner } from "../components/success-banner";
import { invitationGreeting } from "../data/people.server";
import { lookUpToken, setPasswordWithToken } from "../data/passwords.server";
import { tokenRefusal } from "../domain/user-tokens";
import { parseForm, readForm, type FormState } from "../forms/form-state";
import { z } from "zod";
import { MAX_PASSWORD_LENGTH } from "../domain/passwords";

/**
 * /invitation/:token: the link from an invitation e-mail (decision record 034), opened without
 * signing in. A good link greets the person by name and sets their first password; a link that is
 * unknown, used, replaced or past its 7 days says so and to ask the administrator for another. The
 * page is sent the greeting (their name and the OPCC's) and nothing else about the account.
 */

export const handle = { title: "Set your password" };

const typed = (missing: string) => z.string({ required_error: missing }).max(MAX_PASSWORD_LENGTH * 4, `Your password must be ${MAX_PASSWORD_LENGTH} characters or fewer`);

/** The two boxes, worded as the page labels them; the rules for the password itself are the data layer's. */
const invitationSchema = z
  .object({ password: typed("Enter a password"), confirm: typed("Enter the password again") })
  .superRefine((v, ctx) => {
    if (v.password === "") ctx.addIssue({ code: "custom", path: ["password"], message: "Enter a password" });
    else if (v.confirm !== v.password) ctx.addIssue({ code: "custom", path: ["confirm"], message: "The two passwords are not the same: type the password again" });
  });

const status = (standing: string) => (standing === "unknown" ? 404 : 410);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = lookUpToken(params.token ?? "", "invitation");
  // Straight after the password is set (the action redirects here): the link is used, and says so kindly.
  if (found.standing === "used" && new URL(request.url).searchParams.get("accepted") === "1") return { refusal: null, greeting: null, accepted: true };
  if (found.standing !== "valid") return data({ refusal: tokenRefusal("invitation", found.standing), greeting: null, accepted: false }, { status: status(found.standing) });
  return { refusal: null, greeting: invitationGreeting(found.userId!), accepted: false };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireGenuineForm(request);
  const token = params.token ?? "";
  const parsed = parseForm(await readForm(request), invitationSchema);
  // Passwords are never sent back to the page.
  if (!parsed.ok) return data<FormState>({ ...parsed.state, values: {} }, { status: 400 });
  const result = await setPasswordWithToken(token, "invitation", parsed.data.password);
  if (result.kind === "saved") return redirect(`/invitation/${encodeURIComponent(token)}?accepted=1`);
  if (result.kind === "invalid") return data<FormState>({ values: {}, errors: result.errors }, { status: 400 });
  return data<FormState>({ values: {}, errors: {}, formError: tokenRefusal("invitation", result.standing) }, { status: status(result.standing) });
}

export default function Invitation() {
  const { refusal, greeting, accepted } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  if (accepted) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <SuccessBanner id="banner-title">Your password is set.</SuccessBanner>
          <h1 className="govuk-heading-l">You can now sign in</h1>
          <p className="govuk-body">Sign in with the email address the invitation was sent to and the password you have just set.</p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/login">
              Sign in
            </Link>
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary state={state} order={PASSWORD_PAIR_ORDER} />
        <h1 className="govuk-heading-l">{refusal ? "This invitation cannot be used" : "Set your password"}</h1>
        {refusal || !greeting ? (
          <>
            <p className="govuk-body" id="link-refused">
              {refusal}
            </p>
            <p className="govuk-body">
              If you already set your password,{" "}
              <Link className="govuk-link" to="/login">
                sign in
              </Link>
              .
            </p>
          </>
        ) : (
          <>
            <p className="govuk-body" id="greeting">
              Dear {greeting.name}, {greeting.opcc} has invited you to its community safety funding portal. Choose the password you will sign in with.
            </p>
            <PostForm noValidate>
              <FormStateProvider state={state}>
                <PasswordPair label="Password" confirmLabel="Type the password again" />
              </FormStateProvider>
              <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
                Set the password
              </button>
            </PostForm>
          </>
        )}
      </div>
    </div>
  );
}
