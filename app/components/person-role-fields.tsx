import { Radios, Select } from "./form-fields";
import { ROLE_CHOICES } from "../domain/people-rules";

/**
 * The role radios and the partnership box, on the invitation form and a person's page. The box is
 * always shown, so the form works without JavaScript; it is only read for a CSP role.
 */
export function PersonRoleFields({ partnerships, role, partnershipId, legend = "Role" }: { partnerships: { value: string; label: string }[]; role?: string; partnershipId?: string; legend?: string }) {
  return (
    <>
      <Radios name="role" legend={legend} legendClass="govuk-fieldset__legend--m" defaultValue={role} options={ROLE_CHOICES.map((c) => ({ value: c.value, label: c.label }))} />
      <Select
        name="partnershipId"
        label="Partnership"
        hint="Only for a CSP lead or council finance: the partnership they work for. Leave it for an OPCC role."
        defaultValue={partnershipId ?? ""}
        options={[{ value: "", label: "Choose a partnership" }, ...partnerships]}
      />
    </>
  );
}
