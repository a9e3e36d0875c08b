import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "../auth/access.server";
import { ErrorSummary, FormStateProvider, Textarea, TextInput } from "../components/form-fields";
import { PostForm } from "../components/post-form";
import { SuccessBanner } from "../components/success-banner";
import { opccSettings, opccSettingsFingerprint, saveOpccSettings } from "../data/opcc-settings.server";
import { optionalText, requiredText } from "../forms/fields";
import { parseForm, readForm, type FormState } from "../forms/form-state";

/**
 * /settings/opcc: how the portal names the OPCC and its PCC (header, e-mails, decisions, PDFs),
 * the address and contact offer letters give, the public contact address, and the 360Giving
 * publisher. Decision record 032.
 */

export const handle = { title: "The OPCC" };

const email = z
  .string({ required_error: "Enter the OPCC's contact email address" })
  .trim()
  .min(1, "Enter the OPCC's contact email address")
  .max(200, "The contact email address must be 200 characters or fewer")
  .email("Enter the contact email address in the correct format, like opcc@example.org");

const schema = z.object({
  expected: z.string().max(100).default(""),
  name: requiredText("the OPCC's name as the header shows it"),
  officeName: requiredText("the office's full name"),
  pccTitle: requiredText("the PCC's title"),
  pccName: optionalText("the PCC's name", 200),
  offerAddress: optionalText("the address for offer letters", 1000),
  offerContact: optionalText("the contact for offer letters", 500),
  contactEmail: email,
  threesixtyPrefix: z
    .string()
    .trim()
    .default("")
    .pipe(z.string().min(1, "Enter the 360Giving prefix").regex(/^[A-Za-z0-9]{1,20}$/, "The 360Giving prefix must be letters and digits only, like lpcc, 20 at most")),
  threesixtyFunderId: z
    .string()
    .trim()
    .default("")
    .pipe(z.string().min(1, "Enter the funder's identifier").max(100, "The funder's identifier must be 100 characters or fewer").regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, "The funder's identifier must be letters, digits and hyphens, like GB-GOR-PC000036")),
  threesixtyFunderName: requiredText("the funder's name"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "settings:manage");
  const settings = opccSettings();
  return { settings, expected: opccSettingsFingerprint(settings) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "settings:manage");
  const parsed = parseForm(await readForm(request), schema);
  if (!parsed.ok) return data<FormState>(parsed.state, { status: 400 });
  const { expected, ...input } = parsed.data;
  const result = saveOpccSettings(user.userId, expected, input);
  if (result.kind === "stale") {
    return data<FormState>(
      { values: parsed.values, errors: {}, formError: "Someone changed these settings after you opened this page. Nothing has been saved: reload the page to see their changes, then make yours again." },
      { status: 409 },
    );
  }
  return redirect("/settings/opcc?done=saved");
}

export default function OpccSettingsPage() {
  const { settings, expected } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/settings">
          Back to settings
        </Link>
        {params.get("done") === "saved" && !state ? <SuccessBanner id="done-title">The OPCC&apos;s settings are saved.</SuccessBanner> : null}
        <ErrorSummary state={state} />
        <h1 className="govuk-heading-l">The OPCC</h1>
        <p className="govuk-body">How the portal names the OPCC and its Police and Crime Commissioner, and how people reach it. Every change is audited.</p>
        <PostForm noValidate>
          <input type="hidden" name="expected" value={expected} />
          <FormStateProvider state={state}>
            <h2 className="govuk-heading-m">Names</h2>
            <TextInput name="name" label="The OPCC's name, as the header of every page shows it" hint="For example, Leicestershire Police and Crime Commissioner" defaultValue={settings.name} />
            <TextInput name="officeName" label="The office's full name" hint="At the top of every PDF, for example Office of the Police and Crime Commissioner for Leicestershire" defaultValue={settings.officeName} />
            <TextInput name="pccTitle" label="The PCC's title" hint="For example, Police and Crime Commissioner for Leicestershire. Decision records and offer letters use it." defaultValue={settings.pccTitle} />
            <TextInput name="pccName" label="The PCC's name (optional)" hint="A new decision names the PCC as its decision maker, with the title" defaultValue={settings.pccName} />
            <h2 className="govuk-heading-m">Offer letters and contact</h2>
            <Textarea name="offerAddress" label="The address offer letters give (optional)" hint="One line for each line of the address" rows={4} defaultValue={settings.offerAddress} />
            <TextInput name="offerContact" label="Who partnerships contact about an offer (optional)" hint="For example, the grants team, 0116 000 0000" defaultValue={settings.offerContact} />
            <TextInput name="contactEmail" label="The OPCC's contact email address" hint="On the accessibility and privacy pages" type="email" autoComplete="email" spellCheck={false} defaultValue={settings.contactEmail} />
            <h2 className="govuk-heading-m">360Giving</h2>
            <TextInput name="threesixtyPrefix" label="360Giving prefix" hint="Registered with 360Giving: each grant's identifier starts 360G- and this prefix" width="10" spellCheck={false} defaultValue={settings.threesixtyPrefix} />
            <TextInput name="threesixtyFunderId" label="Funder's identifier" hint="The OPCC's organisation identifier in the published data" width="20" spellCheck={false} defaultValue={settings.threesixtyFunderId} />
            <TextInput name="threesixtyFunderName" label="Funder's name" hint="The publisher's name in the published data" defaultValue={settings.threesixtyFunderName} />
          </FormStateProvider>
          <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
            Save the settings
          </button>
        </PostForm>
      </div>
    </div>
  );
}
