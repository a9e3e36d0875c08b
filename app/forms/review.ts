import { z } from "zod";
import { MAX_SCORE, type Rubric } from "../domain/scoring";
import { idField, requiredText, versionField } from "./fields";

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

/** Built from the stream's rubric: a pass or fail per gate, a score and a justification per criterion. */
export function scoreSchema(rubric: Rubric) {
  const gate = z.enum(["pass", "fail"], { errorMap: () => ({ message: "Choose pass or fail" }) }).transform((v) => v === "pass");
  const score = z
    .string({ required_error: "Choose a score" })
    .regex(new RegExp(`^[0-${MAX_SCORE}]$`), "Choose a score from 0 to 5")
    .transform(Number);
  return z.object({
    kind: z.enum(["individual", "moderated"]).default("individual"),
    gates: z.object(Object.fromEntries(rubric.gates.map((g) => [g.key, gate]))),
    scores: z.object(Object.fromEntries(rubric.criteria.map((c) => [c.key, score]))),
    justifications: z.object(Object.fromEntries(rubric.criteria.map((c) => [c.key, requiredText(`why you gave this score for ${c.label.toLowerCase()}`, 2000)]))),
  });
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
  reviewer: z.string().optional().transform((v) => (v && /^\d{1,10}$/.test(v) ? Number(v) : undefined)),
  age: z.string().optional().transform((v) => (v && /^\d{1,4}$/.test(v) ? Number(v) : undefined)),
  page: z.string().optional().transform((v) => (v && /^\d{1,6}$/.test(v) && Number(v) >= 1 ? Number(v) : 1)),
});
