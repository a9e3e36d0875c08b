import { z } from "zod";
import { parsePoundsToPence, parseScaledDecimal } from "../domain/money";
import { optionalText, requiredText, versionField, yesNoField } from "./fields";

/**
 * A funding stream's rules, as typed: one set of fields and messages for /settings/streams and
 * for the round form (which edits the rules of its stream too).
 */

/** A whole number of days from 1 to 365 (the stream's settings after the award). */
const days = (missing: string, outOfRange: string) =>
  z
    .string({ required_error: missing, invalid_type_error: missing })
    .trim()
    .min(1, missing)
    .regex(/^\d{1,3}$/, outOfRange)
    .transform(Number)
    .refine((n) => n >= 1 && n <= 365, outOfRange);

export const streamRuleFields = {
    maySpanYears: yesNoField("Say whether projects may run across financial years"),
    maxDurationMonths: z
      .string()
      .trim()
      .regex(/^\d{1,3}$/, "Enter the longest a project may run, in months, like 12")
      .transform(Number)
      .refine((n) => n >= 1 && n <= 120, "A project may run from 1 to 120 months"),
    matchFundingRequired: yesNoField("Say whether match funding is required"),
    acceptByDays: days("Enter how many days a partnership has to accept an offer, like 28", "The days to accept an offer must be a whole number from 1 to 365, like 28"),
    returnDueDays: days("Enter how many days after each quarter its return is due, like 30", "The days after a quarter that its return is due must be a whole number from 1 to 365, like 30"),
    tolerance: z
      .string()
      .trim()
      .optional()
      .default("")
      .transform((v, ctx) => {
        if (v === "") {
          ctx.addIssue({ code: "custom", message: "Enter how far spend may differ from its profile, as a percentage, like 10" });
          return z.NEVER;
        }
        const bp = parseScaledDecimal(v.replace(/\s*%$/, ""), 2);
        if (bp === null || bp > 10_000) {
          ctx.addIssue({ code: "custom", message: "The tolerance must be a percentage from 0 to 100 with at most two decimal places, like 10 or 2.5" });
          return z.NEVER;
        }
        return bp;
      }),
    certificationRequired: yesNoField("Say whether the council's finance officer certifies each return"),
    // Left out (a form from before the field existed), the stream's cap stays as it is.
    virementCap: z
      .string()
      .trim()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined) return null;
        if (v === "") {
          ctx.addIssue({ code: "custom", message: "Enter the most a virement may move without approval, like 5000" });
          return z.NEVER;
        }
        const pence = parsePoundsToPence(v.replace(/^£/, ""));
        if (pence === null || pence < 0 || pence > 100_000_000_000) {
          ctx.addIssue({ code: "custom", message: "The virement limit must be an amount of money from 0 to 1,000,000,000, like 5000 or 2500.50" });
          return z.NEVER;
        }
        return pence;
      }),
};

/** Adding or changing a funding stream at /settings/streams (the rules as on the round form). */
export const streamSchema = z
  .object({
    version: versionField.optional(),
    name: requiredText("the stream's name"),
    code: z
      .string({ required_error: "Enter the stream's code" })
      .trim()
      .toLowerCase()
      .min(1, "Enter the stream's code, like safer-streets-6")
      .max(60, "The code must be 60 characters or fewer")
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "The code must be lower-case letters and numbers joined by hyphens, like safer-streets-6"),
    description: optionalText("the description", 2000),
    ...streamRuleFields,
  })
  .superRefine((v, ctx) => {
    if (v.virementCap === null) ctx.addIssue({ code: "custom", path: ["virementCap"], message: "Enter the most a virement may move without approval, like 5000" });
  })
  .transform(({ version, tolerance, virementCap, ...v }) => ({
    version,
    input: { ...v, toleranceBasisPoints: tolerance, virementCapPence: virementCap as number },
  }));
export type StreamInput = z.output<typeof streamSchema>["input"];
