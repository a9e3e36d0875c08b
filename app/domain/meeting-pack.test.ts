import { describe, expect, it } from "vitest";
import { formatPence } from "./money";
import { describeRecommendation, recommendationFor, recommendationTotals } from "./meeting-pack";
import { DEFAULT_RUBRIC, type Band } from "./scoring";

const bands = DEFAULT_RUBRIC.bands;
const band = (key: string) => ({ key });

describe("the meeting pack's recommendation", () => {
  it("recommends the whole request in the top band, to the penny", () => {
    expect(recommendationFor(band("recommend"), bands, 303_499)).toEqual({ kind: "recommend", amountPence: 303_499 });
    expect(recommendationFor(band("recommend"), bands, 1)).toEqual({ kind: "recommend", amountPence: 1 });
  });

  it("recommends nothing in the bottom band and refers the bands between", () => {
    expect(recommendationFor(band("do_not_recommend"), bands, 150_000)).toEqual({ kind: "do_not_recommend", amountPence: 0 });
    expect(recommendationFor(band("refer"), bands, 150_000)).toEqual({ kind: "refer", amountPence: null });
  });

  it("goes by a band's place in the rubric, whatever its key or the order the rubric lists them", () => {
    const own: Band[] = [
      { key: "c", label: "Low", from: 0 },
      { key: "a", label: "Fund", from: 80 },
      { key: "b2", label: "Maybe", from: 40 },
      { key: "b1", label: "Probably", from: 60 },
    ];
    expect(recommendationFor(band("a"), own, 500).kind).toBe("recommend");
    expect(recommendationFor(band("b1"), own, 500).kind).toBe("refer");
    expect(recommendationFor(band("b2"), own, 500).kind).toBe("refer");
    expect(recommendationFor(band("c"), own, 500).kind).toBe("do_not_recommend");
  });

  it("with a single band, recommends the request", () => {
    expect(recommendationFor(band("only"), [{ key: "only", label: "Only", from: 0 }], 12_345)).toEqual({ kind: "recommend", amountPence: 12_345 });
  });

  it("has none for a bid not moderated, and refers a band the rubric no longer has", () => {
    expect(recommendationFor(null, bands, 100)).toEqual({ kind: "not_moderated", amountPence: null });
    expect(recommendationFor(band("gone"), bands, 100)).toEqual({ kind: "refer", amountPence: null });
  });

  it("never recommends less than nothing when match funding exceeds the cost", () => {
    expect(recommendationFor(band("recommend"), bands, -500)).toEqual({ kind: "recommend", amountPence: 0 });
  });

  it("says it in words and adds up what it recommends", () => {
    const rs = [recommendationFor(band("recommend"), bands, 153_500), recommendationFor(band("recommend"), bands, 76_779), recommendationFor(band("refer"), bands, 1), recommendationFor(null, bands, 1), recommendationFor(band("do_not_recommend"), bands, 9)];
    expect(rs.map((r) => describeRecommendation(r, formatPence))).toEqual(["£1,535.00", "£767.79", "For the PCC to decide", "None yet", "£0.00"]);
    expect(recommendationTotals(rs)).toEqual({ recommendedPence: 230_279, referred: 1, notModerated: 1 });
  });
});
