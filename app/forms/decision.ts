import { z } from "zod";
import { PAYMENT_BASES } from "../domain/payment-schedule";
import { parsePoundsToPence } from "../domain/money";
import { optionalDateField, optionalText, requiredText, versionField } from "./fields";

/** Recording a PCC decision on a bid. */
export const decisionSchema = z
  .object({
    version: versionField,
    outcome: z.enum(["approve", "part_approve", "reject"], { errorMap: () => ({ message: "Choose approve, part-approve or reject" }) }),
    /** approved.line<costLineId> = pounds, for a part-approval (not a bare number: that would read as a row). */
    approved: z.record(z.string().regex(/^line\d{1,10}$/), z.string()).optional().default({}),
    decidedOn: optionalDateField("the date of the decision"),
    decisionMaker: requiredText("who made the decision"),
    leadOfficer: requiredText("the lead officer"),
    reasons: requiredText("the reasons for the decision", 10_000),
    conditions: z.array(z.string().regex(/^\d{1,10}$/)).max(50).optional().default([]).transform((ids) => ids.map(Number)),
    writtenConditions: optionalText("the written conditions", 10_000),
    declarationOfInterests: requiredText("the declaration of interests (write None if there are none)", 2000),
    publishable: z.enum(["yes", "no"], { errorMap: () => ({ message: "Say whether the decision may be published" }) }),
    foiExemption: optionalText("the FOI exemption", 500),
    paymentBasis: z.enum(PAYMENT_BASES, { errorMap: () => ({ message: "Choose how the grant is paid" }) }),
    /** For a correcting decision: the id of the decision it corrects (a hidden field), and why. */
    supersedes: z.string().regex(/^\d{1,10}$/, "The decision to correct is not known: reload the page").optional().transform((id) => (id ? Number(id) : null)),
    correctionReason: optionalText("why the decision is corrected", 5000),
    /** Needed only when there is no moderated score; the data layer decides (app/domain/decision-review.ts). */
    withoutReviewReason: optionalText("why the PCC is deciding without a moderated score", 5000),
    /** The review the page showed (a hidden field): a decision is refused if it has changed since. */
    reviewSeen: z.string().max(100).optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.decidedOn) ctx.addIssue({ code: "custom", path: ["decidedOn"], message: "Enter the date of the decision" });
    if (v.supersedes !== null && !v.correctionReason) ctx.addIssue({ code: "custom", path: ["correctionReason"], message: "Enter why the decision is corrected" });
    if (v.publishable === "no" && !v.foiExemption) ctx.addIssue({ code: "custom", path: ["foiExemption"], message: "Enter the FOI exemption that withholds the decision" });
    if (v.outcome === "part_approve") {
      for (const [lineId, typed] of Object.entries(v.approved)) {
        if (typed.trim() === "") {
          ctx.addIssue({ code: "custom", path: ["approved", lineId], message: "Enter the approved amount, or 0" });
          continue;
        }
        const pence = typed.trim() === "0" ? 0 : parsePoundsToPence(typed);
        if (pence === null) ctx.addIssue({ code: "custom", path: ["approved", lineId], message: "The approved amount must be an amount of money, like 767.50" });
      }
    }
  })
  .transform((v) => ({
    ...v,
    decidedOn: v.decidedOn!,
    approvedByLine: Object.fromEntries(Object.entries(v.approved).map(([key, typed]) => [Number(key.slice(4)), typed.trim() === "0" ? 0 : (parsePoundsToPence(typed) ?? 0)])),
    writtenConditions: v.writtenConditions.split(/\r?\n/).map((c) => c.trim()).filter(Boolean),
    publishable: v.publishable === "yes",
    foiExemption: v.publishable === "no" ? v.foiExemption : null,
    correctionOf: v.supersedes !== null ? { decisionId: v.supersedes, reason: v.correctionReason } : undefined,
    withoutReviewReason: v.withoutReviewReason || null,
  }));

/** The decision form's fields in the order the page shows them, for its error summary. */
export const DECISION_FIELD_ORDER = [
  "correctionReason",
  "withoutReviewReason",
  "outcome",
  "approved",
  "decidedOn",
  "decisionMaker",
  "leadOfficer",
  "reasons",
  "conditions",
  "writtenConditions",
  "declarationOfInterests",
  "publishable",
  "foiExemption",
  "paymentBasis",
];
