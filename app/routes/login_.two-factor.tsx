import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { z } from "zod";
import { requireGenuineForm } from "../auth/access.server";
import { deviceCookieHeader, deviceIdOf } from "../auth/device.server";
import { startSession } from "../auth/session.server";
import { checkSecondStep, refusedMessage } from "../auth/sign-in.server";
import { clearPendingCookieHeader, pendingSignIn } from "../auth/two-factor-pending.server";
import { ErrorSummary, FormStateProvider, TextInput } from "../components/form-fields";
import { PostForm } from "../components/post-form";
import { pendingUser } from "../data/two-factor.server";
import { safeRedirect } from "../domain/safe-redirect";
import { parseForm, readForm, type FormState } from "../forms/form-state";

/**
 * /login/two-factor: the second step of signing in (decision record 035), for someone whose
 * password was right, named by the short-lived pending cookie. No session exists until the code
 * (or a recovery code) is right; wrong codes count under the sign-in throttle.
 */

export const handle = { title: "Enter your security code" };

const schema = z.object({ code: z.string().trim().min(1, "Enter the 6-digit code from your authenticator app, or a recovery code").max(40, "Enter the 6-digit code from your authenticator app, or a recovery code") });

export async function loader({ request }: LoaderFunctionArgs) {
  const pending = await pendingSignIn(request);
  if (!pending || !pendingUser(pending.userId)) throw redirect("/login", { headers: { "Set-Cookie": await clearPendingCookieHeader() } });
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireGenuineForm(request);
  const pending = await pendingSignIn(request);
  const user = pending ? pendingUser(pending.userId) : null;
  if (!pending || !user) throw redirect("/login", { headers: { "Set-Cookie": await clearPendingCookieHeader() } });
  const parsed = parseForm(await readForm(request), schema);
  if (!parsed.ok) return data<FormState>({ ...parsed.state, values: {} }, { status: 400 });
  const result = checkSecondStep(user, parsed.data.code, context.clientAddress ?? "unknown", new Date(), await deviceIdOf(request));
  if (!result.ok) {
    if (result.reason === "locked") return data<FormState>({ values: {}, errors: {}, formError: refusedMessage(result) }, { status: 429 });
    return data<FormState>({ values: {}, errors: { code: "The code is not right. Enter the code your app shows now, or an unused recovery code" } }, { status: 400 });
  }
  const headers = new Headers();
  headers.append("Set-Cookie", await startSession(result.userId));
  headers.append("Set-Cookie", await deviceCookieHeader(result.device));
  headers.append("Set-Cookie", await clearPendingCookieHeader());
  return redirect(safeRedirect(pending.redirectTo), { headers });
}

export default function TwoFactorSignIn() {
  const state = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary state={state} />
        <h1 className="govuk-heading-l">Enter your security code</h1>
        <p className="govuk-body">Open your authenticator app and enter the 6-digit code it shows for the portal. If you do not have your app, enter one of your recovery codes: each works once.</p>
        <PostForm noValidate>
          <FormStateProvider state={state}>
            <TextInput name="code" label="Security code" hint="For example, 123456" autoComplete="one-time-code" spellCheck={false} width="10" />
          </FormStateProvider>
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Continue
          </button>
        </PostForm>
        <p className="govuk-body">
          <a className="govuk-link" href="/login">
            Start signing in again
          </a>
        </p>
      </div>
    </div>
  );
}
