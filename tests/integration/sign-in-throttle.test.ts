import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { checkSignIn, refusedMessage, type SignInResult } from "../../app/auth/sign-in.server";
import { db } from "../../app/data/db.server";
import { formatDateTime } from "../../app/domain/financial-years";
import { users } from "../../db/schema";
import { DEMO, MORE_DEMO } from "../support/requests";
import { DEMO_PASSWORD, makeUser } from "./helpers";

/**
 * Sign-in throttling (decision record 011), through checkSignIn against the seeded database, with
 * the time passed in. Each test has its own stretch of time, three days after the last test's, and
 * its own client addresses, so that no test's attempts count in another's.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let base = Date.UTC(2031, 0, 6, 9, 0, 0);
/** A clock for one test: minutes after its start. */
function freshClock() {
  base += 3 * DAY;
  const start = base;
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

function attemptsRecorded(where: { account?: string; client?: string }) {
  const conditions = [sql`1 = 1`];
  if (where.account) conditions.push(sql`account = ${where.account}`);
  if (where.client) conditions.push(sql`client = ${where.client}`);
  return db().get<{ n: number }>(sql`select count(*) as n from sign_in_attempts where ${sql.join(conditions, sql` and `)}`).n;
}

function expectRefused(result: SignInResult, until: Date, scope: "client" | "account") {
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

  it("the refusal says when to try again, in the same words whether or not the account exists", async () => {
    const at = freshClock();
    const until = at(15);
    expect(refusedMessage({ until, scope: "account" })).toBe(
      `There have been too many attempts to sign in to this account. Try again after ${formatDateTime(until.toISOString())}.`,
    );
    expect(refusedMessage({ until, scope: "client" })).toBe(
      `There have been too many attempts to sign in from this device or network. Try again after ${formatDateTime(until.toISOString())}.`,
    );
    expect(refusedMessage({ until, scope: "account" })).toMatch(/Try again after \d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2}(am|pm)\.$/);
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

describe("keeping attempts for a day at most", () => {
  it("attempts a day old are deleted when the next attempt is recorded, and younger ones kept", async () => {
    const at = freshClock();
    const laptop = newClient();
    await checkSignIn("someone.pruned@demo.opcc.test", "wrong", laptop, at(0));
    await checkSignIn("someone.pruned@demo.opcc.test", "wrong", laptop, at(12 * 60));
    await checkSignIn("someone.pruned@demo.opcc.test", "wrong", laptop, at(24 * 60));
    // Every earlier test's attempts are at least three days older, so only the last two remain.
    const left = db().get<{ n: number; oldest: string }>(sql`select count(*) as n, min(at) as oldest from sign_in_attempts`);
    expect(left).toEqual({ n: 2, oldest: at(12 * 60).toISOString() });
  });
});
