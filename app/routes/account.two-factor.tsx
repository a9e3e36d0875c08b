import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import qrcode from "qrcode-generator";
import { generateURI } from "otplib";
import { z } from "zod";
import { requireUser } from "../auth/access.server";
import { ErrorSummary, FormStateProvider, TextInput } from "../components/form-fields";
import { PostForm } from "../components/post-form";
import { SuccessBanner } from "../components/success-banner";
import { beginTwoFactor, confirmTwoFactor, renewRecoveryCodes, turnOffTwoFactor, twoFactorStatus } from "../data/two-factor.server";
import { formatRecoveryCode } from "../domain/two-factor";
import { parseForm, readForm, type FormState } from "../forms/form-state";

/**
 * /account/two-factor: any signed-in user sets up two-factor sign-in with an authenticator app
 * (decision record 035), makes new recovery codes, or turns it off unless the OPCC requires it.
 * The secret being set up is shown only to its own user, as a QR code drawn as SVG paths and as
 * text; recovery codes are shown once, in the answer to the post that made them.
 */

export const handle = { title: "Two-factor sign-in" };

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("begin") }),
  z.object({ intent: z.enum(["confirm", "renew", "off"]), code: z.string().trim().min(1, "Enter the 6-digit code from your authenticator app").max(20, "Enter the 6-digit code from your authenticator app") }),
]);

/** The QR code's dark modules as one SVG path (no inline styles: the CSP forbids them). */
function qrPath(text: string): { size: number; d: string } {
  const qr = qrcode(0, "M");
  qr.addData(text);
  qr.make();
  const n = qr.getModuleCount();
  let d = "";
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) d += `M${c + 4} ${r + 4}h1v1h-1z`;
  return { size: n + 8, d };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, undefined, { settingUpTwoFactor: true });
  const status = twoFactorStatus(user);
  const setUp = status.pendingSecret
    ? { secret: status.pendingSecret.match(/.{1,4}/g)?.join(" ") ?? status.pendingSecret, qr: qrPath(generateURI({ issuer: "OPCC funding portal", label: user.email, secret: status.pendingSecret })) }
    : null;
  return { enabled: status.enabled, required: status.required, recoveryCodesLeft: status.recoveryCodesLeft, setUp };
}

const wrong = (message: string) => data<ActionData>({ values: {}, errors: { code: message } }, { status: 400 });
type ActionData = FormState & { codes?: string[] };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, undefined, { settingUpTwoFactor: true });
  const parsed = parseForm(await readForm(request), schema);
  if (!parsed.ok) return data<ActionData>({ ...parsed.state, values: {} }, { status: 400 });
  const form = parsed.data;
  if (form.intent === "begin") {
    beginTwoFactor(user.userId);
    return redirect("/account/two-factor");
  }
  if (form.intent === "confirm") {
    const result = confirmTwoFactor(user.userId, form.code);
    if (result.kind === "not-started") return redirect("/account/two-factor");
    if (result.kind === "wrong") return wrong("The code is not right. Enter the code your app shows now");
    return data<ActionData>({ values: {}, errors: {}, codes: result.codes.map(formatRecoveryCode) });
  }
  if (form.intent === "renew") {
    const result = renewRecoveryCodes(user.userId, form.code);
    if (result.kind === "wrong") return wrong("The code is not right. Enter the code your app shows now");
    return data<ActionData>({ values: {}, errors: {}, codes: result.codes.map(formatRecoveryCode) });
  }
  const off = turnOffTwoFactor(user, form.code);
  if (off === "required") return data<ActionData>({ values: {}, errors: {}, formError: "The OPCC requires two-factor sign-in for your role, so it cannot be turned off." }, { status: 409 });
  if (off === "wrong") return wrong("The code is not right. Enter the code your app shows now");
  return redirect("/account/two-factor?off=1");
}

function CodeForm({ intent, button, state, secondary }: { intent: string; button: string; state: ActionData | undefined; secondary?: boolean }) {
  return (
    <PostForm noValidate>
      <input type="hidden" name="intent" value={intent} />
      <FormStateProvider state={state}>
        <TextInput name="code" label="Code from your authenticator app" hint="For example, 123456" autoComplete="one-time-code" inputMode="numeric" spellCheck={false} width="10" />
      </FormStateProvider>
      <button type="submit" className={secondary ? "govuk-button govuk-button--secondary" : "govuk-button"} data-module="govuk-button">
        {button}
      </button>
    </PostForm>
  );
}

export default function TwoFactorSettings() {
  const { enabled, required, recoveryCodesLeft, setUp } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  const codes = state && "codes" in state ? state.codes : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary state={state} />
        {params.get("off") === "1" && !state ? <SuccessBanner id="off-title">Two-factor sign-in is off.</SuccessBanner> : null}
        <h1 className="govuk-heading-l">Two-factor sign-in</h1>
        {codes ? (
          <>
            <div className="govuk-panel govuk-panel--confirmation">
              <h2 className="govuk-panel__title">Two-factor sign-in is on</h2>
            </div>
            <h2 className="govuk-heading-m">Your recovery codes</h2>
            <p className="govuk-body">If you lose your phone, sign in with one of these instead of a code. Each works once. Keep them somewhere safe: they will not be shown again.</p>
            <ul className="govuk-list govuk-list--bullet" id="recovery-codes">
              {codes.map((code) => (
                <li key={code}>
                  <code>{code}</code>
                </li>
              ))}
            </ul>
            <p className="govuk-body">
              <a className="govuk-link" href="/">
                Continue to the portal
              </a>
            </p>
          </>
        ) : enabled ? (
          <>
            <p className="govuk-body">Two-factor sign-in is on: you sign in with your password and a code from your authenticator app. You have {recoveryCodesLeft} unused recovery {recoveryCodesLeft === 1 ? "code" : "codes"}.</p>
            <h2 className="govuk-heading-m">Make new recovery codes</h2>
            <p className="govuk-body">Your old recovery codes will stop working.</p>
            <CodeForm intent="renew" button="Make new recovery codes" state={state} secondary />
            <h2 className="govuk-heading-m">Turn off two-factor sign-in</h2>
            {required ? <p className="govuk-body">The OPCC requires two-factor sign-in for your role, so it cannot be turned off.</p> : <CodeForm intent="off" button="Turn off two-factor sign-in" state={state} secondary />}
          </>
        ) : setUp ? (
          <>
            {required ? <p className="govuk-body">The OPCC requires two-factor sign-in for your role. Set it up to use the portal.</p> : null}
            <h2 className="govuk-heading-m">1. Add the portal to your authenticator app</h2>
            <p className="govuk-body">Scan this QR code with an authenticator app on your phone.</p>
            <svg className="app-qr-code" viewBox={`0 0 ${setUp.qr.size} ${setUp.qr.size}`} width="200" height="200" role="img" aria-labelledby="qr-title" shapeRendering="crispEdges">
              <title id="qr-title">QR code for setting up your authenticator app</title>
              <rect width={setUp.qr.size} height={setUp.qr.size} fill="#ffffff" />
              <path d={setUp.qr.d} fill="#0b0c0c" />
            </svg>
            <p className="govuk-body">If you cannot scan it, enter this key in the app instead:</p>
            <p className="govuk-body govuk-!-font-weight-bold" id="setup-key">
              <code>{setUp.secret}</code>
            </p>
            <h2 className="govuk-heading-m">2. Enter the code the app shows</h2>
            <CodeForm intent="confirm" button="Turn on two-factor sign-in" state={state} />
          </>
        ) : (
          <>
            {required ? <p className="govuk-body">The OPCC requires two-factor sign-in for your role. Set it up to use the portal.</p> : null}
            <p className="govuk-body">With two-factor sign-in, you sign in with your password and a 6-digit code from an authenticator app on your phone, so someone who learns your password still cannot sign in as you.</p>
            <PostForm noValidate>
              <input type="hidden" name="intent" value="begin" />
              <button type="submit" className="govuk-button" data-module="govuk-button">
                Set up two-factor sign-in
              </button>
            </PostForm>
          </>
        )}
      </div>
    </div>
  );
}
