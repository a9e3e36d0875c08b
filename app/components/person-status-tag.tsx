/** A person's standing: deactivated, invited (no password set yet) or active. */
export function PersonStatusTag({ active, invited }: { active: boolean; invited: boolean }) {
  if (!active) return <strong className="govuk-tag govuk-tag--grey">Deactivated</strong>;
  if (invited) return <strong className="govuk-tag govuk-tag--blue">Invited</strong>;
  return <strong className="govuk-tag govuk-tag--green">Active</strong>;
}
