import { z } from "zod";
import { pageNumber } from "./page-query";
import { MAX_SCORE, type Rubric } from "../domain/scoring";
import { idField, requiredText, versionField } from "./fields";
import { partnershipText } from "./partnership-text";

/** The forms on a bid's review page, told apart by `intent`. */

export const assignSchema = z.object({
  version: versionField,
  reviewerId: idField("Choose a reviewer"),
  lead: z.literal("yes").optional().transform((v) => v === "yes"),
});

export const conflictSchema = z
  .object({
    conflict: z.enum(["none", "declared"], { errorMap: () => ({ message: "Say whether you have a conflict of interest" }) }),
    conflictDetails: z.string().trim().max(2000, "Details must be 2,000 characters or fewer").optional().default(""),
  })
  .superRefine((v, ctx) => {
    if (v.conflict === "declared" && !v.conflictDetails) ctx.addIssue({ code: "custom", path: ["conflictDetails"], message: "Describe the conflict of interest" });
  });

/**
 * Built from the stream's rubric: a pass or fail per gate, a score and a justification per
 * criterion. Every message names its gate or criterion, since the error summary lists them all,
 * and each group defaults to empty so a missing gate is reported on the gate, never as "Required".
 */
export function scoreSchema(rubric: Rubric) {
  const gate = (label: string) =>
    z.enum(["pass", "fail"], { errorMap: () => ({ message: `Choose pass or fail for the gate: ${label}` }) }).transform((v) => v === "pass");
  const score = (label: string) =>
    z
      .string({ errorMap: () => ({ message: `Choose a score for ${label}` }) })
      .min(1, `Choose a score for ${label}`)
      .regex(new RegExp(`^[0-${MAX_SCORE}]$`), `Choose a score from 0 to ${MAX_SCORE} for ${label}`)
      .transform(Number);
  return z.object({
    kind: z.enum(["individual", "moderated"], { errorMap: () => ({ message: "Choose whether this is your own score or the moderated score" }) }).default("individual"),
    gates: z.object(Object.fromEntries(rubric.gates.map((g) => [g.key, gate(g.label)]))).default({}),
    scores: z.object(Object.fromEntries(rubric.criteria.map((c) => [c.key, score(c.label)]))).default({}),
    justifications: z.object(Object.fromEntries(rubric.criteria.map((c) => [c.key, requiredText(`why you gave this score for ${c.label}`, 2000)]))).default({}),
  });
}

/** The score form's fields in the order the page shows them, for its error summary. */
export function scoreFieldOrder(rubric: Rubric): string[] {
  return ["kind", ...rubric.gates.map((g) => `gates.${g.key}`), ...rubric.criteria.flatMap((c) => [`scores.${c.key}`, `justifications.${c.key}`])];
}

export const commentSchema = z.object({
  body: requiredText("a comment", 5000),
  visibility: z.enum(["internal", "shared"], { errorMap: () => ({ message: "Choose who can see the comment" }) }),
});

export const requestChangesSchema = z.object({
  version: versionField,
  message: requiredText("what the partnership needs to change", 5000),
});

export const REVIEW_INTENTS = ["assign", "conflict", "score", "comment", "request-changes"] as const;
export type ReviewIntent = (typeof REVIEW_INTENTS)[number];

export const reviewQuerySchema = z.object({
  round: z.string().optional().transform((v) => (v && /^\d{1,10}$/.test(v) ? Number(v) : undefined)),
  csp: z.string().optional().transform((v) => (v && /^\d{1,10}$/.test(v) ? Number(v) : undefined)),
  /** Part of a partnership's name, typed where there are too many to list (app/data/partnership-filter.server.ts). */
  partnership: partnershipText,
  reviewer: z.string().optional().transform((v) => (v && /^\d{1,10}$/.test(v) ? Number(v) : undefined)),
  age: z.string().optional().transform((v) => (v && /^\d{1,4}$/.test(v) ? Number(v) : undefined)),
  page: pageNumber,
});
