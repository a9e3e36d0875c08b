import { z } from "zod";
import { MAX_LONG, idField, optionalDateField, poundsField, requiredText, versionField } from "./fields";

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
