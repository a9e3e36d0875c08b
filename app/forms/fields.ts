import { z } from "zod";
import { isoDateFromParts } from "../domain/financial-years";
import { hasTooManyDecimalPlaces, parsePoundsToPence, parseQuantity, parseScaledDecimal, parseUnitPrice } from "../domain/money";

/** zod building blocks for what people type, with the messages the GOV.UK patterns use. */

export const MAX_SHORT = 200;
export const MAX_LONG = 5000;

export const requiredText = (what: string, max = MAX_SHORT) =>
  z
    .string({ required_error: `Enter ${what}`, invalid_type_error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `${capitalise(what)} must be ${max.toLocaleString("en-GB")} characters or fewer`);

export const optionalText = (what: string, max = MAX_LONG) =>
  z
    .string({ invalid_type_error: `Enter ${what}` })
    .trim()
    .max(max, `${capitalise(what)} must be ${max.toLocaleString("en-GB")} characters or fewer`)
    .optional()
    .default("");

function capitalise(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** An amount of money in pounds and pence → integer pence. */
export const poundsField = (what: string, { max = 100_000_000_000 } = {}) =>
  z
    .string({ required_error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .transform((v, ctx) => {
      const pence = parsePoundsToPence(v);
      if (pence === null) {
        const message = hasTooManyDecimalPlaces(v, 2)
          ? `${capitalise(what)} must have no more than 2 decimal places`
          : `${capitalise(what)} must be an amount of money, like 1535 or 1535.50`;
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      if (pence <= 0) {
        ctx.addIssue({ code: "custom", message: `${capitalise(what)} must be more than £0` });
        return z.NEVER;
      }
      if (pence > max) {
        ctx.addIssue({ code: "custom", message: `${capitalise(what)} must be £${(max / 100).toLocaleString("en-GB")} or less` });
        return z.NEVER;
      }
      return pence;
    });

/** A unit price with up to four decimal places → ten-thousandths of a pound. */
export const unitPriceField = z
  .string({ required_error: "Enter the unit price" })
  .trim()
  .min(1, "Enter the unit price")
  .transform((v, ctx) => {
    const price = parseUnitPrice(v);
    if (price === null) {
      const message = hasTooManyDecimalPlaces(v, 4)
        ? "Unit price must have no more than 4 decimal places"
        : "Unit price must be an amount of money with up to 4 decimal places, like 0.1535";
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    if (price > 100_000_000_000) {
      ctx.addIssue({ code: "custom", message: "Unit price must be £10,000,000 or less" });
      return z.NEVER;
    }
    return price;
  });

/** A quantity with up to two decimal places → hundredths. */
export const quantityField = z
  .string({ required_error: "Enter the quantity" })
  .trim()
  .min(1, "Enter the quantity")
  .transform((v, ctx) => {
    const q = parseQuantity(v);
    if (q === null) {
      const message = hasTooManyDecimalPlaces(v, 2) ? "Quantity must have no more than 2 decimal places" : "Quantity must be a number, like 20 or 2.5";
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    if (q <= 0) {
      ctx.addIssue({ code: "custom", message: "Quantity must be more than 0" });
      return z.NEVER;
    }
    if (q > 100_000_000) {
      ctx.addIssue({ code: "custom", message: "Quantity must be 1,000,000 or fewer" });
      return z.NEVER;
    }
    return q;
  });

/** A plain decimal number kept as typed (outcome baselines and targets). */
export const optionalNumberText = (what: string) =>
  z
    .string()
    .trim()
    .optional()
    .default("")
    .superRefine((v, ctx) => {
      if (v === "" || (!v.startsWith("£") && parseScaledDecimal(v, 2) !== null && v.replace(/,/g, "").split(".")[0].length <= 12)) return;
      const message = !v.startsWith("£") && hasTooManyDecimalPlaces(v, 2)
        ? `${capitalise(what)} must have no more than 2 decimal places`
        : `${capitalise(what)} must be a number, like 58 or 12.5`;
      ctx.addIssue({ code: "custom", message });
    })
    .transform((v) => (v === "" ? null : v.replace(/,/g, "")));

/** A GOV.UK date input (name.day, name.month, name.year) → ISO date, or null when all three are blank. */
export const optionalDateField = (what: string) =>
  z
    .object({ day: z.string().default(""), month: z.string().default(""), year: z.string().default("") })
    .default({})
    .transform((parts, ctx) => {
      const { day, month, year } = parts;
      if (!day.trim() && !month.trim() && !year.trim()) return null;
      const iso = isoDateFromParts(day, month, year);
      if (!iso) {
        ctx.addIssue({ code: "custom", message: `${capitalise(what)} must be a real date, like 1 10 2023` });
        return z.NEVER;
      }
      if (iso < "2000-01-01" || iso > "2099-12-31") {
        ctx.addIssue({ code: "custom", message: `${capitalise(what)} must be between 2000 and 2099` });
        return z.NEVER;
      }
      return iso;
    });

/** A whole number id chosen from a list. */
export const idField = (message: string) =>
  z
    .string({ required_error: message })
    .trim()
    .regex(/^\d{1,10}$/, message)
    .transform(Number);

export const choiceField = <T extends readonly [string, ...string[]]>(options: T, message: string) =>
  z.enum(options, { errorMap: () => ({ message }) });

export const yesNoField = (message: string) =>
  z
    .enum(["yes", "no"], { errorMap: () => ({ message }) })
    .transform((v) => v === "yes");

/** The hidden version a section was loaded at. */
export const versionField = z.string().regex(/^\d{1,9}$/, "This form is out of date: reload the page").transform(Number);

/** The hidden fingerprint of a section as its page showed it (decision record 16). */
export const fingerprintField = z.string().regex(/^[0-9a-f]{64}$/, "This form is out of date: reload the page").optional();

/** Whether a typed value (or any part of a date's day, month and year) has anything in it. */
function hasContent(value: unknown): boolean {
  if (typeof value === "string") return value.trim() !== "";
  if (value && typeof value === "object") return Object.values(value).some(hasContent);
  return false;
}

/**
 * A message about one row says which row, in the summary and beside the field alike, since the
 * same words ("Enter the quantity") would otherwise appear once for every row: "Cost line 2: enter
 * the quantity". `index` is the row's place in the form, counted from 0.
 */
export function rowMessage(label: string, index: number, message: string) {
  return `${label} ${index + 1}: ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
}

/**
 * Rows of a repeating section, with entirely blank rows and rows marked for removal dropped. Each
 * row's messages are named by `label` and its number (see rowMessage).
 */
export function rows<T extends z.ZodTypeAny>(row: T, fields: string[], label: string, max = 100) {
  return z
    .array(z.unknown())
    .optional()
    .default([])
    .transform((list) =>
      list.map((r, index) => ({ index, row: (r ?? {}) as Record<string, unknown> })),
    )
    .transform((list) =>
      list.filter(({ row: r }) => r.remove !== "yes" && fields.some((f) => hasContent(r[f]))),
    )
    .superRefine((list, ctx) => {
      if (list.length > max) ctx.addIssue({ code: "custom", message: `Enter ${max} rows or fewer`, path: [] });
      for (const { index, row: r } of list) {
        const parsed = row.safeParse(r);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) {
            ctx.addIssue({ ...issue, path: [index, ...issue.path], message: rowMessage(label, index, issue.message) });
          }
        }
      }
    })
    // zod runs this even when a row above failed (the result is then discarded), so never throw here.
    .transform((list) =>
      list.map(({ index, row: r }) => {
        const parsed = row.safeParse(r).data as z.output<T>;
        if (parsed && typeof parsed === "object") formIndexes.set(parsed, index);
        return parsed;
      }),
    );
}

/**
 * Where a parsed row was in the form. Blank and removed rows are dropped, so a row's place in the
 * parsed list is not its number on the page; checks made after parsing (a financial year the bid
 * may not use) need the number to put their message on the right field.
 */
const formIndexes = new WeakMap<object, number>();
export function formIndexOf(parsedRow: object, fallback: number): number {
  return formIndexes.get(parsedRow) ?? fallback;
}
