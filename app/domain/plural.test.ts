import { describe, expect, it } from "vitest";
import { plural } from "./plural";

describe("a count in words", () => {
  it("takes the singular for one and the plural for every other number, none included", () => {
    expect(plural(1, "return is", "returns are")).toBe("1 return is");
    expect(plural(0, "return is", "returns are")).toBe("0 returns are");
    expect(plural(2, "grant", "grants")).toBe("2 grants");
  });

  it("groups thousands with commas", () => {
    expect(plural(1204, "grant", "grants")).toBe("1,204 grants");
  });
});
