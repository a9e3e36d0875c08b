import { formatDateTime } from "../domain/financial-years";
import { CSRF_FIELD } from "./csrf-field";
import type { ZodError, ZodTypeAny, output } from "zod";

/**
 * What a form's action hands back when input is refused: every value as typed, and a message per
 * field (keyed by the field's name, e.g. "costs.2.quantity").
 */
export interface FormState {
  values: Record<string, string | string[]>;
  errors: Record<string, string>;
  /** A message about the form as a whole (a stale copy, a refused move). */
  formError?: string;
}

/**
 * How every refusal of a save from a stale copy begins, before what to do next: "Aysha Rahman
 * changed this return on 5 October 2023 at 10:00am, after you opened this page". When the change
 * was the viewer's own (another tab or window), it says so: "You changed this return … in another
 * tab or window after you opened this page". The change's user id is compared when the write
 * knows it, else the names.
 */
export const changedSinceOpened = (
  what: string,
  change: { changedBy: string; changedAt: string; changedById?: number | null },
  viewer?: { userId: number; name: string },
) => {
  const mine = viewer !== undefined && (change.changedById != null ? change.changedById === viewer.userId : change.changedBy === viewer.name);
  return mine
    ? `You changed this ${what} on ${formatDateTime(change.changedAt)} in another tab or window after you opened this page`
    : `${change.changedBy} changed this ${what} on ${formatDateTime(change.changedAt)}, after you opened this page`;
};

/** "costs.2.quantity" → "costs-2-quantity": the id the error summary links to. */
export const fieldId = (name: string) => name.replace(/\./g, "-");

/** Every field of a submitted form, keeping repeated names (checkboxes) as arrays. */
export function formValues(formData: FormData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const key of new Set(formData.keys())) {
    // Setting "__proto__" on an object literal would change what every other key looks up; the
    // CSRF token has been checked and is not part of what was typed.
    if (key === "__proto__" || key === CSRF_FIELD) continue;
    const all = formData.getAll(key).map((v) => (typeof v === "string" ? v : ""));
    values[key] = all.length > 1 || key.endsWith("[]") ? all : all[0];
  }
  return values;
}

/**
 * Turns flat names into nested objects and arrays ("costs.2.quantity" → { costs: [, , { quantity }] })
 * so one zod schema can describe a whole section.
 */
/** No form has this many rows; a huge index would otherwise make a huge sparse array. */
export const MAX_ROW_INDEX = 500;
const tooManyRows = (key: string) => key.split(".").some((p) => /^\d+$/.test(p) && Number(p) >= MAX_ROW_INDEX);

export function nest(values: Record<string, string | string[]>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [rawKey, value] of Object.entries(values)) {
    const key = rawKey.replace(/\[\]$/, "");
    const parts = key.split(".");
    if (parts.some((p) => p === "__proto__" || p === "constructor" || p === "prototype")) continue;
    if (tooManyRows(rawKey)) continue;
    let node: Record<string, unknown> = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        node[part] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(parts[i + 1]);
      if (node[part] === undefined || typeof node[part] !== "object") node[part] = nextIsIndex ? [] : {};
      node = node[part] as Record<string, unknown>;
    });
  }
  return root;
}

export function errorsFromZod(error: ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".");
    if (!Object.hasOwn(errors, key)) errors[key] = issue.message;
  }
  return errors;
}

export type Parsed<T> = { ok: true; data: T; values: FormState["values"] } | { ok: false; state: FormState };

/** Validates a submitted form against a schema; a failure carries the typed values back. */
export function parseForm<S extends ZodTypeAny>(formData: FormData, schema: S): Parsed<output<S>> {
  const values = formValues(formData);
  const oversized = Object.keys(values).find(tooManyRows);
  if (oversized) {
    return { ok: false, state: { values: {}, errors: {}, formError: `A form can have at most ${MAX_ROW_INDEX} rows: reload the page and try again.` } };
  }
  const result = schema.safeParse(nest(values));
  if (result.success) return { ok: true, data: result.data, values };
  return { ok: false, state: { values, errors: errorsFromZod(result.error) } };
}

/** Validates a query string; unknown or malformed parameters fall back to defaults rather than fail. */
export function parseSearchParams<S extends ZodTypeAny>(url: URL, schema: S): output<S> {
  const values: Record<string, string> = {};
  url.searchParams.forEach((v, k) => {
    if (k !== "__proto__") values[k] = v;
  });
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  // Drop the offending parameters one by one so the rest still apply.
  for (const issue of result.error.issues) delete values[String(issue.path[0])];
  const retry = schema.safeParse(values);
  return retry.success ? retry.data : schema.parse({});
}

/**
 * The submitted form, or an empty one when the body is not a form at all (a JSON or garbled body
 * from a script): validation then refuses it with a 400, never a 500.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    return new FormData();
  }
}
