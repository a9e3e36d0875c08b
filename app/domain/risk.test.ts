import { describe, expect, it } from "vitest";
import { IMPACTS, LIKELIHOODS, RISK_BAND_LABELS, impactLabel, likelihoodLabel, riskBand, riskScore, type RiskBand } from "./risk";

/** The whole matrix as the councils' reports print it: rows are likelihood 1–6, columns impact 1–4. */
const MATRIX: Record<number, RiskBand[]> = {
  1: ["low", "low", "low", "low"], // 1, 2, 3, 4
  2: ["low", "low", "low", "medium"], // 2, 4, 6, 8
  3: ["low", "low", "medium", "medium"], // 3, 6, 9, 12
  4: ["low", "medium", "medium", "high"], // 4, 8, 12, 16
  5: ["low", "medium", "high", "high"], // 5, 10, 15, 20
  6: ["low", "medium", "high", "high"], // 6, 12, 18, 24
};

const cells = Object.entries(MATRIX).flatMap(([likelihood, row]) =>
  row.map((band, i) => ({ likelihood: Number(likelihood), impact: i + 1, band })),
);

describe("risk score", () => {
  it.each(cells.map((c) => [c.likelihood, c.impact, c.likelihood * c.impact] as const))(
    "likelihood %i × impact %i scores %i",
    (likelihood, impact, score) => {
      expect(riskScore(likelihood, impact)).toBe(score);
    },
  );

  it.each([0, 7, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("refuses a likelihood of %s", (likelihood) => {
    expect(() => riskScore(likelihood, 2)).toThrow(RangeError);
    expect(() => riskScore(likelihood, 2)).toThrow("Likelihood is 1 to 6");
  });

  it.each([0, 5, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY])("refuses an impact of %s", (impact) => {
    expect(() => riskScore(3, impact)).toThrow(RangeError);
    expect(() => riskScore(3, impact)).toThrow("Impact is 1 to 4");
  });
});

describe("risk band on the 6 × 4 matrix", () => {
  it.each(cells.map((c) => [c.likelihood, c.impact, c.band] as const))(
    "likelihood %i × impact %i is a %s risk",
    (likelihood, impact, band) => {
      expect(riskBand(riskScore(likelihood, impact))).toBe(band);
    },
  );

  it("scores 1 to 6 are low, 8 to 12 medium, 15 to 24 high", () => {
    for (const score of [1, 2, 3, 4, 5, 6]) expect(riskBand(score)).toBe("low");
    for (const score of [8, 9, 10, 12]) expect(riskBand(score)).toBe("medium");
    for (const score of [15, 16, 18, 20, 24]) expect(riskBand(score)).toBe("high");
  });

  it("the 24 cells split into 12 low, 7 medium and 5 high", () => {
    const count = (band: RiskBand) => cells.filter((c) => c.band === band).length;
    expect(cells).toHaveLength(24);
    expect(count("low") + count("medium") + count("high")).toBe(24);
    expect(count("low")).toBe(12);
    expect(count("medium")).toBe(7);
    expect(count("high")).toBe(5);
  });
});

describe("Melton Borough Council's report examples", () => {
  it("Low likelihood (3) × Marginal impact (2) scores 6 and is a Low risk", () => {
    expect(likelihoodLabel(3)).toBe("Low");
    expect(impactLabel(2)).toBe("Marginal");
    expect(riskScore(3, 2)).toBe(6);
    expect(RISK_BAND_LABELS[riskBand(riskScore(3, 2))]).toBe("Low");
  });

  it("Very low likelihood (2) × Critical impact (3) scores 6 and is a Low risk", () => {
    expect(likelihoodLabel(2)).toBe("Very low");
    expect(impactLabel(3)).toBe("Critical");
    expect(riskScore(2, 3)).toBe(6);
    expect(RISK_BAND_LABELS[riskBand(riskScore(2, 3))]).toBe("Low");
  });

  it("Low likelihood (3) × Critical impact (3) scores 9 and is a Medium risk", () => {
    expect(riskScore(3, 3)).toBe(9);
    expect(RISK_BAND_LABELS[riskBand(riskScore(3, 3))]).toBe("Medium");
  });
});

describe("likelihood and impact labels", () => {
  it("lists likelihoods 1 to 6 in order with the councils' wording", () => {
    expect(LIKELIHOODS.map((l) => l.value)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(LIKELIHOODS.map((l) => l.label)).toEqual(["Almost impossible", "Very low", "Low", "Significant", "High", "Very high"]);
  });

  it("lists impacts 1 to 4 in order with the councils' wording", () => {
    expect(IMPACTS.map((i) => i.value)).toEqual([1, 2, 3, 4]);
    expect(IMPACTS.map((i) => i.label)).toEqual(["Negligible", "Marginal", "Critical", "Catastrophic"]);
  });

  it("shows an unknown value as the number itself rather than failing", () => {
    expect(likelihoodLabel(9)).toBe("9");
    expect(impactLabel(0)).toBe("0");
  });

  it("names the three bands", () => {
    expect(RISK_BAND_LABELS).toEqual({ low: "Low", medium: "Medium", high: "High" });
  });
});
