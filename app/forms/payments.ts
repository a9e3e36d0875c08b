import { z } from "zod";
import { MAX_LONG, idField, optionalDateField, poundsField, requiredText, versionField } from "./fields";

/** Recording a payment against an instalment (OPCC finance). */
export const recordPaymentSchema = z
  .object({
    version: versionField,
    instalmentId: idField("Choose the instalment the payment is for"),
    // Required here rather than in a refinement of the whole form, so a blank date is reported with the other fields' problems.
    paidOn: optionalDateField("the date paid").superRefine((v, ctx) => {
      if (v === null) ctx.addIssue({ code: "custom", message: "Enter the date paid" });
    }),
    amount: poundsField("the amount paid"),
    financeReference: requiredText("the finance system reference", 100),
  })
  .transform((v) => ({ version: v.version, instalmentId: v.instalmentId, input: { paidOn: v.paidOn!, amountPence: v.amount, financeReference: v.financeReference } }));

/** Releasing an instalment from its holds, with the reason. */
export const releaseHoldSchema = z.object({
  version: versionField,
  heldInstalmentId: idField("Choose the instalment to release"),
  reason: requiredText("why the hold is released", MAX_LONG),
});

export const RECORD_FIELD_ORDER = ["instalmentId", "paidOn", "amount", "financeReference"];
