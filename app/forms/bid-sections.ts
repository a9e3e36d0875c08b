import { z } from "zod";
import { EXPENDITURE_TYPES, MATCH_FUNDING_KINDS, RECURRENCES } from "../domain/bid-costs";
import type { BidSectionKey } from "../domain/bid-completeness";
import {
  MAX_LONG,
  MAX_SHORT,
  choiceField,
  fingerprintField,
  idField,
  optionalDateField,
  optionalNumberText,
  optionalText,
  poundsField,
  quantityField,
  requiredText,
  rows,
  unitPriceField,
  versionField,
  yesNoField,
} from "./fields";

/**
 * One schema per section of a bid. A draft may be incomplete, so only what makes a row or a value
 * meaningful is required here; what submission needs is app/domain/bid-completeness.ts.
 */

/** What one row of each repeating list is called: its heading on the page ("Cost line 2") and in its messages. */
export const ROW_LABELS = {
  milestones: "Milestone",
  costs: "Cost line",
  match: "Match funding source",
  outcomes: "Outcome",
  risks: "Risk",
} as const;

const milestoneRow = z.object({
  when: z
    .string({ required_error: "Choose the quarter" })
    .regex(/^\d{1,10}-[1-4]$/, "Choose the quarter")
    .transform((v) => {
      const [financialYearId, quarter] = v.split("-").map(Number);
      return { financialYearId, quarter };
    }),
  description: requiredText("what will be done by then", 500),
}).transform(({ when, description }) => ({ ...when, description }));

export const detailsSchema = z
  .object({
    version: versionField,
    fingerprint: fingerprintField,
    title: requiredText("a project title"),
    summary: optionalText("the summary", 1000),
    need: optionalText("the problem and evidence of need"),
    activities: optionalText("what will be done"),
    deliveryPartners: optionalText("the delivery partners", 1000),
    locations: optionalText("where the project will take place", 1000),
    startDate: optionalDateField("the start date"),
    endDate: optionalDateField("the end date"),
    milestones: rows(milestoneRow, ["when", "description"], ROW_LABELS.milestones, 40),
  })
  .superRefine((v, ctx) => {
    if (v.startDate && v.endDate && v.endDate < v.startDate) {
      ctx.addIssue({ code: "custom", path: ["endDate"], message: "The end date must be the same as or after the start date" });
    }
  });

export const prioritiesSchema = z.object({
  version: versionField,
  fingerprint: fingerprintField,
  priorities: z
    .array(z.string())
    .max(100, "Choose priorities from the list")
    .refine((ids) => ids.every((id) => /^\d{1,10}$/.test(id)), "Choose priorities from the list")
    .optional()
    .default([])
    .transform((ids) => [...new Set(ids.map(Number))]),
});

const costRow = z.object({
  description: requiredText("a description of the cost", MAX_SHORT),
  quantity: quantityField,
  unitPrice: unitPriceField,
  expenditureType: choiceField(EXPENDITURE_TYPES, "Choose capital or revenue"),
  recurrence: choiceField(RECURRENCES, "Choose one-off or recurring"),
  financialYearId: idField("Choose the financial year the cost falls in"),
});

export const costsSchema = z.object({
  version: versionField,
  fingerprint: fingerprintField,
  costs: rows(costRow, ["description", "quantity", "unitPrice"], ROW_LABELS.costs),
});

const matchRow = z.object({
  source: requiredText("who provides the match funding"),
  kind: choiceField(MATCH_FUNDING_KINDS, "Choose cash or in kind"),
  amount: poundsField("the amount"),
});

export const matchFundingSchema = z.object({
  version: versionField,
  fingerprint: fingerprintField,
  match: rows(matchRow, ["source", "amount"], ROW_LABELS.match),
});

const outcomeRow = z.object({
  measure: requiredText("the measure"),
  unit: requiredText("the unit it is counted in", 100),
  baseline: optionalNumberText("the baseline"),
  target: optionalNumberText("the target"),
  targetDate: optionalDateField("the target date"),
});

export const outcomesSchema = z.object({
  version: versionField,
  fingerprint: fingerprintField,
  outcomes: rows(outcomeRow, ["measure", "unit", "baseline", "target", "targetDate"], ROW_LABELS.outcomes),
});

const scale = (max: number, message: string) =>
  z
    .string({ required_error: message })
    .regex(new RegExp(`^[1-${max}]$`), message)
    .transform(Number);

const riskRow = z.object({
  description: requiredText("a description of the risk", 1000),
  likelihood: scale(6, "Choose how likely the risk is"),
  impact: scale(4, "Choose the impact if it happens"),
  mitigation: optionalText("the mitigation", MAX_LONG),
});

export const risksSchema = z.object({
  version: versionField,
  fingerprint: fingerprintField,
  risks: rows(riskRow, ["description", "mitigation"], ROW_LABELS.risks),
});

export const dataProtectionSchema = z
  .object({
    version: versionField,
    fingerprint: fingerprintField,
    holdsPersonalData: yesNoField("Say whether the project uses CCTV or holds personal data"),
    dpiaCompleted: z.enum(["yes", "no"]).optional(),
    equalityImpact: optionalText("the equality impact"),
  })
  .superRefine((v, ctx) => {
    if (v.holdsPersonalData && !v.dpiaCompleted) {
      ctx.addIssue({ code: "custom", path: ["dpiaCompleted"], message: "Say whether a data protection impact assessment (DPIA) has been done" });
    }
  })
  .transform((v) => ({ ...v, dpiaCompleted: v.holdsPersonalData ? v.dpiaCompleted === "yes" : null }));

export const SECTION_SCHEMAS = {
  details: detailsSchema,
  priorities: prioritiesSchema,
  costs: costsSchema,
  "match-funding": matchFundingSchema,
  outcomes: outcomesSchema,
  risks: risksSchema,
  "data-protection": dataProtectionSchema,
} satisfies Record<BidSectionKey, z.ZodTypeAny>;

/** The order fields appear in on each page, for the error summary. */
export const FIELD_ORDER: Record<BidSectionKey, string[]> = {
  details: ["title", "summary", "need", "activities", "deliveryPartners", "locations", "startDate", "endDate", "milestones"],
  priorities: ["priorities"],
  costs: ["costs"],
  "match-funding": ["match"],
  outcomes: ["outcomes"],
  risks: ["risks"],
  "data-protection": ["holdsPersonalData", "dpiaCompleted", "equalityImpact"],
};
