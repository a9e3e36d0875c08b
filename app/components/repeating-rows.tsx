import type { FormState } from "../forms/form-state";

/**
 * Repeating rows in a form that works without JavaScript: the saved rows (or, after a refusal,
 * the submitted ones) plus one blank row to add another; each saved row has a Remove box.
 */

/**
 * How many rows a repeating section shows: what was submitted (after a refusal) or saved, plus one
 * blank row to add another.
 */
export function rowCount(state: FormState | undefined, prefix: string, saved: number) {
  if (!state) return saved + 1;
  let max = -1;
  for (const key of Object.keys(state.values)) {
    const m = new RegExp(`^${prefix}\\.(\\d+)\\.`).exec(key);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return Math.min(max + 1, 200);
}

export function RowHeading({ label, index, saved, name }: { label: string; index: number; saved: boolean; name: string }) {
  return (
    <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
      {saved ? `${label} ${index + 1}` : `New ${label.toLowerCase()}`}
      {/* A saved row's legend already says which it is; a new row's says where it will go. */}
      {saved ? null : <span className="govuk-visually-hidden"> ({name})</span>}
    </legend>
  );
}

/** A saved row's Remove box; after a refusal it stays ticked if it was. */
export function RemoveBox({ name, label, state }: { name: string; label: string; state?: FormState }) {
  return (
    <div className="govuk-checkboxes govuk-checkboxes--small govuk-!-margin-bottom-4">
      <div className="govuk-checkboxes__item">
        <input className="govuk-checkboxes__input" id={name.replace(/\./g, "-")} name={name} type="checkbox" value="yes" defaultChecked={state?.values[name] === "yes"} />
        <label className="govuk-label govuk-checkboxes__label" htmlFor={name.replace(/\./g, "-")}>
          Remove {label}
        </label>
      </div>
    </div>
  );
}
