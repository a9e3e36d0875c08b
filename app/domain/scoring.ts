/**
 * Scoring a bid against its stream's rubric: pass/fail gates first, then weighted criteria scored
 * 0–5, giving a weighted total out of 100 that falls in a band. Rubrics are data, kept per stream.
 */

export interface Gate {
  key: string;
  label: string;
}

export interface Criterion {
  key: string;
  label: string;
  weight: number;
  /** What each score 0–5 means. */
  descriptors: string[];
}

export interface Band {
  key: string;
  label: string;
  /** The lowest weighted total (0–100) in this band. */
  from: number;
}

export interface Rubric {
  gates: Gate[];
  criteria: Criterion[];
  bands: Band[];
}

export const MAX_SCORE = 5;

const DESCRIPTORS = ["No evidence", "Poor", "Weak", "Adequate", "Good", "Excellent"];

export const DEFAULT_RUBRIC: Rubric = {
  gates: [
    { key: "eligibility", label: "Eligible for this fund" },
    { key: "governance", label: "Governance and accountable body in place" },
  ],
  criteria: [
    { key: "plan", label: "Alignment with the Police and Crime Plan", weight: 25, descriptors: DESCRIPTORS },
    { key: "need", label: "Evidence of need", weight: 20, descriptors: DESCRIPTORS },
    { key: "outcomes", label: "Measurable outcomes", weight: 20, descriptors: DESCRIPTORS },
    { key: "value", label: "Value for money", weight: 15, descriptors: DESCRIPTORS },
    { key: "deliverability", label: "Deliverability", weight: 10, descriptors: DESCRIPTORS },
    { key: "risk", label: "Risk management", weight: 10, descriptors: DESCRIPTORS },
  ],
  bands: [
    { key: "recommend", label: "Recommend", from: 70 },
    { key: "refer", label: "Refer to the PCC", from: 50 },
    { key: "do_not_recommend", label: "Do not recommend", from: 0 },
  ],
};

export interface ScoreSheet {
  gates: Record<string, boolean>;
  scores: Record<string, number>;
}

export type ScoreResult =
  | { kind: "failed-gate"; failed: string[]; band: Band }
  | { kind: "scored"; total: number; band: Band };

/** The weighted total out of 100, to one decimal place. */
export function weightedTotal(rubric: Rubric, scores: Record<string, number>): number {
  const totalWeight = rubric.criteria.reduce((n, c) => n + c.weight, 0);
  if (totalWeight <= 0) throw new RangeError("A rubric needs criteria with weights");
  let sum = 0;
  for (const c of rubric.criteria) {
    const score = scores[c.key];
    if (!Number.isInteger(score) || score < 0 || score > MAX_SCORE) throw new RangeError(`${c.label} needs a score from 0 to ${MAX_SCORE}`);
    sum += c.weight * score;
  }
  return Math.round((sum / (totalWeight * MAX_SCORE)) * 1000) / 10;
}

export function bandFor(rubric: Rubric, total: number): Band {
  const bands = [...rubric.bands].sort((a, b) => b.from - a.from);
  return bands.find((b) => total >= b.from) ?? bands[bands.length - 1];
}

/** A failed gate puts the bid in the lowest band whatever it scores. */
export function scoreBid(rubric: Rubric, sheet: ScoreSheet): ScoreResult {
  const failed = rubric.gates.filter((g) => sheet.gates[g.key] !== true).map((g) => g.key);
  const lowest = [...rubric.bands].sort((a, b) => a.from - b.from)[0];
  if (failed.length) return { kind: "failed-gate", failed, band: lowest };
  const total = weightedTotal(rubric, sheet.scores);
  return { kind: "scored", total, band: bandFor(rubric, total) };
}

/** The spread of several reviewers' totals: lowest, highest and the difference. */
export function spread(totals: number[]) {
  if (totals.length === 0) return null;
  const low = Math.min(...totals);
  const high = Math.max(...totals);
  return { low, high, difference: Math.round((high - low) * 10) / 10 };
}
