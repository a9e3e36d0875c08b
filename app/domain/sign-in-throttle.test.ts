import { describe, expect, it } from "vitest";
import { LOCK_MINUTES, MAX_FAILURES, WINDOW_MINUTES, lockedUntil, recordFailure, type ThrottleState } from "./sign-in-throttle";

const T0 = new Date("2024-05-01T09:00:00.000Z");
/** T0 plus some minutes (fractions allowed). */
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/**
 * One e-mail address being tried at the given minutes, each try failing, the way the sign-in
 * check uses these rules: a try while locked is refused without being counted.
 */
function failAt(minutes: number[], start?: ThrottleState) {
  let state = start;
  const outcomes: ("invalid" | "locked")[] = [];
  for (const m of minutes) {
    const now = at(m);
    if (lockedUntil(state, now)) {
      outcomes.push("locked");
      continue;
    }
    state = recordFailure(state, now);
    outcomes.push(lockedUntil(state, now) ? "locked" : "invalid");
  }
  return { state, outcomes };
}

describe("locking an address after repeated failed sign-ins", () => {
  it("the rules are five failures in 15 minutes, locking for 15 minutes", () => {
    expect(MAX_FAILURES).toBe(5);
    expect(WINDOW_MINUTES).toBe(15);
    expect(LOCK_MINUTES).toBe(15);
  });

  it("an address with no failures is not locked", () => {
    expect(lockedUntil(undefined, T0)).toBeNull();
  });

  it("four failures in a row do not lock the address", () => {
    const { state, outcomes } = failAt([0, 1, 2, 3]);
    expect(outcomes).toEqual(["invalid", "invalid", "invalid", "invalid"]);
    expect(state!.failures).toHaveLength(4);
    expect(lockedUntil(state, at(3))).toBeNull();
  });

  it("the fifth failure within 15 minutes locks the address for 15 minutes from that failure", () => {
    const { state, outcomes } = failAt([0, 1, 2, 3, 4]);
    expect(outcomes).toEqual(["invalid", "invalid", "invalid", "invalid", "locked"]);
    expect(lockedUntil(state, at(4))).toEqual(at(19));
    expect(state!.lockedUntil).toBe(at(19).toISOString());
  });

  it("five failures in the same instant lock the address", () => {
    const { outcomes } = failAt([0, 0, 0, 0, 0]);
    expect(outcomes[4]).toBe("locked");
  });

  it("five failures just inside 15 minutes (the last at 14m59s) lock the address", () => {
    const { outcomes } = failAt([0, 5, 10, 14, 14 + 59 / 60]);
    expect(outcomes[4]).toBe("locked");
  });

  it("failures spread over more than 15 minutes do not lock the address", () => {
    const { outcomes } = failAt([0, 4, 8, 12, 16]);
    expect(outcomes).toEqual(["invalid", "invalid", "invalid", "invalid", "invalid"]);
  });

  it("a failure 15 minutes after the first no longer counts it", () => {
    const { state } = failAt([0, 1, 2, 3, 15]);
    expect(state!.failures).toEqual([at(1), at(2), at(3), at(15)].map((d) => d.toISOString()));
    expect(state!.lockedUntil).toBeNull();
  });

  it("a slow trickle of failures, one every five minutes, never locks the address", () => {
    const minutes = Array.from({ length: 20 }, (_, i) => i * 5);
    const { outcomes } = failAt(minutes);
    expect(outcomes.every((o) => o === "invalid")).toBe(true);
  });

  it("while locked, further tries are refused", () => {
    const { outcomes } = failAt([0, 1, 2, 3, 4, 5, 10, 18.99]);
    expect(outcomes.slice(4)).toEqual(["locked", "locked", "locked", "locked"]);
  });

  it("the lock runs out 15 minutes after it began", () => {
    const { state } = failAt([0, 1, 2, 3, 4]);
    expect(lockedUntil(state, at(18.99))).not.toBeNull();
    expect(lockedUntil(state, at(19))).toBeNull();
    expect(lockedUntil(state, at(60))).toBeNull();
  });

  it("after the lock runs out, the count starts again from one", () => {
    const { state: locked } = failAt([0, 1, 2, 3, 4]);
    const { state, outcomes } = failAt([19, 20, 21, 22], locked);
    expect(outcomes).toEqual(["invalid", "invalid", "invalid", "invalid"]);
    expect(state!.failures).toEqual([at(19), at(20), at(21), at(22)].map((d) => d.toISOString()));
    expect(state!.lockedUntil).toBeNull();
  });

  it("after the lock runs out, five more failures lock the address again", () => {
    const { state: locked } = failAt([0, 1, 2, 3, 4]);
    const { state, outcomes } = failAt([19, 20, 21, 22, 23], locked);
    expect(outcomes[4]).toBe("locked");
    expect(lockedUntil(state, at(23))).toEqual(at(38));
  });

  it("records the time of each failure", () => {
    const first = recordFailure(undefined, at(0));
    expect(first).toEqual({ failures: [at(0).toISOString()], lockedUntil: null });
    const second = recordFailure(first, at(7));
    expect(second).toEqual({ failures: [at(0).toISOString(), at(7).toISOString()], lockedUntil: null });
  });

  it("does not change the state it is given", () => {
    const state: ThrottleState = { failures: [at(0).toISOString(), at(0.5).toISOString()], lockedUntil: null };
    const copy = structuredClone(state);
    recordFailure(state, at(1));
    expect(state).toEqual(copy);
  });

  // checkSignIn re-reads the throttle after the (slow) password check, so a wrong password already
  // being checked when another request set the lock records its failure against the locked state.
  it("a failure recorded while the address is still locked does not lift the lock", () => {
    const { state: locked } = failAt([0, 1, 2, 3, 4]);
    const after = recordFailure(locked, at(5));
    expect(lockedUntil(after, at(5))).not.toBeNull();
  });

  it("any five failures within 15 minutes lock the address, even across the end of a count", () => {
    // Failures at 12, 13, 14, 15 and 16 minutes are five within four minutes.
    const { outcomes } = failAt([0, 12, 13, 14, 15, 16]);
    expect(outcomes[5]).toBe("locked");
  });
});
