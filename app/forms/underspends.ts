import { z } from "zod";
import { MAX_LONG, choiceField, optionalDateField, poundsField, requiredText, versionField } from "./fields";

/** Recording what became of a year's underspend (OPCC finance). */
export const recordUnderspendSchema = z
  .object({
    /** What the form showed: the grant's last underspend record and the year's outstanding amount, "12-14250". */
    seen: z.string().regex(/^\d{1,10}-\d{1,12}$/, "This form is out of date: reload the page"),
    outcome: choiceField(["returned", "carried_forward", "reallocated"] as const, "Choose whether the underspend is returned, carried forward or re-allocated"),
    amount: poundsField("the amount"),
    reason: requiredText("the reason", MAX_LONG),
    fromLineId: z.string().trim().optional().default(""),
    toLineId: z.string().trim().optional().default(""),
    decisionReference: z.string().trim().max(100, "The decision reference must be 100 characters or fewer").optional().default(""),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === "reallocated" && v.decisionReference === "") ctx.addIssue({ code: "custom", path: ["decisionReference"], message: "Enter the reference of the PCC decision that released it" });
    if (v.outcome !== "carried_forward") return;
    if (!/^\d{1,10}$/.test(v.fromLineId)) ctx.addIssue({ code: "custom", path: ["fromLineId"], message: "Choose the cost line to carry the money from" });
    if (!/^\d{1,10}$/.test(v.toLineId)) ctx.addIssue({ code: "custom", path: ["toLineId"], message: "Choose the cost line to carry the money to" });
  })
  .transform((v) => {
    const [lastRecordId, outstandingPence] = v.seen.split("-").map(Number);
    const input =
      v.outcome === "carried_forward"
        ? { outcome: "carried_forward" as const, amountPence: v.amount, reason: v.reason, fromLineId: Number(v.fromLineId), toLineId: Number(v.toLineId) }
        : v.outcome === "reallocated"
          ? { outcome: "reallocated" as const, amountPence: v.amount, reason: v.reason, decisionReference: v.decisionReference }
          : { outcome: "returned" as const, amountPence: v.amount, reason: v.reason };
    return { seen: { lastRecordId, outstandingPence }, input };
  });

export const UNDERSPEND_FIELD_ORDER = ["outcome", "amount", "fromLineId", "toLineId", "decisionReference", "reason"];

const requiredDate = (what: string) =>
  optionalDateField(what).superRefine((v, ctx) => {
    if (v === null) ctx.addIssue({ code: "custom", message: `Enter ${what}` });
  });

export const invoiceClawbackSchema = z
  .object({ version: versionField, invoiceReference: requiredText("the invoice reference", 100), invoicedOn: requiredDate("the invoice date") })
  .transform((v) => ({ version: v.version, step: { action: "invoice" as const, invoiceReference: v.invoiceReference, invoicedOn: v.invoicedOn! } }));

export const receiveClawbackSchema = z
  .object({ version: versionField, receivedOn: requiredDate("the date the money was received") })
  .transform((v) => ({ version: v.version, step: { action: "receive" as const, receivedOn: v.receivedOn! } }));

export const waiveClawbackSchema = z
  .object({ version: versionField, reason: requiredText("why the clawback is waived", MAX_LONG), decisionReference: requiredText("the reference of the PCC decision that waived it", 100) })
  .transform((v) => ({ version: v.version, step: { action: "waive" as const, reason: v.reason, decisionReference: v.decisionReference } }));

export const CLAWBACK_FIELD_ORDER = ["invoiceReference", "invoicedOn", "receivedOn", "reason", "decisionReference"];
