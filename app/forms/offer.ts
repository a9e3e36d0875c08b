import { z } from "zod";
import { declarationDateProblem, newAcceptByProblem } from "../domain/offer-status";
import { optionalDateField, requiredText, versionField } from "./fields";

/**
 * Answering a grant offer, and extending it. The date rules are the domain's
 * (app/domain/offer-status.ts), checked here so every problem is shown at once, and again by the
 * data layer in the write.
 */

/**
 * A required date, with a rule of its own. Each field is checked on its own, so every problem on
 * the form is reported at once (an object-level refinement would not run while another field fails).
 */
const ruledDate = (what: string, rule: (date: string) => string | null) =>
  optionalDateField(what).superRefine((date, ctx) => {
    // A date that is not a date at all already has its message.
    if (date === null) ctx.addIssue({ code: "custom", message: `Enter ${what}` });
    else if (typeof date === "string") {
      const problem = rule(date);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }
  });

/** The CSP lead's acceptance: a declaration on behalf of the accountable council. */
export const acceptOfferSchema = ({ council, decidedOn, today }: { council: string; decidedOn: string; today: string }) =>
  z
    .object({
      version: versionField,
      declarationName: requiredText("your full name"),
      declarationRole: requiredText("your role"),
      declarationDate: ruledDate("the date of the declaration", (date) => declarationDateProblem(date, decidedOn, today)),
      onBehalf: z
        .string()
        .optional()
        .refine((v) => v === "yes", `Confirm that you accept this offer and its conditions on behalf of ${council}`),
    })
    .transform((v) => ({ version: v.version, declaration: { name: v.declarationName, role: v.declarationRole, date: v.declarationDate as string } }));

export const ACCEPT_FIELD_ORDER = ["declarationName", "declarationRole", "declarationDate", "onBehalf"];

export const declineOfferSchema = z.object({
  version: versionField,
  declineReason: requiredText("why the offer is declined", 5000),
});

/** OPCC staff's extension: a later accept-by date and why. */
export const extendOfferSchema = ({ currentAcceptBy, today }: { currentAcceptBy: string; today: string }) =>
  z
    .object({
      version: versionField,
      acceptBy: ruledDate("the new accept-by date", (date) => newAcceptByProblem(date, currentAcceptBy, today)),
      reason: requiredText("why the date is extended", 5000),
    })
    .transform((v) => ({ version: v.version, acceptBy: v.acceptBy as string, reason: v.reason }));

export const EXTEND_FIELD_ORDER = ["acceptBy", "reason"];
