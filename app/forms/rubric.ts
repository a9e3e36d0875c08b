import { z } from "zod";
import { rubricProblems, withKeys } from "../domain/rubric-rules";
import type { Rubric } from "../domain/scoring";
import { MAX_SHORT } from "./fields";

/**
 * A stream's rubric as the settings form sends it: rows of gates, criteria and bands, each saved
 * row with its key (hidden) and a Remove box, plus a blank row of each to add one. Blank new rows
 * are skipped. The rubric's own rules (app/domain/rubric-rules.ts) are checked here too, and each
 * problem is put on the field the user typed it in.
 */

const key = z.string().regex(/^[a-z0-9_]{1,60}$/).optional().or(z.literal("").transform(() => undefined));
const text = z.string().max(5000).optional().default("");
const remove = z.literal("yes").optional();

const row = <T extends z.ZodRawShape>(shape: T) => z.object({ key, label: text, remove, ...shape });
const rows = <T extends z.ZodTypeAny>(schema: T) =>
  z
    .array(schema.optional())
    .max(60)
    .optional()
    .default([])
    // A sparse array (a row missing from the form) reads as no row.
    .transform((list) => Array.from(list, (r, index) => (r ? { ...(r as object), index } : null)).filter((r): r is NonNullable<typeof r> => r !== null));

const gateRow = row({});
const criterionRow = row({ weight: text, descriptors: text });
const bandRow = row({ from: text });

type Kept<T> = T & { index: number };

/** A row is left out when its Remove box is ticked, or when it is new and every box is blank. */
function kept<T extends { key?: string; label: string; remove?: "yes"; index: number }>(list: T[], others: (r: T) => string[]): Kept<T>[] {
  return list.filter((r) => r.remove !== "yes" && (r.key || [r.label, ...others(r)].some((v) => v.trim() !== "")));
}

const wholeNumber = (typed: string) => (/^\s*\d{1,3}\s*$/.test(typed) ? Number(typed) : NaN);
const lines = (typed: string) => typed.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

export const rubricSchema = z
  .object({
    version: z.string().regex(/^[0-9a-f]{16}$/, "Reload the page and try again"),
    gates: rows(gateRow),
    criteria: rows(criterionRow),
    bands: rows(bandRow),
  })
  .transform((v, ctx) => {
    const gates = kept(v.gates as Kept<z.infer<typeof gateRow>>[], () => []);
    const criteria = kept(v.criteria as Kept<z.infer<typeof criterionRow>>[], (r) => [r.weight, r.descriptors]);
    const bands = kept(v.bands as Kept<z.infer<typeof bandRow>>[], (r) => [r.from]);
    let refused = false;
    const issue = (path: (string | number)[], message: string) => {
      refused = true;
      ctx.addIssue({ code: "custom", path, message });
    };

    for (const [name, list, what] of [["gates", gates, "gate"], ["criteria", criteria, "criterion"], ["bands", bands, "band"]] as const) {
      for (const r of list) {
        const label = r.label.trim();
        if (!label) issue([name, r.index, "label"], `Enter the name of ${what} ${r.index + 1}, or tick Remove`);
        else if (label.length > MAX_SHORT) issue([name, r.index, "label"], `The name of ${what} ${r.index + 1} must be ${MAX_SHORT} characters or fewer`);
      }
    }
    for (const r of criteria) if (Number.isNaN(wholeNumber(r.weight))) issue(["criteria", r.index, "weight"], `Enter the weight of ${r.label.trim() || `criterion ${r.index + 1}`} as a whole number, like 20`);
    for (const r of bands) if (Number.isNaN(wholeNumber(r.from))) issue(["bands", r.index, "from"], `Enter the lowest total for ${r.label.trim() || `band ${r.index + 1}`} as a whole number from 0 to 100`);
    if (refused) return z.NEVER;

    const rubric: Rubric = {
      gates: withKeys(gates.map((r) => ({ key: r.key, label: r.label.trim() }))),
      criteria: withKeys(criteria.map((r) => ({ key: r.key, label: r.label.trim(), weight: wholeNumber(r.weight), descriptors: lines(r.descriptors) }))),
      bands: withKeys(bands.map((r) => ({ key: r.key, label: r.label.trim(), from: wholeNumber(r.from) }))),
    };
    // The rules speak of rows as kept; the form's fields are numbered as the form had them.
    const formIndex = { gates: gates.map((r) => r.index), criteria: criteria.map((r) => r.index), bands: bands.map((r) => r.index) };
    for (const p of rubricProblems(rubric)) {
      const [name, i, field] = p.field.split(".") as ["gates" | "criteria" | "bands", string, string];
      issue([name, formIndex[name][Number(i)] ?? 0, field], p.message);
    }
    if (refused) return z.NEVER;
    return { version: v.version, rubric };
  });
