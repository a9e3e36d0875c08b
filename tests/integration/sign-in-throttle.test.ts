import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deviceHash } from "../../app/auth/device.server";
import { checkSignIn, refusedMessage, type SignInResult } from "../../app/auth/sign-in.server";
import { db } from "../../app/data/db.server";
import { formatDateTime } from "../../app/domain/financial-years";
import { users } from "../../db/schema";
import { DEMO, MORE_DEMO } from "../support/requests";
import { DEMO_PASSWORD, makeUser } from "./helpers";

/**
 * Sign-in throttling (decision record 011), through checkSignIn against the seeded database, with
 * the time passed in. Each test has its own stretch of time, three days after the last test's
 * (more for a test that needs longer), and its own client addresses, so that no test's failures
 * count in another's.
 */

const MINUTE = 60_000;
const HOUR = 60;
const DAY = 24 * 60 * MINUTE;
const DAY_MINUTES = 24 * HOUR;

let base = Date.UTC(2031, 0, 6, 9, 0, 0);
/** A clock for one test: minutes after its start. The test may use `days` days and three more. */
function freshClock(days = 0) {
  base += 3 * DAY;
  const start = base;
  base += days * DAY;
  return (minutes: number) => new Date(start + minutes * MINUTE);
}

let clients = 0;
/** A client address no other test uses. */
const newClient = () => {
  clients += 1;
  return `10.0.${Math.floor(clients / 250)}.${(clients % 250) + 1}`;
};

let fresh = 0;
/** A new account (password DEMO_PASSWORD), so that earlier tests' attempts never touch it. */
async function freshUser() {
  fresh += 1;
  const email = `throttle.${fresh}@demo.opcc.test`;
  await makeUser({ email, name: `Throttle Test ${fresh}`, role: "csp_lead", orgCode: "melton" });
  return email;
}

const outcome = (r: SignInResult) => (r.ok ? "signed in" : r.reason);

/** Signs in with the right password and returns the device id the browser is given to keep. */
async function signInOn(email: string, client: string, now: Date, device: string | null = null): Promise<string> {
  const result = await checkSignIn(email, DEMO_PASSWORD, client, now, device);
  if (result.ok !== true) throw new Error(`expected ${email} to sign in, but the answer was ${JSON.stringify(result)}`);
  return result.device;
}

/** Wrong passwords on one account from one client, one every six seconds from `startMinutes`. */
async function failFrom(email: string, client: string, times: number, at: (m: number) => Date, startMinutes: number, device: string | null = null) {
  const results: SignInResult[] = [];
  for (let i = 0; i < times; i++) results.push(await checkSignIn(email, `guess-${startMinutes}-${i}`, client, at(startMinutes + i * 0.1), device));
  return results;
}

function attemptsRecorded(where: { account?: string; client?: string; device?: string }) {
  const conditions = [sql`1 = 1`];
  if (where.account) conditions.push(sql`account = ${where.account}`);
  if (where.client) conditions.push(sql`client = ${where.client}`);
  if (where.device) conditions.push(sql`device = ${deviceHash(where.device)}`);
  return db().get<{ n: number }>(sql`select count(*) as n from sign_in_attempts where ${sql.join(conditions, sql` and `)}`).n;
}

function expectRefused(result: SignInResult, until: Date, scope: "client" | "account" | "device") {
  expect(result).toEqual({ ok: false, reason: "locked", until, scope });
}

describe("password spraying", () => {
  it("one client trying one password on thirty accounts is refused from the tenth, for every account, even with the right password", async () => {
    const at = freshClock();
    const sprayer = newClient();
    const accounts: string[] = [...Object.values(DEMO), ...Object.values(MORE_DEMO)];
    for (let i = accounts.length; i < 30; i++) accounts.push(`someone.${i}@demo.opcc.test`);

    const results: SignInResult[] = [];
    for (const [i, account] of accounts.entries()) results.push(await checkSignIn(account, "Summer2024!", sprayer, at(i * 0.1)));

    expect(results.slice(0, 9).map(outcome)).toEqual(Array(9).fill("invalid"));
    for (const r of results.slice(9)) expectRefused(r, at(15), "client");
    expect(attemptsRecorded({ client: sprayer }), "refused attempts are not counted").toBe(10);

    // A real user's right password from that client is refused too, without being checked.
    expectRefused(await checkSignIn(DEMO.charnwoodLead, DEMO_PASSWORD, sprayer, at(5)), at(15), "client");
    expect(attemptsRecorded({ client: sprayer })).toBe(10);

    // Anyone elsewhere signs in as usual, and 15 minutes after its first failure the client may try again.
    expect(outcome(await checkSignIn(DEMO.charnwoodLead, DEMO_PASSWORD, newClient(), at(5)))).toBe("signed in");
    expect(outcome(await checkSignIn(DEMO.charnwoodLead, DEMO_PASSWORD, sprayer, at(15)))).toBe("signed in");
  });

  it("at a shared office address, a run of wrong passwords on other accounts does not keep out someone who signed in there today", async () => {
    const at = freshClock();
    const office = newClient();
    const owner = await freshUser();
    expect(outcome(await checkSignIn(owner, DEMO_PASSWORD, office, at(0)))).toBe("signed in");
    for (let i = 0; i < 12; i++) await checkSignIn(`colleague.${i}@demo.opcc.test`, "wrong", office, at(60));

    expectRefused(await checkSignIn("new.starter@demo.opcc.test", DEMO_PASSWORD, office, at(61)), at(75), "client");
    expect(outcome(await checkSignIn(owner, DEMO_PASSWORD, office, at(61)))).toBe("signed in");
  });
});

describe("a stranger cannot lock the owner out", () => {
  it("a stranger failing fifty times on the Melton lead's account does not stop the lead signing in from elsewhere", async () => {
    const at = freshClock();
    const stranger = newClient();
    const results: SignInResult[] = [];
    for (let i = 0; i < 50; i++) results.push(await checkSignIn(DEMO.meltonLead, `guess-${i}`, stranger, at(i * 0.05)));

    expect(results.slice(0, 4).map(outcome)).toEqual(Array(4).fill("invalid"));
    for (const r of results.slice(4)) expectRefused(r, at(15), "account");
    expect(attemptsRecorded({ account: DEMO.meltonLead, client: stranger })).toBe(5);
    // The stranger is refused even if they now type the right password: it is not checked.
    expectRefused(await checkSignIn(DEMO.meltonLead, DEMO_PASSWORD, stranger, at(3)), at(15), "account");

    expect(outcome(await checkSignIn(DEMO.meltonLead, DEMO_PASSWORD, newClient(), at(3)))).toBe("signed in");
  });

  it("a stranger trying all day, as fast as they are allowed, still does not stop the owner signing in from somewhere new", async () => {
    const at = freshClock();
    const stranger = newClient();
    const owner = await freshUser();
    for (let m = 0; m < 24 * 60; m += 2) await checkSignIn(owner, `guess-${m}`, stranger, at(m));

    expect(attemptsRecorded({ account: owner, client: stranger }), "20 a day from one client").toBe(20);
    expect(outcome(await checkSignIn(owner, DEMO_PASSWORD, newClient(), at(24 * 60 - 1)))).toBe("signed in");
  });
});

describe("the owner's own mistakes", () => {
  it("an owner who mistypes their password four times still signs in, and those mistakes are then forgotten", async () => {
    const at = freshClock();
    const laptop = newClient();
    const owner = await freshUser();
    for (let i = 0; i < 4; i++) expect(outcome(await checkSignIn(owner, `typo-${i}`, laptop, at(i)))).toBe("invalid");
    expect(outcome(await checkSignIn(owner, DEMO_PASSWORD, laptop, at(4)))).toBe("signed in");
    for (let i = 0; i < 4; i++) expect(outcome(await checkSignIn(owner, `typo-${i}`, laptop, at(5 + i)))).toBe("invalid");
    expect(outcome(await checkSignIn(owner, DEMO_PASSWORD, laptop, at(9)))).toBe("signed in");
  });

  it("after five wrong passwords the owner is told to wait 15 minutes, and then signs in", async () => {
    const at = freshClock();
    const laptop = newClient();
    const owner = await freshUser();
    for (let i = 0; i < 4; i++) await checkSignIn(owner, `typo-${i}`, laptop, at(i));
    expectRefused(await checkSignIn(owner, "typo-4", laptop, at(4)), at(15), "account");
    expectRefused(await checkSignIn(owner, DEMO_PASSWORD, laptop, at(10)), at(15), "account");
    expect(outcome(await checkSignIn(owner, DEMO_PASSWORD, laptop, at(15)))).toBe("signed in");
  });

  it("the address counts as one account however it is typed", async () => {
    const at = freshClock();
    const laptop = newClient();
    const owner = await freshUser();
    for (let i = 0; i < 5; i++) await checkSignIn(i % 2 ? owner.toUpperCase() : `  ${owner} `, "wrong", laptop, at(i));
    expectRefused(await checkSignIn(owner, DEMO_PASSWORD, laptop, at(5)), at(15), "account");
  });

  it("the wait slides: once the oldest of the five failures is 15 minutes old, one more try is allowed", async () => {
    const at = freshClock();
    const laptop = newClient();
    const owner = await freshUser();
    for (const m of [0, 1, 2, 3, 4]) await checkSignIn(owner, "wrong", laptop, at(m));
    expectRefused(await checkSignIn(owner, "wrong", laptop, at(14.99)), at(15), "account");
    // At 15 minutes the failure at 0 has gone; this try is checked and counted, making five again.
    expectRefused(await checkSignIn(owner, "wrong", laptop, at(15)), at(16), "account");
    expect(attemptsRecorded({ account: owner })).toBe(6);
    // Failures more than 15 minutes apart are never refused.
    const other = await freshUser();
    for (const m of [0, 16, 32, 48, 64, 80]) expect(outcome(await checkSignIn(other, "wrong", laptop, at(m)))).toBe("invalid");
  });
});

describe("an attack on one account from many clients", () => {
  it("ten failures from ten clients within 15 minutes refuse new clients for 15 minutes, but not where the owner signed in today", async () => {
    const at = freshClock();
    const owner = await freshUser();
    const home = newClient();
    expect(outcome(await checkSignIn(owner, DEMO_PASSWORD, home, at(0)))).toBe("signed in");

    const results: SignInResult[] = [];
    for (let i = 0; i < 10; i++) results.push(await checkSignIn(owner, `guess-${i}`, newClient(), at(60)));
    expect(results.slice(0, 9).map(outcome)).toEqual(Array(9).fill("invalid"));
    expectRefused(results[9], at(75), "account");

    expectRefused(await checkSignIn(owner, DEMO_PASSWORD, newClient(), at(61)), at(75), "account");
    expect(outcome(await checkSignIn(owner, DEMO_PASSWORD, home, at(61)))).toBe("signed in");
    expect(outcome(await checkSignIn(owner, "guess", newClient(), at(75)))).toBe("invalid");
  });

  it("thirty failures in a day from many clients refuse the account for up to a day, except where the owner signed in today", async () => {
    const at = freshClock();
    const owner = await freshUser();
    const home = newClient();
    const office = newClient();
    expect(outcome(await checkSignIn(owner, DEMO_PASSWORD, home, at(0)))).toBe("signed in");

    // Ten clients, three guesses each, 20 minutes apart: never ten in any 15 minutes.
    const results: SignInResult[] = [];
    for (let c = 0; c < 10; c++) {
      const attacker = newClient();
      for (let g = 0; g < 3; g++) results.push(await checkSignIn(owner, `guess-${c}-${g}`, attacker, at(60 + 20 * c)));
    }
    expect(results.slice(0, 29).map(outcome)).toEqual(Array(29).fill("invalid"));
    const until = new Date(at(60).getTime() + DAY);
    expectRefused(results[29], until, "account");

    // Any other client is refused until a day after the first of the thirty, unchecked, the owner's new one too.
    expectRefused(await checkSignIn(owner, "guess", newClient(), at(300)), until, "account");
    expectRefused(await checkSignIn(owner, DEMO_PASSWORD, office, at(300)), until, "account");
    expect(attemptsRecorded({ account: owner })).toBe(31);
    // Where the owner signed in within the last day, they still get in.
    expect(outcome(await checkSignIn(owner, DEMO_PASSWORD, home, at(300)))).toBe("signed in");
    // And once the first failure is a day old, everywhere again.
    expect(outcome(await checkSignIn(owner, DEMO_PASSWORD, office, at(60 + 24 * 60)))).toBe("signed in");
  });
});

describe("a device the owner has signed in with", () => {
  it("the tester's case: five wrong passwords from each of two addresses do not stop the owner signing in from a third on a browser they used before; a new browser must wait 15 minutes", async () => {
    const at = freshClock();
    const owner = DEMO.meltonFinance;
    // The owner last signed in two days ago, at home: neither that address nor any other is known now.
    const laptop = await signInOn(owner, newClient(), at(0));

    const strangers = [...(await failFrom(owner, newClient(), 5, at, 2 * DAY_MINUTES)), ...(await failFrom(owner, newClient(), 5, at, 2 * DAY_MINUTES + 1))];
    expect(strangers.map(outcome)).toEqual(["invalid", "invalid", "invalid", "invalid", "locked", "invalid", "invalid", "invalid", "invalid", "locked"]);
    const until = at(2 * DAY_MINUTES + 15);

    expect(await checkSignIn(owner, DEMO_PASSWORD, newClient(), at(2 * DAY_MINUTES + 5), laptop)).toEqual({ ok: true, userId: expect.any(Number), device: laptop });
    // On a browser they have never signed in with, somewhere new, they are refused unchecked until the window passes.
    expectRefused(await checkSignIn(owner, DEMO_PASSWORD, newClient(), at(2 * DAY_MINUTES + 6)), until, "account");
    expectRefused(await checkSignIn(owner, DEMO_PASSWORD, newClient(), at(2 * DAY_MINUTES + 14.99)), until, "account");
    expect(outcome(await checkSignIn(owner, DEMO_PASSWORD, newClient(), until))).toBe("signed in");
  });

  it("three such rounds reach the daily limit: a new browser is refused for a day, the owner's laptop is not", async () => {
    const at = freshClock();
    const owner = await freshUser();
    const laptop = await signInOn(owner, newClient(), at(0));
    const [a, b] = [newClient(), newClient()];
    const start = 2 * DAY_MINUTES;
    for (const round of [0, 20, 40]) {
      await failFrom(owner, a, 5, at, start + round);
      await failFrom(owner, b, 5, at, start + round + 1);
    }
    expect(attemptsRecorded({ account: owner }), "the owner's success and the strangers' 30 failures").toBe(31);
    const until = new Date(at(start).getTime() + DAY);

    expect(outcome(await checkSignIn(owner, DEMO_PASSWORD, newClient(), at(start + 60), laptop))).toBe("signed in");
    expectRefused(await checkSignIn(owner, DEMO_PASSWORD, newClient(), at(start + 61)), until, "account");
    expect(outcome(await checkSignIn(owner, DEMO_PASSWORD, newClient(), until))).toBe("signed in");
  });

  it("the owner's typos on their own browser count only against that browser, never towards the account's limits for others", async () => {
    const at = freshClock();
    const owner = await freshUser();
    const home = newClient();
    const laptop = await signInOn(owner, home, at(0));
    // Strangers: nine failures, one short of the account's limit.
    await failFrom(owner, newClient(), 5, at, 60);
    await failFrom(owner, newClient(), 4, at, 61);
    // The owner mistypes four times on the laptop, at home, where they signed in today.
    for (let i = 0; i < 4; i++) expect(outcome(await checkSignIn(owner, `typo-${i}`, home, at(62 + i), laptop))).toBe("invalid");
    // A browser they have never used is still let in: the account has nine failures, not thirteen.
    expect(outcome(await checkSignIn(owner, DEMO_PASSWORD, newClient(), at(67)))).toBe("signed in");
  });

  it("a device is held to five failures in 15 minutes, then told to wait, and its success forgives them", async () => {
    const at = freshClock();
    const owner = await freshUser();
    const laptop = await signInOn(owner, newClient(), at(0));
    const results = await failFrom(owner, newClient(), 5, at, 60, laptop);
    expect(results.slice(0, 4).map(outcome)).toEqual(Array(4).fill("invalid"));
    expectRefused(results[4], at(75), "device");
    expectRefused(await checkSignIn(owner, DEMO_PASSWORD, newClient(), at(70), laptop), at(75), "device");
    // Another browser is not held back by the laptop's failures.
    expect(outcome(await checkSignIn(owner, DEMO_PASSWORD, newClient(), at(70)))).toBe("signed in");
    expect(outcome(await checkSignIn(owner, DEMO_PASSWORD, newClient(), at(75), laptop))).toBe("signed in");
    for (let i = 0; i < 4; i++) expect(outcome(await checkSignIn(owner, "typo", newClient(), at(76 + i), laptop))).toBe("invalid");
  });

  it("a stolen device cookie gives no more than 5 guesses in 15 minutes and 20 a day, from anywhere", async () => {
    const at = freshClock();
    const owner = await freshUser();
    const stolen = await signInOn(owner, newClient(), at(0));
    // The thief tries every two minutes for a day, from a new address each time.
    for (let m = 60; m < 60 + DAY_MINUTES; m += 2) await checkSignIn(owner, `guess-${m}`, newClient(), at(m), stolen);
    expect(attemptsRecorded({ account: owner, device: stolen }), "the owner's success and 20 failures").toBe(21);
    expectRefused(await checkSignIn(owner, DEMO_PASSWORD, newClient(), at(60 + DAY_MINUTES - 1), stolen), at(60 + DAY_MINUTES), "device");
    // The thief's failures hold back only the stolen cookie: the owner's other browsers get in.
    expect(outcome(await checkSignIn(owner, DEMO_PASSWORD, newClient(), at(60 + DAY_MINUTES - 1)))).toBe("signed in");
  });

  it("a device cookie helps only the accounts that signed in with it: someone signed in to their own account still cannot spray others from it", async () => {
    const at = freshClock();
    const insider = await freshUser();
    const office = newClient();
    const own = await signInOn(insider, office, at(0));

    // On a colleague's account, the insider's browser is a stranger's: five failures and it waits.
    const colleague = await freshUser();
    const onColleague = await failFrom(colleague, office, 5, at, 60, own);
    expect(onColleague.map(outcome)).toEqual(["invalid", "invalid", "invalid", "invalid", "locked"]);
    expectRefused(onColleague[4], at(75), "account");

    // Across accounts, from the office, the tenth failure refuses the office (the five above count too).
    const sprayed: SignInResult[] = [];
    for (let i = 0; i < 6; i++) sprayed.push(await checkSignIn(`someone.${i}@demo.opcc.test`, "Summer2024!", office, at(61 + i * 0.1), own));
    expect(sprayed.slice(0, 4).map(outcome)).toEqual(Array(4).fill("invalid"));
    expectRefused(sprayed[4], at(75), "client");
    expectRefused(sprayed[5], at(75), "client");
    // The insider's own account, on their own browser, is not held back by the office's failures.
    expect(outcome(await checkSignIn(insider, DEMO_PASSWORD, office, at(62), own))).toBe("signed in");
  });

  it("a device stays known for 90 days after its latest sign-in", async () => {
    const at = freshClock(241);
    const owner = await freshUser();
    const laptop = await signInOn(owner, newClient(), at(0));
    /** Ten strangers' failures, which refuse any browser the account has not signed in with for 15 minutes. */
    const attack = async (startMinutes: number) => {
      await failFrom(owner, newClient(), 5, at, startMinutes);
      await failFrom(owner, newClient(), 5, at, startMinutes + 1);
    };
    await attack(60 * DAY_MINUTES);
    expect(outcome(await checkSignIn(owner, DEMO_PASSWORD, newClient(), at(60 * DAY_MINUTES + 5), laptop))).toBe("signed in");
    // That sign-in, on day 60, keeps the laptop known until day 150.
    await attack(149 * DAY_MINUTES);
    expect(outcome(await checkSignIn(owner, DEMO_PASSWORD, newClient(), at(149 * DAY_MINUTES + 5), laptop))).toBe("signed in");
    await attack(240 * DAY_MINUTES);
    expectRefused(await checkSignIn(owner, DEMO_PASSWORD, newClient(), at(240 * DAY_MINUTES + 5), laptop), at(240 * DAY_MINUTES + 15), "account");
  });

  it("only a hash of the device's id is kept", async () => {
    const at = freshClock();
    const owner = await freshUser();
    const laptop = await signInOn(owner, newClient(), at(0));
    expect(laptop).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = db().all<{ device: string }>(sql`select device from sign_in_attempts where account = ${owner}`);
    expect(stored).toEqual([{ device: deviceHash(laptop) }]);
    expect(deviceHash(laptop)).not.toContain(laptop);
    expect(await signInOn(owner, newClient(), at(1), laptop), "a browser keeps the id it has").toBe(laptop);
  });
});

describe("what a refused or failed sign-in is told", () => {
  it("an address with no account is answered exactly as a real one, failures and refusals alike", async () => {
    const at = freshClock();
    const real = await freshUser();
    const nobody = "nobody.at.all@demo.opcc.test";
    const answers = async (email: string, client: string) => {
      const out: SignInResult[] = [];
      for (let i = 0; i < 7; i++) out.push(await checkSignIn(email, "wrong", client, at(i)));
      return out;
    };
    const forReal = await answers(real, newClient());
    const forNobody = await answers(nobody, newClient());
    expect(forNobody).toEqual(forReal);
    expect(forReal.map(outcome)).toEqual(["invalid", "invalid", "invalid", "invalid", "locked", "locked", "locked"]);
  });

  it("a switched-off account is refused with the right password as if it were wrong", async () => {
    const at = freshClock();
    const email = await freshUser();
    db().update(users).set({ active: false }).where(eq(users.email, email)).run();
    expect(await checkSignIn(email, DEMO_PASSWORD, newClient(), at(0))).toEqual({ ok: false, reason: "invalid" });
  });

  it("the refusal says when to try again, in the same words whether or not the account exists, and how the owner can still get in", async () => {
    const at = freshClock();
    const until = at(15);
    const when = formatDateTime(until.toISOString());
    const howToGetIn = "If this is your account, you can sign in from a device you have used to sign in before, or ask your administrator for help.";
    expect(refusedMessage({ until, scope: "account" })).toBe(`There have been too many attempts to sign in to this account. Try again after ${when}. ${howToGetIn}`);
    expect(refusedMessage({ until, scope: "client" })).toBe(`There have been too many attempts to sign in from this device or network. Try again after ${when}. ${howToGetIn}`);
    // On a device the owner has used, only its own failures (the owner's typos, or whoever has its cookie) can refuse it.
    expect(refusedMessage({ until, scope: "device" })).toBe(`There have been too many attempts to sign in to this account from this device. Try again after ${when}.`);
    expect(refusedMessage({ until, scope: "account" })).toMatch(/Try again after \d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2}(am|pm)\. If this/);
  });
});

describe("attempts made all at once", () => {
  it("twenty wrong passwords sent at the same moment are counted no more than five", async () => {
    const at = freshClock();
    const owner = await freshUser();
    const botnetOfOne = newClient();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => checkSignIn(owner, `guess-${i}`, botnetOfOne, at(0))));
    expect(attemptsRecorded({ account: owner })).toBe(5);
    expect(results.every((r) => !r.ok && r.reason === "locked")).toBe(true);
  });
});

describe("keeping failures for a day and successes for 91 days", () => {
  it("failures a day old are deleted when the next attempt is recorded, and younger ones kept", async () => {
    const at = freshClock();
    const laptop = newClient();
    await checkSignIn("someone.pruned@demo.opcc.test", "wrong", laptop, at(0));
    await checkSignIn("someone.pruned@demo.opcc.test", "wrong", laptop, at(12 * 60));
    await checkSignIn("someone.pruned@demo.opcc.test", "wrong", laptop, at(24 * 60));
    // Every earlier test's failures are at least three days older, so only the last two remain.
    const left = db().get<{ n: number; oldest: string }>(sql`select count(*) as n, min(at) as oldest from sign_in_attempts where succeeded = 0`);
    expect(left).toEqual({ n: 2, oldest: at(12 * 60).toISOString() });
  });

  it("a success is kept as long as it makes its device known, and then deleted with the next attempt", async () => {
    const at = freshClock(92);
    const owner = await freshUser();
    const laptop = await signInOn(owner, newClient(), at(0));
    await checkSignIn(owner, "typo", newClient(), at(1));
    const kept = () => db().all<{ succeeded: number; at: string }>(sql`select succeeded, at from sign_in_attempts where account = ${owner} order by id`);

    await checkSignIn("someone.else@demo.opcc.test", "wrong", newClient(), at(2 * DAY_MINUTES));
    expect(kept(), "the failure goes after a day, the success stays").toEqual([{ succeeded: 1, at: at(0).toISOString() }]);

    await checkSignIn("someone.else@demo.opcc.test", "wrong", newClient(), at(91 * DAY_MINUTES - 1));
    expect(kept()).toHaveLength(1);
    await checkSignIn("someone.else@demo.opcc.test", "wrong", newClient(), at(91 * DAY_MINUTES));
    expect(kept(), "91 days on, nothing of the owner's is left").toEqual([]);
    expect(attemptsRecorded({ device: laptop })).toBe(0);
  });

  const plan = (query: ReturnType<typeof sql>) =>
    db()
      .all<{ detail: string }>(sql`explain query plan ${query}`)
      .map((p) => p.detail)
      .join("\n");

  it("pruning reads only the rows it deletes, through one index", () => {
    for (const succeeded of [0, 1]) {
      expect(plan(sql`delete from sign_in_attempts where succeeded = ${succeeded} and at <= '2031-01-01'`)).toMatch(
        /INDEX sign_in_attempts_succeeded_at_idx \(succeeded=\? AND at<\?\)/,
      );
    }
  });

  it("whether a device is known is looked up through an index of the account's devices", () => {
    expect(plan(sql`select 1 from sign_in_attempts where account = 'a' and device = 'd' and at > '2031-01-01' and succeeded = 1`)).toMatch(
      /INDEX sign_in_attempts_account_device_idx \(account=\? AND device=\? AND at>\?\)/,
    );
  });
});
