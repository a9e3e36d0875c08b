import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useSearchParams } from "@remix-run/react";
import { PostForm } from "../components/post-form";
import { z } from "zod";
import { requireGenuineForm } from "../auth/access.server";
import { deviceCookieHeader, deviceIdOf } from "../auth/device.server";
import { checkSignIn, refusedMessage } from "../auth/sign-in.server";
import { currentUser, startSession } from "../auth/session.server";
import { pendingCookieHeader } from "../auth/two-factor-pending.server";
import { SuccessBanner } from "../components/success-banner";
import { ErrorSummary, FormStateProvider, TextInput } from "../components/form-fields";
import { safeRedirect } from "../domain/safe-redirect";
import { parseForm, type FormState, readForm } from "../forms/form-state";

export const handle = { title: "Sign in" };

const signInSchema = z.object({
  email: z.string().trim().min(1, "Enter your email address").max(254, "Enter an email address in the correct format, like name@example.org").email("Enter an email address in the correct format, like name@example.org"),
  password: z.string().min(1, "Enter your password").max(200, "Enter your password"),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  if (await currentUser(request)) {
    throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  }
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireGenuineForm(request);
  const parsed = parseForm(await readForm(request), signInSchema);
  if (!parsed.ok) {
    delete parsed.state.values.password;
    return data(parsed.state, { status: 400 });
  }
  const { email, password, redirectTo } = parsed.data;
  const result = await checkSignIn(email, password, context.clientAddress ?? "unknown", new Date(), await deviceIdOf(request));
  if (!result.ok) {
    const state: FormState = {
      values: { email, redirectTo: redirectTo ?? "" },
      errors: {},
      formError: result.reason === "locked" ? refusedMessage(result) : undefined,
    };
    if (result.reason === "invalid") state.errors.email = "Enter a correct email address and password";
    return data(state, { status: result.reason === "locked" ? 429 : 400 });
  }
  if (result.ok === "second-step") {
    // No session yet: the code is asked for first (decision record 035).
    throw redirect("/login/two-factor", { headers: { "Set-Cookie": await pendingCookieHeader({ userId: result.userId, redirectTo: safeRedirect(redirectTo) }) } });
  }
  const headers = new Headers();
  headers.append("Set-Cookie", await startSession(result.userId));
  // The device cookie, kept for another year, lets this browser's next sign-in be recognised (decision record 011).
  headers.append("Set-Cookie", await deviceCookieHeader(result.device));
  return redirect(safeRedirect(redirectTo), { headers });
}

export default function SignIn() {
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary state={state} />
        {params.get("signedOut") === "1" && !state ? (
          <SuccessBanner id="signed-out-title">You have been signed out.</SuccessBanner>
        ) : null}
        {params.get("reset") === "1" && !state ? (
          <SuccessBanner id="reset-title">Your password has been set. Sign in with it.</SuccessBanner>
        ) : null}
        <h1 className="govuk-heading-l">Sign in</h1>
        <p className="govuk-body">Sign in to bid for, review and manage community safety funding.</p>
        <PostForm noValidate>
          <FormStateProvider state={state}>
            <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? (typeof state?.values.redirectTo === "string" ? state.values.redirectTo : "")} />
            <TextInput name="email" label="Email address" type="email" autoComplete="email" spellCheck={false} />
            <TextInput name="password" label="Password" type="password" autoComplete="current-password" />
          </FormStateProvider>
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Sign in
          </button>
        </PostForm>
        <p className="govuk-body">
          <a className="govuk-link" href="/forgot-password">
            Forgot your password?
          </a>
        </p>
      </div>
    </div>
  );
}
