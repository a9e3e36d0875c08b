/**
 * The risk matrix the councils use (Melton Borough Council's reports): likelihood 1–6 × impact 1–4.
 * Bands: 1–6 low, 8–12 medium, 15–24 high. The seed reports rate Low × Marginal (6) "Low Risk".
 */

export const LIKELIHOODS = [
  { value: 1, label: "Almost impossible" },
  { value: 2, label: "Very low" },
  { value: 3, label: "Low" },
  { value: 4, label: "Significant" },
  { value: 5, label: "High" },
  { value: 6, label: "Very high" },
] as const;

export const IMPACTS = [
  { value: 1, label: "Negligible" },
  { value: 2, label: "Marginal" },
  { value: 3, label: "Critical" },
  { value: 4, label: "Catastrophic" },
] as const;

export type RiskBand = "low" | "medium" | "high";

export function riskScore(likelihood: number, impact: number): number {
  if (!Number.isInteger(likelihood) || likelihood < 1 || likelihood > 6) throw new RangeError("Likelihood is 1 to 6");
  if (!Number.isInteger(impact) || impact < 1 || impact > 4) throw new RangeError("Impact is 1 to 4");
  return likelihood * impact;
}

export function riskBand(score: number): RiskBand {
  if (score <= 6) return "low";
  if (score <= 12) return "medium";
  return "high";
}

export const RISK_BAND_LABELS: Record<RiskBand, string> = { low: "Low", medium: "Medium", high: "High" };

export const likelihoodLabel = (v: number) => LIKELIHOODS.find((l) => l.value === v)?.label ?? String(v);
export const impactLabel = (v: number) => IMPACTS.find((l) => l.value === v)?.label ?? String(v);
