import { Select } from "./form-fields";

/**
 * What app/data/partnership-filter.server.ts settles: every partnership to choose from, or (with
 * many) what the box shows, why nothing was chosen from what was typed, and the partnerships
 * whose names hold it (at most ten), each to choose with a link.
 */
export type PartnershipFilter =
  | { kind: "list"; options: { id: number; name: string }[]; cspId?: number }
  | { kind: "search"; text: string; cspId?: number; message?: string; suggestions?: { id: number; name: string }[] };

/**
 * A list's "Partnership" filter: a choice of every partnership when there are few, a box for
 * part of a name when there are many (PARTNERSHIP_LIST_LIMIT), with what matched several names
 * offered as links. `hrefFor` gives the list's address filtered to one partnership.
 */
export function PartnershipFilterField({ id, filter, hrefFor }: { id: string; filter: PartnershipFilter; hrefFor: (cspId: number) => string }) {
  if (filter.kind === "list") {
    return (
      <Select
        id={id}
        name="csp"
        label="Partnership"
        fullWidth
        options={[{ value: "", label: "All" }, ...filter.options.map((c) => ({ value: String(c.id), label: c.name }))]}
        defaultValue={filter.cspId ? String(filter.cspId) : ""}
      />
    );
  }
  const hintId = `${id}-hint`;
  const messageId = `${id}-message`;
  return (
    <div className="govuk-form-group">
      <label className="govuk-label" htmlFor={id}>
        Partnership
      </label>
      <div id={hintId} className="govuk-hint">
        Part of its name
      </div>
      {filter.message ? (
        <div id={messageId} className="govuk-inset-text govuk-!-margin-top-0 govuk-!-margin-bottom-2">
          <p className="govuk-body-s govuk-!-margin-bottom-1">{filter.message}</p>
          {filter.suggestions?.length ? (
            <ul className="govuk-list govuk-body-s govuk-!-margin-bottom-0">
              {filter.suggestions.map((s) => (
                <li key={s.id}>
                  <a className="govuk-link" href={hrefFor(s.id)}>
                    {s.name}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <input
        className="govuk-input govuk-!-width-full"
        id={id}
        name="partnership"
        type="text"
        spellCheck={false}
        autoComplete="off"
        defaultValue={filter.text}
        aria-describedby={filter.message ? `${hintId} ${messageId}` : hintId}
      />
    </div>
  );
}
