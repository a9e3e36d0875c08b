/**
 * The funding formula: each CSP's share of a pot from weighted indicators (population, recorded
 * crime, deprivation…), rounded to whole pounds by the largest-remainder method so the allocations
 * add up exactly to the pot.
 *
 * For indicator k with weight w_k, CSP i's share is Σ_k w_k · x_ik / Σ_j x_jk, divided by Σ_k w_k.
 * Indicators and weights are data: any number of each, weights need not add up to 1.
 */

export interface Indicator {
  key: string;
  label: string;
  weight: number;
}

export interface FormulaInput {
  /** Whole pounds to share out (the pot less any central fund). */
  potPounds: number;
  indicators: Indicator[];
  /** Each CSP's value for each indicator key. */
  csps: { id: number; name: string; values: Record<string, number> }[];
}

export interface FormulaLine {
  id: number;
  name: string;
  /** 0–1 */
  share: number;
  exactPounds: number;
  pounds: number;
}

export class FormulaError extends Error {}

export function applyFormula({ potPounds, indicators, csps }: FormulaInput): FormulaLine[] {
  if (!Number.isInteger(potPounds) || potPounds < 0) throw new FormulaError("The pot must be a whole number of pounds");
  if (csps.length === 0) return [];
  const weighted = indicators.filter((i) => i.weight > 0);
  if (indicators.some((i) => !Number.isFinite(i.weight) || i.weight < 0)) throw new FormulaError("Weights must be zero or more");
  const totalWeight = weighted.reduce((n, i) => n + i.weight, 0);
  if (totalWeight === 0) throw new FormulaError("At least one indicator needs a weight above zero");

  const totals = new Map<string, number>();
  for (const indicator of weighted) {
    let total = 0;
    for (const csp of csps) {
      const v = csp.values[indicator.key];
      if (v === undefined || !Number.isFinite(v) || v < 0) throw new FormulaError(`${csp.name} needs a value of zero or more for ${indicator.label}`);
      total += v;
    }
    if (total === 0) throw new FormulaError(`Every partnership has 0 for ${indicator.label}: give it a weight of 0 or enter values`);
    totals.set(indicator.key, total);
  }

  const shares = csps.map((csp) => weighted.reduce((n, i) => n + (i.weight * csp.values[i.key]) / totals.get(i.key)!, 0) / totalWeight);
  const pounds = largestRemainder(
    potPounds,
    shares.map((share, index) => ({ index, exact: share * potPounds, tieBreak: csps[index].name })),
  );
  return csps.map((csp, i) => ({ id: csp.id, name: csp.name, share: shares[i], exactPounds: shares[i] * potPounds, pounds: pounds[i] }));
}

/**
 * Whole units adding up to `total`: each gets the floor of its exact amount, then the units left
 * over go one each to the largest remainders (ties by name, so the result never depends on order).
 */
export function largestRemainder(total: number, parts: { index: number; exact: number; tieBreak: string }[]): number[] {
  const result = new Array<number>(parts.length).fill(0);
  let given = 0;
  for (const part of parts) {
    // Guard against 99.99999999 for an exact 100 from floating-point shares.
    const floor = Math.floor(part.exact + 1e-9);
    result[part.index] = floor;
    given += floor;
  }
  const order = [...parts].sort((a, b) => {
    const ra = a.exact - Math.floor(a.exact + 1e-9);
    const rb = b.exact - Math.floor(b.exact + 1e-9);
    return rb - ra || a.tieBreak.localeCompare(b.tieBreak) || a.index - b.index;
  });
  let left = total - given;
  for (let i = 0; left > 0; i = (i + 1) % order.length, left--) result[order[i].index] += 1;
  // Floating-point shares can overshoot by a hair: take back from the smallest remainders.
  for (let i = 0; left < 0; i++, left++) result[order[order.length - 1 - (i % order.length)].index] -= 1;
  return result;
}
