import { partnershipLabel } from "../domain/partnerships";
import { Select } from "./form-fields";

/**
 * What app/data/partnership-filter.server.ts settles: every partnership to choose from, or (with
 * many) what the box shows, why nothing was chosen from what was typed, and the partnerships
 * whose names hold it (at most ten), each to choose with a link.
 */
export interface PartnershipChoice {
  id: number;
  name: string;
  retired: boolean;
}

export type PartnershipFilter =
  | { kind: "list"; options: PartnershipChoice[]; cspId?: number }
  | { kind: "search"; text: string; cspId?: number; message?: string; suggestions?: PartnershipChoice[] };

const labelOf = (c: PartnershipChoice) => partnershipLabel(c.name, c.retired);

/**
 * A list's "Partnership" filter: a choice of every partnership when there are few, a box for
 * part of a name when there are many (PARTNERSHIP_LIST_LIMIT), with what matched several names
 * offered as links. `hrefFor` gives the list's address filtered to one partnership; `allLabel`
 * is what the list's blank choice says. A malformed `csp=` is the page's to refuse (its form
 * state's error for "csp" shows on the list; `error` shows it by the box).
 */
export function PartnershipFilterField({ id, filter, hrefFor, allLabel = "All", error }: { id: string; filter: PartnershipFilter; hrefFor: (cspId: number) => string; allLabel?: string; error?: string }) {
  if (filter.kind === "list") {
    return (
      <Select
        id={id}
        name="csp"
        label="Partnership"
        fullWidth
        options={[{ value: "", label: allLabel }, ...filter.options.map((c) => ({ value: String(c.id), label: labelOf(c) }))]}
        defaultValue={filter.cspId ? String(filter.cspId) : ""}
      />
    );
  }
  const hintId = `${id}-hint`;
  const messageId = `${id}-message`;
  const errorId = `${id}-error`;
  const describedBy = [hintId, error ? errorId : null, filter.message ? messageId : null].filter(Boolean).join(" ");
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label" htmlFor={id}>
        Partnership
      </label>
      <div id={hintId} className="govuk-hint">
        Part of its name
      </div>
      {error ? (
        <p id={errorId} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      {filter.message ? (
        <div id={messageId} className="govuk-inset-text govuk-!-margin-top-0 govuk-!-margin-bottom-2">
          <p className="govuk-body-s govuk-!-margin-bottom-1">{filter.message}</p>
          {filter.suggestions?.length ? (
            <ul className="govuk-list govuk-body-s govuk-!-margin-bottom-0">
              {filter.suggestions.map((s) => (
                <li key={s.id}>
                  <a className="govuk-link" href={hrefFor(s.id)}>
                    {labelOf(s)}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <input
        className={`govuk-input govuk-!-width-full${error ? " govuk-input--error" : ""}`}
        id={id}
        name="partnership"
        type="text"
        spellCheck={false}
        autoComplete="off"
        defaultValue={filter.text}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
      />
    </div>
  );
}
