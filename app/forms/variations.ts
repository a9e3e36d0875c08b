import { z } from "zod";
import { MAX_LONG, idField, optionalDateField, optionalText, poundsField, requiredText, versionField } from "./fields";

/**
 * The variation forms: a virement and a time extension (the CSP lead's requests), and the OPCC's
 * decision and the partnership's withdrawal. The rules of what may be moved or extended are the
 * domain's (app/domain/virement-rules.ts, extension-rules.ts), asked again by the data layer in the
 * write, where the lines and dates are as they stand.
 */

export const virementSchema = z.object({
  fromCostLineId: idField("Choose the line the money comes from"),
  toCostLineId: idField("Choose the line the money goes to"),
  amount: poundsField("the amount to move"),
  reason: requiredText("why the money is moved", MAX_LONG),
});

export const VIREMENT_FIELD_ORDER = ["fromCostLineId", "toCostLineId", "amount", "reason"];

export const extensionSchema = z.object({
  version: versionField,
  newEndDate: optionalDateField("the new end date").superRefine((v, ctx) => {
    if (v === null) ctx.addIssue({ code: "custom", message: "Enter the new end date" });
  }),
  reason: requiredText("why the grant needs more time", MAX_LONG),
});

export const EXTENSION_FIELD_ORDER = ["newEndDate", "reason"];

export const decideSchema = z.object({
  version: versionField,
  decision: z.enum(["approve", "refuse"], { errorMap: () => ({ message: "Choose whether to approve or refuse it" }) }),
  decisionReason: requiredText("the reason for the decision", MAX_LONG),
});

export const DECIDE_FIELD_ORDER = ["decision", "decisionReason"];

export const withdrawSchema = z.object({ version: versionField });

/** A transfer: `to` is "new-project" (release the money) or the receiving line's id. */
export const transferSchema = z.object({
  fromCostLineId: idField("Choose the line the money comes from"),
  to: z
    .string({ required_error: "Choose where the money goes" })
    .regex(/^(new-project|\d{1,10})$/, "Choose where the money goes")
    .transform((v) => (v === "new-project" ? null : Number(v))),
  amount: poundsField("the amount to move"),
  reason: requiredText("why the money is moved", MAX_LONG),
});

export const TRANSFER_FIELD_ORDER = ["fromCostLineId", "to", "amount", "reason"];

/** The OPCC's approval of a transfer: the PCC decision's particulars (as on a bid's decision form). */
export const transferDecisionSchema = z
  .object({
    version: versionField,
    decisionReason: requiredText("the reasons for the decision", MAX_LONG),
    decidedOn: optionalDateField("the date of the decision"),
    decisionMaker: requiredText("who made the decision"),
    leadOfficer: requiredText("the lead officer"),
    declarationOfInterests: requiredText("the declaration of interests (write None if there are none)", 2000),
    publishable: z.enum(["yes", "no"], { errorMap: () => ({ message: "Say whether the decision may be published" }) }),
    foiExemption: optionalText("the FOI exemption", 500),
  })
  .superRefine((v, ctx) => {
    if (!v.decidedOn) ctx.addIssue({ code: "custom", path: ["decidedOn"], message: "Enter the date of the decision" });
    if (v.publishable === "no" && !v.foiExemption) ctx.addIssue({ code: "custom", path: ["foiExemption"], message: "Enter the FOI exemption that withholds the decision" });
  })
  .transform((v) => ({ ...v, decidedOn: v.decidedOn!, publishable: v.publishable === "yes", foiExemption: v.publishable === "no" ? v.foiExemption : null }));

export const TRANSFER_DECISION_FIELD_ORDER = ["decisionReason", "decidedOn", "decisionMaker", "leadOfficer", "declarationOfInterests", "publishable", "foiExemption"];
