import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "../auth/access.server";
import { ErrorSummary, FormStateProvider, Textarea } from "../components/form-fields";
import { PostForm } from "../components/post-form";
import { SuccessBanner } from "../components/success-banner";
import { privacyNotice, savePrivacyNotice } from "../data/public-pages.server";
import { parseForm, readForm, type FormState } from "../forms/form-state";

/**
 * /settings/privacy: an administrator writes the OPCC's own privacy notice for /privacy, in
 * paragraphs separated by a blank line. Left empty, the portal's default notice is shown.
 */

export const handle = { title: "Privacy notice" };

const schema = z.object({
  expected: z.string().max(20_000).default(""),
  notice: z.string().max(20_000, "The notice must be 20,000 characters or fewer").default("").transform((v) => v.trim()),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "settings:manage");
  return { notice: privacyNotice() ?? "" };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "settings:manage");
  const parsed = parseForm(await readForm(request), schema);
  if (!parsed.ok) return data<FormState>(parsed.state, { status: 400 });
  const result = savePrivacyNotice(user.userId, parsed.data.expected, parsed.data.notice);
  if (result.kind === "stale") return data<FormState>({ values: parsed.values, errors: {}, formError: "Someone changed the notice after you opened this page. Nothing has been saved: reload the page to see their version." }, { status: 409 });
  return redirect("/settings/privacy?done=1");
}

export default function PrivacySettings() {
  const { notice } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/settings">
          Back to settings
        </Link>
        <ErrorSummary state={state} />
        {params.get("done") === "1" && !state ? <SuccessBanner id="done-title">The privacy notice is saved.</SuccessBanner> : null}
        <h1 className="govuk-heading-l">Privacy notice</h1>
        <p className="govuk-body">
          What <Link className="govuk-link" to="/privacy">the privacy page</Link> says. Write the OPCC&apos;s own notice here, with a blank line between paragraphs; leave it empty to show the
          portal&apos;s default notice.
        </p>
        <PostForm noValidate>
          <input type="hidden" name="expected" value={notice} />
          <FormStateProvider state={state}>
            <Textarea name="notice" label="The OPCC's privacy notice" rows={16} defaultValue={notice} />
          </FormStateProvider>
          <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
            Save the notice
          </button>
        </PostForm>
      </div>
    </div>
  );
}
