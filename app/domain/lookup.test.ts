import { describe, expect, it } from "vitest";
import { lookup } from "./lookup";

describe("looking up what a user typed", () => {
  const BANNERS = { submitted: "Your bid has been submitted." };
  it("finds the table's own entries", () => {
    expect(lookup(BANNERS, "submitted")).toBe("Your bid has been submitted.");
  });
  it.each(["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "", "nothing"])("finds nothing for %j", (key) => {
    expect(lookup(BANNERS, key)).toBeUndefined();
  });
  it("finds nothing for no key", () => {
    expect(lookup(BANNERS, null)).toBeUndefined();
    expect(lookup(BANNERS, undefined)).toBeUndefined();
  });
});
