import { createContext, useContext, type ReactNode } from "react";
import { fieldId, type FormState } from "../forms/form-state";

/**
 * GOV.UK form fields. A page wraps its form in <FormStateProvider state={actionData}> so every field
 * shows what the user typed and its error after a refused submission.
 */

const FormStateContext = createContext<FormState | undefined>(undefined);

export function FormStateProvider({ state, children }: { state: FormState | undefined; children: ReactNode }) {
  return <FormStateContext.Provider value={state}>{children}</FormStateContext.Provider>;
}

function useField(name: string, defaultValue: string | undefined) {
  const state = useContext(FormStateContext);
  const submitted = state?.values[name];
  const value = state ? (typeof submitted === "string" ? submitted : "") : (defaultValue ?? "");
  return { id: fieldId(name), value, error: state?.errors[name] };
}

function ErrorMessage({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p id={`${id}-error`} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {error}
    </p>
  );
}

function Hint({ id, hint }: { id: string; hint?: ReactNode }) {
  if (!hint) return null;
  return (
    <div id={`${id}-hint`} className="govuk-hint">
      {hint}
    </div>
  );
}

/** The form group around one labelled control: label, hint and inline error. */
function LabelledField({ id, label, labelClass, hint, error, children }: { id: string; label: ReactNode; labelClass?: string; hint?: ReactNode; error?: string; children: ReactNode }) {
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className={`govuk-label ${labelClass ?? ""}`.trim()} htmlFor={id}>
        {label}
      </label>
      <Hint id={id} hint={hint} />
      <ErrorMessage id={id} error={error} />
      {children}
    </div>
  );
}

const describedBy = (id: string, hint: unknown, error: unknown) =>
  [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;

interface TextProps {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  defaultValue?: string;
  width?: "2" | "3" | "4" | "5" | "10" | "20" | "30" | "full";
  type?: "text" | "email" | "password";
  autoComplete?: string;
  inputMode?: "decimal" | "numeric";
  prefix?: string;
  labelClass?: string;
  spellCheck?: boolean;
}

export function TextInput({ name, label, hint, defaultValue, width, type = "text", autoComplete, inputMode, prefix, labelClass, spellCheck }: TextProps) {
  const { id, value: given, error } = useField(name, defaultValue);
  // The prefix is drawn beside the box, so a typed "£0.1535" comes back as 0.1535 beside the "£".
  const value = prefix && given.trimStart().startsWith(prefix) ? given.trimStart().slice(prefix.length).trimStart() : given;
  const widthClass = width === "full" ? " govuk-!-width-full" : width ? ` govuk-input--width-${width}` : "";
  const input = (
    <input
      className={`govuk-input${widthClass}${error ? " govuk-input--error" : ""}`}
      id={id}
      name={name}
      type={type}
      defaultValue={type === "password" ? undefined : value}
      autoComplete={autoComplete}
      inputMode={inputMode}
      spellCheck={spellCheck}
      aria-describedby={describedBy(id, hint, error)}
      aria-invalid={error ? true : undefined}
    />
  );
  return (
    <LabelledField id={id} label={label} labelClass={labelClass} hint={hint} error={error}>
      {prefix ? (
        <div className="govuk-input__wrapper">
          <div className="govuk-input__prefix" aria-hidden="true">
            {prefix}
          </div>
          {input}
        </div>
      ) : (
        input
      )}
    </LabelledField>
  );
}

export function Textarea({ name, label, hint, defaultValue, rows = 5, labelClass }: Omit<TextProps, "width" | "type"> & { rows?: number }) {
  const { id, value, error } = useField(name, defaultValue);
  return (
    <LabelledField id={id} label={label} labelClass={labelClass} hint={hint} error={error}>
      <textarea
        className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`}
        id={id}
        name={name}
        rows={rows}
        defaultValue={value}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
      />
    </LabelledField>
  );
}

/** Day, month and year in three boxes; `defaultValue` is an ISO date. */
export function DateInput({ name, legend, hint, defaultValue }: { name: string; legend: ReactNode; hint?: ReactNode; defaultValue?: string | null }) {
  const state = useContext(FormStateContext);
  const [y, m, d] = defaultValue ? defaultValue.split("-") : ["", "", ""];
  const initial = { day: d ? String(Number(d)) : "", month: m ? String(Number(m)) : "", year: y ?? "" };
  const id = fieldId(name);
  const error = state?.errors[name] ?? state?.errors[`${name}.day`] ?? state?.errors[`${name}.month`] ?? state?.errors[`${name}.year`];
  const part = (p: "day" | "month" | "year") => {
    const v = state?.values[`${name}.${p}`];
    return state ? (typeof v === "string" ? v : "") : initial[p];
  };
  const labels = { day: "Day", month: "Month", year: "Year" } as const;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" role="group" aria-describedby={describedBy(id, hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <Hint id={id} hint={hint} />
        <ErrorMessage id={id} error={error} />
        <div className="govuk-date-input" id={id}>
          {(["day", "month", "year"] as const).map((p) => (
            <div className="govuk-date-input__item" key={p}>
              <div className="govuk-form-group">
                <label className="govuk-label govuk-date-input__label" htmlFor={`${id}-${p}`}>
                  {labels[p]}
                </label>
                <input
                  className={`govuk-input govuk-date-input__input govuk-input--width-${p === "year" ? 4 : 2}${error ? " govuk-input--error" : ""}`}
                  id={`${id}-${p}`}
                  name={`${name}.${p}`}
                  type="text"
                  inputMode="numeric"
                  defaultValue={part(p)}
                />
              </div>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
  hint?: string;
}

export function Select({ name, label, hint, options, defaultValue, labelClass, id: givenId, fullWidth }: { name: string; label: ReactNode; hint?: ReactNode; options: Option[]; defaultValue?: string; labelClass?: string; id?: string; fullWidth?: boolean }) {
  const { id: derivedId, value, error } = useField(name, defaultValue);
  const id = givenId ?? derivedId;
  return (
    <LabelledField id={id} label={label} labelClass={labelClass} hint={hint} error={error}>
      <select
        className={`govuk-select${fullWidth ? " govuk-!-width-full" : ""}${error ? " govuk-select--error" : ""}`}
        id={id}
        name={name}
        defaultValue={value}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </LabelledField>
  );
}

export function Radios({ name, legend, hint, options, defaultValue, inline, legendClass = "govuk-fieldset__legend--s" }: { name: string; legend: ReactNode; hint?: ReactNode; options: Option[]; defaultValue?: string; inline?: boolean; legendClass?: string }) {
  const { id, value, error } = useField(name, defaultValue);
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className={`govuk-fieldset__legend ${legendClass}`}>{legend}</legend>
        <Hint id={id} hint={hint} />
        <ErrorMessage id={id} error={error} />
        <div className={`govuk-radios${inline ? " govuk-radios--inline" : ""}`}>
          {options.map((o, i) => {
            const optionId = i === 0 ? id : `${id}-${i + 1}`;
            return (
              <div className="govuk-radios__item" key={o.value}>
                <input className="govuk-radios__input" id={optionId} name={name} type="radio" value={o.value} defaultChecked={value === o.value} aria-describedby={o.hint ? `${optionId}-hint` : undefined} />
                <label className="govuk-label govuk-radios__label" htmlFor={optionId}>
                  {o.label}
                </label>
                {o.hint ? (
                  <div id={`${optionId}-hint`} className="govuk-hint govuk-radios__hint">
                    {o.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** Checkboxes submit as `name[]`; errors are keyed by `name`. */
export function Checkboxes({ name, legend, hint, groups, defaultValues }: { name: string; legend: ReactNode; hint?: ReactNode; groups: { heading?: string; options: Option[] }[]; defaultValues: string[] }) {
  const state = useContext(FormStateContext);
  const submitted = state?.values[`${name}[]`];
  const checked = state ? (Array.isArray(submitted) ? submitted : typeof submitted === "string" ? [submitted] : []) : defaultValues;
  const id = fieldId(name);
  const error = state?.errors[name];
  let n = 0;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">{legend}</legend>
        <Hint id={id} hint={hint} />
        <ErrorMessage id={id} error={error} />
        {groups.map((group) => (
          <div key={group.heading ?? "all"} className="govuk-!-margin-bottom-6">
            {group.heading ? <h2 className="govuk-heading-s">{group.heading}</h2> : null}
            <div className="govuk-checkboxes govuk-checkboxes--small">
              {group.options.map((o) => {
                n += 1;
                const optionId = n === 1 ? id : `${id}-${n}`;
                return (
                  <div className="govuk-checkboxes__item" key={o.value}>
                    <input className="govuk-checkboxes__input" id={optionId} name={`${name}[]`} type="checkbox" value={o.value} defaultChecked={checked.includes(o.value)} />
                    <label className="govuk-label govuk-checkboxes__label" htmlFor={optionId}>
                      {o.label}
                    </label>
                  </div>
                );
              })}
            </div>
          </div>
        ))}
      </fieldset>
    </div>
  );
}

/** The error summary: first on the page, each message linking to its field. */
export function ErrorSummary({ state, order }: { state: FormState | undefined; order?: string[] }) {
  if (!state || (Object.keys(state.errors).length === 0 && !state.formError)) return null;
  const entries = Object.entries(state.errors);
  if (order) entries.sort(([a], [b]) => rank(order, a) - rank(order, b));
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary">
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          {state.formError ? <p className="govuk-body">{state.formError}</p> : null}
          {entries.length ? (
            <ul className="govuk-list govuk-error-summary__list">
              {entries.map(([name, message]) => (
                <li key={name}>
                  <a href={`#${summaryTarget(name)}`}>{message}</a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
    </div>
  );
}

function rank(order: string[], key: string) {
  const i = order.findIndex((o) => key === o || key.startsWith(`${o}.`));
  return i === -1 ? order.length : i;
}

/** Date inputs link to their day box. */
function summaryTarget(name: string) {
  if (/(^|\.)(startDate|endDate|targetDate|opensOn|closesOn|closingDate|paidOn)$/.test(name)) return `${fieldId(name)}-day`;
  return fieldId(name.replace(/\.(day|month|year)$/, "")) + (/\.(day|month|year)$/.test(name) ? `-${name.split(".").pop()}` : "");
}
