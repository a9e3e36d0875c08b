/**
 * The funding formula: each CSP's share of a pot from weighted indicators (population, recorded
 * crime, deprivation…), rounded to whole pounds by the largest-remainder method so the allocations
 * add up exactly to the pot.
 *
 * For indicator k with weight w_k, CSP i's share is Σ_k w_k · x_ik / Σ_j x_jk, divided by Σ_k w_k.
 * Indicators and weights are data: any number of each, weights need not add up to 1.
 *
 * A round may cap what one CSP is given: a CSP whose share comes to more is held at the cap and
 * the excess is shared among the others by their shares, repeatedly, until nobody is over it. Only
 * when every CSP is at the cap is part of the pot left unallocated.
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
  /** The most one CSP may be given, in whole pounds; none when null or absent. */
  capPounds?: number | null;
}

export interface FormulaLine {
  id: number;
  name: string;
  /** 0–1 */
  share: number;
  exactPounds: number;
  pounds: number;
  /** Held at the round's cap: the formula alone would give more. */
  capped: boolean;
}

export class FormulaError extends Error {}

export function applyFormula({ potPounds, indicators, csps, capPounds = null }: FormulaInput): FormulaLine[] {
  if (!Number.isInteger(potPounds) || potPounds < 0) throw new FormulaError("The pot must be a whole number of pounds");
  if (capPounds !== null && (!Number.isInteger(capPounds) || capPounds < 0)) throw new FormulaError("The limit per partnership must be a whole number of pounds");
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
  const { exact, capped } = capShares(shares, potPounds, capPounds);
  const shared = capped.every(Boolean) ? exact.reduce((n, x) => n + x, 0) : potPounds;
  const pounds = largestRemainder(
    Math.round(shared),
    exact.map((x, index) => ({ index, exact: x, tieBreak: csps[index].name })),
  );
  return csps.map((csp, i) => ({ id: csp.id, name: csp.name, share: shares[i], exactPounds: exact[i], pounds: pounds[i], capped: capped[i] }));
}

/** Each CSP's exact amount of the pot by share, with any over the cap held at it and the excess shared among the rest. */
function capShares(shares: number[], potPounds: number, capPounds: number | null): { exact: number[]; capped: boolean[] } {
  const capped = shares.map(() => false);
  const exact = shares.map((share) => share * potPounds);
  if (capPounds === null) return { exact, capped };
  for (;;) {
    const open = shares.map((_, i) => i).filter((i) => !capped[i]);
    const left = potPounds - capPounds * (shares.length - open.length);
    const openShare = open.reduce((n, i) => n + shares[i], 0);
    for (const i of open) exact[i] = openShare > 0 ? (shares[i] / openShare) * left : left / open.length;
    const over = open.filter((i) => exact[i] > capPounds + 1e-9);
    if (over.length === 0) return { exact, capped };
    for (const i of over) {
      capped[i] = true;
      exact[i] = capPounds;
    }
    if (over.length === open.length) return { exact, capped };
  }
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
