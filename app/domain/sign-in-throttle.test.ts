import { describe, expect, it } from "vitest";
import {
  KEEP_FAILURES_MINUTES,
  KEEP_SUCCESSES_MINUTES,
  KNOWN_CLIENT_MINUTES,
  KNOWN_DEVICE_MINUTES,
  LIMITS,
  LIMIT_NAMES,
  clientKey,
  heldUntil,
  limitApplies,
  refusal,
  windowStart,
  type LimitName,
  type Standing,
  type Tally,
} from "./sign-in-throttle";

const T0 = new Date("2024-05-01T09:00:00.000Z");
/** T0 plus some minutes (fractions allowed). */
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const HOUR = 60;
const DAY = 24 * HOUR;

const none: Tally = { failures: 0, nthLatestAt: null };

/** A standing with no failures but those given. */
function standing(tallies: Partial<Record<LimitName, Tally>>, knownClient = false, knownDevice = false): Standing {
  return { tallies: { ...Object.fromEntries(LIMIT_NAMES.map((n) => [n, none])), ...tallies } as Standing["tallies"], knownClient, knownDevice };
}

/**
 * What the database would count for one limit, from failure times in minutes after T0 (as the
 * query in app/data/users.server.ts does: inside the window, newest first).
 */
function tallyOf(limit: LimitName, failureMinutes: number[], now: Date): Tally {
  const since = windowStart(LIMITS[limit].minutes, now).getTime();
  const inWindow = failureMinutes.map(at).filter((t) => t.getTime() > since).sort((a, b) => b.getTime() - a.getTime());
  return { failures: inWindow.length, nthLatestAt: inWindow[LIMITS[limit].failures - 1]?.toISOString() ?? null };
}

/**
 * One account tried from one client at the given minutes, each try failing, the way checkSignIn
 * uses these rules: a refused try is not counted; a counted one is.
 */
function failPairAt(minutes: number[]) {
  const failures: number[] = [];
  const outcomes: ("invalid" | "refused")[] = [];
  for (const m of minutes) {
    const now = at(m);
    const counts = (): Standing =>
      standing(Object.fromEntries(LIMIT_NAMES.map((n) => [n, tallyOf(n, failures, now)])) as Record<LimitName, Tally>);
    if (refusal(counts(), now)) {
      outcomes.push("refused");
      continue;
    }
    failures.push(m);
    outcomes.push(refusal(counts(), now) ? "refused" : "invalid");
  }
  return { failures, outcomes };
}

describe("the limits", () => {
  it("are 5 per 15 minutes and 20 a day for one account from one client", () => {
    expect(LIMITS.pair).toEqual({ counts: "pair", failures: 5, minutes: 15 });
    expect(LIMITS.pairDay).toEqual({ counts: "pair", failures: 20, minutes: DAY });
  });

  it("are 10 per 15 minutes for one client across accounts", () => {
    expect(LIMITS.client).toEqual({ counts: "client", failures: 10, minutes: 15 });
  });

  it("are 10 per 15 minutes and 30 a day for one account across clients", () => {
    expect(LIMITS.account).toEqual({ counts: "account", failures: 10, minutes: 15 });
    expect(LIMITS.accountDay).toEqual({ counts: "account", failures: 30, minutes: DAY });
  });

  it("no single client can reach the account's daily ceiling on its own", () => {
    expect(LIMITS.pairDay.failures).toBeLessThan(LIMITS.accountDay.failures);
  });

  it("are 5 per 15 minutes and 20 a day for one account on one device it has signed in with", () => {
    expect(LIMITS.device).toEqual({ counts: "device", failures: 5, minutes: 15 });
    expect(LIMITS.deviceDay).toEqual({ counts: "device", failures: 20, minutes: DAY });
  });

  it("a client stays known for a day and a device for 90 days; failures are kept a day, successes 91 days", () => {
    expect(KNOWN_CLIENT_MINUTES).toBe(DAY);
    expect(KNOWN_DEVICE_MINUTES).toBe(90 * DAY);
    expect(KEEP_FAILURES_MINUTES).toBe(DAY);
    // A failure a day old was judged against the successes of the 90 days before it.
    expect(KEEP_SUCCESSES_MINUTES).toBe(91 * DAY);
  });
});

describe("whether a limit holds", () => {
  it("does not hold below its number of failures", () => {
    expect(heldUntil(LIMITS.pair, { failures: 4, nthLatestAt: null }, at(4))).toBeNull();
  });

  it("holds from its number of failures until the oldest of them leaves the window", () => {
    expect(heldUntil(LIMITS.pair, { failures: 5, nthLatestAt: at(0).toISOString() }, at(4))).toEqual(at(15));
  });

  it("stops holding the moment that failure is as old as the window", () => {
    const tally = { failures: 5, nthLatestAt: at(0).toISOString() };
    expect(heldUntil(LIMITS.pair, tally, at(14.99))).toEqual(at(15));
    expect(heldUntil(LIMITS.pair, tally, at(15))).toBeNull();
  });

  it("a daily limit holds for up to a day", () => {
    expect(heldUntil(LIMITS.accountDay, { failures: 30, nthLatestAt: at(0).toISOString() }, at(3 * HOUR))).toEqual(at(DAY));
  });
});

describe("one account from one client", () => {
  it("four failures in a row are not refused", () => {
    expect(failPairAt([0, 1, 2, 3]).outcomes).toEqual(["invalid", "invalid", "invalid", "invalid"]);
  });

  it("the fifth failure within 15 minutes is answered as refused, until 15 minutes after the first", () => {
    const { outcomes } = failPairAt([0, 1, 2, 3, 4]);
    expect(outcomes).toEqual(["invalid", "invalid", "invalid", "invalid", "refused"]);
    const s = standing({ pair: tallyOf("pair", [0, 1, 2, 3, 4], at(4)) });
    expect(refusal(s, at(4))).toEqual({ until: at(15), scope: "account", limit: "pair" });
  });

  it("five failures in the same instant refuse for 15 minutes", () => {
    const s = standing({ pair: tallyOf("pair", [0, 0, 0, 0, 0], at(0)) });
    expect(refusal(s, at(0))?.until).toEqual(at(15));
  });

  it("failures spread over more than 15 minutes are not refused", () => {
    expect(failPairAt([0, 4, 8, 12, 16]).outcomes.every((o) => o === "invalid")).toBe(true);
  });

  it("tries while refused are not counted, and one more try is allowed once the oldest failure is 15 minutes old", () => {
    const { failures, outcomes } = failPairAt([0, 1, 2, 3, 4, 5, 10, 14.99, 15]);
    expect(outcomes).toEqual(["invalid", "invalid", "invalid", "invalid", "refused", "refused", "refused", "refused", "refused"]);
    // The try at 15 minutes was counted (and so reached the limit again); those at 5, 10 and 14.99 were not.
    expect(failures).toEqual([0, 1, 2, 3, 4, 15]);
  });

  it("never more than five failures are counted in any 15 minutes, however fast the tries come", () => {
    const tries = Array.from({ length: 600 }, (_, i) => i * 0.25); // every 15 seconds for 2.5 hours
    const { failures } = failPairAt(tries);
    for (const start of failures) expect(failures.filter((f) => f >= start && f < start + 15).length).toBeLessThanOrEqual(5);
  });

  it("a slow trickle of failures, one every five minutes, is never refused in the first hour", () => {
    expect(failPairAt(Array.from({ length: 12 }, (_, i) => i * 5)).outcomes.every((o) => o === "invalid")).toBe(true);
  });

  it("no more than 20 failures are counted in a day", () => {
    const { failures } = failPairAt(Array.from({ length: 24 * 12 }, (_, i) => i * 5)); // every 5 minutes for a day
    expect(failures).toHaveLength(20);
  });
});

describe("which limits apply", () => {
  const reached = (limit: LimitName, nthMinutes = 0): Tally => ({ failures: LIMITS[limit].failures, nthLatestAt: at(nthMinutes).toISOString() });

  it("too many failures from the client refuse it, and the refusal is explained as the client's", () => {
    expect(refusal(standing({ client: reached("client") }), at(1))).toEqual({ until: at(15), scope: "client", limit: "client" });
  });

  it("too many failures on the account from everywhere refuse it, explained as the account's", () => {
    expect(refusal(standing({ account: reached("account") }), at(1))?.scope).toBe("account");
    expect(refusal(standing({ accountDay: reached("accountDay") }), at(1))?.scope).toBe("account");
  });

  it("a client the account signed in from in the last day is not held back by the client's or the account's limits", () => {
    const s = standing({ client: reached("client"), account: reached("account"), accountDay: reached("accountDay") }, true);
    expect(refusal(s, at(1))).toBeNull();
    expect(limitApplies(LIMITS.client, { knownClient: true, knownDevice: false })).toBe(false);
    expect(limitApplies(LIMITS.accountDay, { knownClient: true, knownDevice: false })).toBe(false);
  });

  it("a known client is still held to its own limits on the account", () => {
    expect(refusal(standing({ pair: reached("pair") }, true), at(1))?.limit).toBe("pair");
    expect(refusal(standing({ pairDay: reached("pairDay") }, true), at(1))?.limit).toBe("pairDay");
  });

  it("a device the account signed in with is held back by none of the other limits, wherever it is", () => {
    const everyOther = { pair: reached("pair"), pairDay: reached("pairDay"), client: reached("client"), account: reached("account"), accountDay: reached("accountDay") };
    expect(refusal(standing(everyOther, false, true), at(1))).toBeNull();
    expect(refusal(standing(everyOther, true, true), at(1))).toBeNull();
    for (const name of ["pair", "pairDay", "client", "account", "accountDay"] as const) {
      expect(limitApplies(LIMITS[name], { knownClient: false, knownDevice: true }), name).toBe(false);
    }
  });

  it("a known device (a stolen device cookie too) is held to its own limits on the account, explained as the device's", () => {
    expect(refusal(standing({ device: reached("device") }, false, true), at(1))).toEqual({ until: at(15), scope: "device", limit: "device" });
    expect(refusal(standing({ deviceDay: reached("deviceDay") }, false, true), at(1))).toEqual({ until: at(DAY), scope: "device", limit: "deviceDay" });
  });

  it("the device limits hold back only a known device: an unknown one is counted as its client and account", () => {
    expect(refusal(standing({ device: reached("device"), deviceDay: reached("deviceDay") }), at(1))).toBeNull();
    expect(refusal(standing({ device: reached("device") }, true), at(1))).toBeNull();
    expect(limitApplies(LIMITS.device, { knownClient: false, knownDevice: false })).toBe(false);
    expect(refusal(standing({ account: reached("account") }), at(1))?.scope).toBe("account");
  });

  it("when several limits hold, the answer is the latest time any of them ends", () => {
    const s = standing({ pair: reached("pair", 5), client: reached("client", 0), accountDay: reached("accountDay", -DAY + 30) });
    expect(refusal(s, at(6))).toEqual({ until: at(30), scope: "account", limit: "accountDay" });
  });

  it("no failures, no refusal", () => {
    expect(refusal(standing({}), at(0))).toBeNull();
  });
});

describe("the client an attempt is counted against", () => {
  it("an IPv4 address is itself", () => {
    expect(clientKey("192.0.2.10")).toBe("192.0.2.10");
    expect(clientKey(" 192.0.2.10 ")).toBe("192.0.2.10");
    expect(clientKey("192.0.2.10:51234")).toBe("192.0.2.10");
  });

  it("an IPv4 address written as IPv6 is the same client", () => {
    expect(clientKey("::ffff:192.0.2.10")).toBe("192.0.2.10");
    expect(clientKey("::FFFF:c000:020a")).toBe("192.0.2.10");
  });

  it("IPv6 addresses in one /64 network are one client, however they are written", () => {
    const key = clientKey("2001:db8:1:2::1");
    expect(key).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:0DB8:0001:0002:aaaa:bbbb:cccc:dddd")).toBe(key);
    expect(clientKey("[2001:db8:1:2:ffff::9]:443")).toBe(key);
    expect(clientKey("2001:db8:1:2::1%eth0")).toBe(key);
    expect(clientKey("2001:db8:1:3::1")).not.toBe(key);
    expect(clientKey("::1")).toBe("0:0:0:0::/64");
    expect(clientKey("2001:db8::")).toBe("2001:db8:0:0::/64");
  });

  it("an IPv6 address with an IPv4 tail is read as IPv6", () => {
    expect(clientKey("64:ff9b::192.0.2.10")).toBe("64:ff9b:0:0::/64");
  });

  it("anything else is kept as given, and no address at all is one client", () => {
    expect(clientKey("Not-An-Address")).toBe("not-an-address");
    expect(clientKey("1:2:3")).toBe("1:2:3");
    expect(clientKey("1::2::3")).toBe("1::2::3");
    expect(clientKey("")).toBe("unknown");
  });
});
