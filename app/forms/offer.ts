import { z } from "zod";
import { declarationDateProblem, newAcceptByProblem } from "../domain/offer-status";
import { optionalDateField, requiredText, versionField } from "./fields";

/**
 * Answering a grant offer, and extending it. The date rules are the domain's
 * (app/domain/offer-status.ts), checked here so every problem is shown at once, and again by the
 * data layer in the write.
 */

/** The CSP lead's acceptance: a declaration on behalf of the accountable council. */
export const acceptOfferSchema = ({ council, decidedOn, today }: { council: string; decidedOn: string; today: string }) =>
  z
    .object({
      version: versionField,
      declarationName: requiredText("your full name"),
      declarationRole: requiredText("your role"),
      declarationDate: optionalDateField("the date of the declaration"),
      onBehalf: z.literal("yes", { errorMap: () => ({ message: `Confirm that you accept this offer and its conditions on behalf of ${council}` }) }),
    })
    .superRefine((v, ctx) => {
      if (typeof v.declarationDate !== "string") {
        // Not a date at all has its own message already; blank needs one.
        if (v.declarationDate === null) ctx.addIssue({ code: "custom", path: ["declarationDate"], message: "Enter the date of the declaration" });
        return;
      }
      const problem = declarationDateProblem(v.declarationDate, decidedOn, today);
      if (problem) ctx.addIssue({ code: "custom", path: ["declarationDate"], message: problem });
    })
    .transform((v) => ({ version: v.version, declaration: { name: v.declarationName, role: v.declarationRole, date: v.declarationDate! } }));

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
      acceptBy: optionalDateField("the new accept-by date"),
      reason: requiredText("why the date is extended", 5000),
    })
    .superRefine((v, ctx) => {
      if (typeof v.acceptBy !== "string") {
        if (v.acceptBy === null) ctx.addIssue({ code: "custom", path: ["acceptBy"], message: "Enter the new accept-by date" });
        return;
      }
      const problem = newAcceptByProblem(v.acceptBy, currentAcceptBy, today);
      if (problem) ctx.addIssue({ code: "custom", path: ["acceptBy"], message: problem });
    })
    .transform((v) => ({ version: v.version, acceptBy: v.acceptBy!, reason: v.reason }));

export const EXTEND_FIELD_ORDER = ["acceptBy", "reason"];
