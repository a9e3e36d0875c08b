import { MAX_SCORE, type Band, type Rubric } from "./scoring";

/**
 * What makes a stream's rubric usable: criteria whose weights add up to 100, a descriptor for each
 * score from 0 to 5, bands that start at 0 and do not share a threshold, and keys that are unique
 * and never change for a row that already exists (score sheets are keyed by them).
 */

export const MAX_ROWS = 20;
export const REQUIRED_WEIGHT = 100;

export interface RubricProblem {
  /** The form field the problem belongs to, e.g. "criteria.2.weight". */
  field: string;
  message: string;
}

export function rubricProblems(rubric: Rubric): RubricProblem[] {
  const problems: RubricProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });

  if (rubric.gates.length > MAX_ROWS) add("gates.0.label", `A rubric can have at most ${MAX_ROWS} gates`);
  if (rubric.criteria.length === 0) add("criteria.0.label", "Enter at least one criterion");
  if (rubric.criteria.length > MAX_ROWS) add("criteria.0.label", `A rubric can have at most ${MAX_ROWS} criteria`);
  rubric.criteria.forEach((c, i) => {
    if (!Number.isInteger(c.weight) || c.weight < 1 || c.weight > REQUIRED_WEIGHT) add(`criteria.${i}.weight`, `The weight of ${c.label || `criterion ${i + 1}`} must be a whole number from 1 to ${REQUIRED_WEIGHT}`);
    if (c.descriptors.length !== MAX_SCORE + 1 || c.descriptors.some((d) => d.trim() === "")) {
      add(`criteria.${i}.descriptors`, `Enter ${MAX_SCORE + 1} descriptors for ${c.label || `criterion ${i + 1}`}, one a line: what a score of 0, 1, 2, 3, 4 and 5 means`);
    }
  });
  const total = rubric.criteria.reduce((n, c) => n + (Number.isInteger(c.weight) ? c.weight : 0), 0);
  if (rubric.criteria.length && !problems.some((p) => p.field.endsWith(".weight")) && total !== REQUIRED_WEIGHT) {
    add("criteria.0.weight", `The weights add up to ${total}: they must add up to ${REQUIRED_WEIGHT}`);
  }

  if (rubric.bands.length === 0) add("bands.0.label", "Enter at least one band");
  if (rubric.bands.length > MAX_ROWS) add("bands.0.label", `A rubric can have at most ${MAX_ROWS} bands`);
  const seen = new Set<number>();
  rubric.bands.forEach((b, i) => {
    if (!Number.isInteger(b.from) || b.from < 0 || b.from > 100) add(`bands.${i}.from`, `The lowest total for ${b.label || `band ${i + 1}`} must be a whole number from 0 to 100`);
    else if (seen.has(b.from)) add(`bands.${i}.from`, `Two bands start at ${b.from}: each band needs its own lowest total`);
    seen.add(b.from);
  });
  if (rubric.bands.length && !rubric.bands.some((b) => b.from === 0) && !problems.some((p) => p.field.startsWith("bands."))) {
    add(`bands.${rubric.bands.length - 1}.from`, "One band must start at 0, so that every total falls in a band");
  }
  return problems;
}

/**
 * Keys for rows: a row that already exists keeps its key; a new row gets one made from its label,
 * made unique among the others.
 */
export function withKeys<T extends { key?: string; label: string }>(rows: T[]): (T & { key: string })[] {
  const taken = new Set(rows.map((r) => r.key).filter((k): k is string => Boolean(k)));
  return rows.map((row) => {
    if (row.key) return { ...row, key: row.key };
    const base = row.label.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 40) || "row";
    let key = base;
    for (let n = 2; taken.has(key); n++) key = `${base}_${n}`;
    taken.add(key);
    return { ...row, key };
  });
}

/** Bands highest first, as the review page and the form list them. */
export const bandsInOrder = (bands: Band[]) => [...bands].sort((a, b) => b.from - a.from);

