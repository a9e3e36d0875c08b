import { describe, expect, it } from "vitest";
import { FormulaError, applyFormula, largestRemainder } from "./allocation-formula";

const THAMES_VALLEY = [
  { key: "population", label: "Population", weight: 0.5 },
  { key: "crime", label: "Recorded crime", weight: 0.25 },
  { key: "demand", label: "Non-crime demand", weight: 0.25 },
];

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe("the funding formula", () => {
  it("gives equal partnerships equal shares of the pot", () => {
    const lines = applyFormula({
      potPounds: 90_000,
      indicators: THAMES_VALLEY,
      csps: [1, 2, 3].map((id) => ({ id, name: `CSP ${id}`, values: { population: 100, crime: 50, demand: 10 } })),
    });
    expect(lines.map((l) => l.pounds)).toEqual([30_000, 30_000, 30_000]);
  });

  it("splits a pot that does not divide evenly so the allocations still add up to it exactly", () => {
    const lines = applyFormula({
      potPounds: 100_000,
      indicators: [{ key: "population", label: "Population", weight: 1 }],
      csps: [1, 2, 3].map((id) => ({ id, name: `CSP ${id}`, values: { population: 1 } })),
    });
    expect(sum(lines.map((l) => l.pounds))).toBe(100_000);
    expect(lines.map((l) => l.pounds).sort()).toEqual([33_333, 33_333, 33_334]);
  });

  it("weights each indicator: a partnership with all the crime gets the crime weight's share", () => {
    const lines = applyFormula({
      potPounds: 1_000,
      indicators: [
        { key: "population", label: "Population", weight: 3 },
        { key: "crime", label: "Crime", weight: 1 },
      ],
      csps: [
        { id: 1, name: "A", values: { population: 50, crime: 100 } },
        { id: 2, name: "B", values: { population: 50, crime: 0 } },
      ],
    });
    // A: 3/4 × 1/2 + 1/4 × 1 = 0.625
    expect(lines[0].pounds).toBe(625);
    expect(lines[1].pounds).toBe(375);
  });

  it("adds up exactly to the pot for awkward weights and pots, hundreds of times over", () => {
    const random = rng(7);
    for (let run = 0; run < 300; run++) {
      const cspCount = 1 + Math.floor(random() * 40);
      const indicators = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, k) => ({ key: `k${k}`, label: `Indicator ${k}`, weight: Math.round(random() * 1000) / 1000 + 0.001 }));
      const potPounds = Math.floor(random() * 2_000_000);
      const csps = Array.from({ length: cspCount }, (_, i) => ({
        id: i + 1,
        name: `CSP ${i}`,
        values: Object.fromEntries(indicators.map((ind) => [ind.key, Math.round(random() * 1e6) / 100 + (i === 0 ? 1 : 0)])),
      }));
      const lines = applyFormula({ potPounds, indicators, csps });
      expect(sum(lines.map((l) => l.pounds))).toBe(potPounds);
      for (const line of lines) {
        expect(line.pounds).toBeGreaterThanOrEqual(0);
        expect(Math.abs(line.pounds - line.exactPounds)).toBeLessThan(1);
      }
    }
  });

  it("does not depend on the order the partnerships are listed in", () => {
    const csps = [
      { id: 1, name: "Blaby", values: { population: 1 } },
      { id: 2, name: "Charnwood", values: { population: 1 } },
      { id: 3, name: "Melton", values: { population: 1 } },
    ];
    const indicators = [{ key: "population", label: "Population", weight: 1 }];
    const forward = applyFormula({ potPounds: 100, indicators, csps });
    const backward = applyFormula({ potPounds: 100, indicators, csps: [...csps].reverse() });
    const byId = (ls: typeof forward) => Object.fromEntries(ls.map((l) => [l.id, l.pounds]));
    expect(byId(forward)).toEqual(byId(backward));
  });

  it("refuses a formula it cannot apply, with a reason", () => {
    const csps = [{ id: 1, name: "Melton", values: { population: 0 } }];
    expect(() => applyFormula({ potPounds: 100, indicators: [{ key: "population", label: "Population", weight: 1 }], csps })).toThrow(FormulaError);
    expect(() => applyFormula({ potPounds: 100, indicators: [{ key: "population", label: "Population", weight: 0 }], csps })).toThrow(/weight above zero/);
    expect(() => applyFormula({ potPounds: 100.5, indicators: [{ key: "population", label: "Population", weight: 1 }], csps })).toThrow(/whole number/);
    expect(() => applyFormula({ potPounds: 100, indicators: [{ key: "crime", label: "Crime", weight: 1 }], csps })).toThrow(/Melton needs a value/);
  });
});

describe("largest remainder rounding", () => {
  it("gives the leftover pounds to the largest remainders", () => {
    expect(largestRemainder(10, [
      { index: 0, exact: 3.6, tieBreak: "a" },
      { index: 1, exact: 3.3, tieBreak: "b" },
      { index: 2, exact: 3.1, tieBreak: "c" },
    ])).toEqual([4, 3, 3]);
  });
});

describe("the round's limit per partnership", () => {
  const population = [{ key: "population", label: "Population", weight: 1 }];
  const cspsOf = (values: number[]) => values.map((v, i) => ({ id: i + 1, name: `CSP ${i + 1}`, values: { population: v } }));

  it("holds a partnership at the limit and shares what it would have had above it among the others", () => {
    // Shares 60% / 20% / 20% of £100,000, with a £40,000 limit: £20,000 over is shared equally.
    const lines = applyFormula({ potPounds: 100_000, indicators: population, csps: cspsOf([6, 2, 2]), capPounds: 40_000 });
    expect(lines.map((l) => [l.pounds, l.capped])).toEqual([[40_000, true], [30_000, false], [30_000, false]]);
  });

  it("caps again when sharing the excess takes another partnership over the limit", () => {
    // 50/30/20 of £1,000 with a £350 limit: 500→350 gives the others 150 × 3/5 and 2/5, taking
    // the second to 390, so it is held too and the third gets the rest.
    const lines = applyFormula({ potPounds: 1_000, indicators: population, csps: cspsOf([5, 3, 2]), capPounds: 350 });
    expect(lines.map((l) => l.pounds)).toEqual([350, 350, 300]);
    expect(lines.map((l) => l.capped)).toEqual([true, true, false]);
  });

  it("leaves part of the pot unallocated only when every partnership is at the limit", () => {
    const lines = applyFormula({ potPounds: 1_000, indicators: population, csps: cspsOf([1, 1, 1]), capPounds: 300 });
    expect(lines.map((l) => l.pounds)).toEqual([300, 300, 300]);
  });

  it("never gives anyone more than the limit, and otherwise adds up to the pot, for awkward shares and limits", () => {
    const random = rng(7);
    for (let run = 0; run < 500; run++) {
      const csps = cspsOf(Array.from({ length: 1 + Math.floor(random() * 12) }, () => Math.floor(random() * 1_000)).map((v) => v + 1));
      const potPounds = Math.floor(random() * 500_000);
      const capPounds = Math.floor(random() * potPounds);
      const lines = applyFormula({ potPounds, indicators: population, csps, capPounds });
      for (const line of lines) expect(line.pounds).toBeLessThanOrEqual(capPounds);
      const total = sum(lines.map((l) => l.pounds));
      if (capPounds * csps.length >= potPounds) expect(total).toBe(potPounds);
      else expect(total).toBe(capPounds * csps.length);
    }
  });
});
