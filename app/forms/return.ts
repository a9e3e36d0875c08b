import { z } from "zod";
import { MILESTONE_PROGRESS, RAGS } from "../domain/return-ratings";
import { hasTooManyDecimalPlaces, parsePoundsToPence } from "../domain/money";
import { idField, optionalDateField, optionalNumberText, optionalText, requiredText, versionField } from "./fields";
import type { FormState } from "./form-state";

/**
 * The forms of a quarterly return. The whole return is one form (`returnFormSchema`), its rows
 * numbered in the order the page shows them: lines.0.actual, lines.0.forecasts.1.amount,
 * outcomes.0.actualToDate, milestones.0.progress. Each row carries the id of what it is about, so
 * a form from an older page is refused rather than written to the wrong line.
 */

export const MAX_EXPLANATION = 2000;

/** An amount of money that may be left blank (null) and may be nothing (0). */
const optionalPounds = (what: string) =>
  z
    .string()
    .trim()
    .optional()
    .default("")
    .transform((v, ctx) => {
      if (v === "") return null;
      const pence = parsePoundsToPence(v);
      if (pence === null) {
        ctx.addIssue({ code: "custom", message: hasTooManyDecimalPlaces(v, 2) ? `${what} must have no more than 2 decimal places` : `${what} must be an amount of money, like 1535 or 1535.50` });
        return z.NEVER;
      }
      if (pence > 100_000_000_000) {
        ctx.addIssue({ code: "custom", message: `${what} must be £1,000,000,000 or less` });
        return z.NEVER;
      }
      return pence;
    });

/** "2024-1": a financial year's start and a quarter. */
const quarterField = z
  .string()
  .regex(/^\d{4}-[1-4]$/, "This form is out of date: reload the page")
  .transform((v) => ({ startYear: Number(v.slice(0, 4)), quarter: Number(v.slice(5)) }));

const blankAsNull = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (v === "" || v === undefined ? null : v), schema.nullable());

const outOfDate = "This form is out of date: reload the page";

export const returnFormSchema = z.object({
  version: versionField,
  intent: z.enum(["save", "check"]).catch("save"),
  lines: z
    .array(
      z.object({
        costLineId: idField(outOfDate),
        actual: optionalPounds("Actual spend"),
        explanation: optionalText("the explanation", MAX_EXPLANATION),
        forecasts: z.array(z.object({ quarter: quarterField, amount: optionalPounds("The forecast") })).default([]),
      }),
    )
    .default([]),
  outcomes: z
    .array(z.object({ outcomeId: idField(outOfDate), actualToDate: optionalNumberText("the actual to date"), comment: optionalText("the comment", 1000) }))
    .default([]),
  milestones: z
    .array(
      z.object({
        milestoneId: idField(outOfDate),
        progress: blankAsNull(z.enum(MILESTONE_PROGRESS, { errorMap: () => ({ message: "Choose on track, at risk, late or done" }) })),
        comment: optionalText("the comment", 1000),
      }),
    )
    .default([]),
  spendRag: blankAsNull(z.enum(RAGS, { errorMap: () => ({ message: "Choose red, amber or green for spend" }) })),
  spendRagReason: optionalText("why you gave the spend that rating", 2000),
  deliveryRag: blankAsNull(z.enum(RAGS, { errorMap: () => ({ message: "Choose red, amber or green for delivery" }) })),
  deliveryRagReason: optionalText("why you gave the delivery that rating", 2000),
  wentWell: optionalText("what went well"),
  didNotGoWell: optionalText("what did not go well"),
  nextSteps: optionalText("what happens next"),
});
export type ReturnForm = z.output<typeof returnFormSchema>;

/**
 * The error summary lists every message at once, so each row's message says which line, outcome
 * or milestone it is about: "Outreach worker: actual spend must be…".
 */
export function nameRowErrors(state: FormState, names: { lines: string[]; outcomes: string[]; milestones: string[] }): FormState {
  const errors: Record<string, string> = {};
  for (const [key, message] of Object.entries(state.errors)) {
    const m = /^(lines|outcomes|milestones)\.(\d+)\./.exec(key);
    const name = m ? names[m[1] as keyof typeof names][Number(m[2])] : undefined;
    errors[key] = name ? `${name}: ${message.charAt(0).toLowerCase()}${message.slice(1)}` : message;
  }
  return { ...state, errors };
}

export const certifySchema = z.object({
  version: versionField,
  certifiedName: requiredText("your full name"),
  certifiedRole: requiredText("your role"),
  certifiedOn: optionalDateField("the date of certification"),
});

export const queryFormSchema = z.object({ version: versionField, comments: requiredText("your comments for the partnership", 5000) });
export const acceptFormSchema = z.object({ version: versionField, note: optionalText("the note", 2000) });
export const reopenFormSchema = z.object({ version: versionField, reason: requiredText("why the return is reopened", 2000) });

export const RETURN_PAGE_INTENTS = ["certify", "accept", "query", "reopen"] as const;
export type ReturnPageIntent = (typeof RETURN_PAGE_INTENTS)[number];
