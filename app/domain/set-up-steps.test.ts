import { describe, expect, it } from "vitest";
import { setUpSteps, setUpUnfinished } from "./set-up-steps";

const NOTHING = { opccNamed: false, partnerships: 0, streams: 0, planPriorities: 0, cspLeads: 0, rounds: 0 };

describe("the steps before a partnership can bid", () => {
  it("on an empty portal, none is done, in the order an OPCC takes them", () => {
    const steps = setUpSteps(NOTHING);
    expect(steps.map((s) => s.href)).toEqual(["/settings/opcc", "/settings/partnerships/new", "/settings/streams/new", "/settings/priorities", "/settings/people/invite", "/rounds/new"]);
    expect(steps.every((s) => !s.done)).toBe(true);
    expect(setUpUnfinished(steps)).toBe(true);
  });

  it("each is done once the portal holds what it makes, and then the list is finished", () => {
    const steps = setUpSteps({ opccNamed: true, partnerships: 1, streams: 1, planPriorities: 3, cspLeads: 1, rounds: 1 });
    expect(steps.every((s) => s.done)).toBe(true);
    expect(setUpUnfinished(steps)).toBe(false);
    expect(setUpSteps({ ...NOTHING, planPriorities: 1 }).find((s) => s.href === "/settings/priorities")!.done).toBe(true);
  });
});
