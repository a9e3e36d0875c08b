import { TextInput } from "./form-fields";

/** The fields of a partnership (new and edit pages); the page wraps them in its FormStateProvider. */
export function PartnershipFields({ values }: { values?: { name: string; code: string; accountableCouncil: string; councilGssCode: string | null; councilOrgId: string | null; contactEmail: string | null } }) {
  return (
    <>
      <TextInput name="name" label="Partnership's name" hint="For example, Safer Melton Partnership" defaultValue={values?.name} />
      <TextInput
        name="code"
        label="Code"
        hint={values ? "Used in the published grants' web addresses: changing it breaks links people have kept" : "Lower-case words joined by hyphens, like melton. Leave it empty to make one from the name."}
        width="20"
        spellCheck={false}
        defaultValue={values?.code}
      />
      <TextInput name="accountableCouncil" label="Accountable council" hint="The council that receives and spends the money, for example Melton Borough Council" defaultValue={values?.accountableCouncil} />
      <TextInput name="councilGssCode" label="Council's ONS code (optional)" hint="9 characters, for example E07000133. The published grants need it." width="10" spellCheck={false} defaultValue={values?.councilGssCode ?? ""} />
      <TextInput name="councilOrgId" label="Council's organisation identifier (optional)" hint="From org-id.guide, for example GB-LAE-MEL. The published grants need it." width="10" spellCheck={false} defaultValue={values?.councilOrgId ?? ""} />
      <TextInput
        name="contactEmail"
        label="Partnership's contact email address (optional)"
        hint="The community safety team's inbox: it gets the e-mails the partnership's leads get"
        type="email"
        autoComplete="off"
        spellCheck={false}
        defaultValue={values?.contactEmail ?? ""}
      />
    </>
  );
}
