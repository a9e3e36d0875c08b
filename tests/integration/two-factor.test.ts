import { eq } from "drizzle-orm";
import { generateSync } from "otplib";
import { afterAll, describe, expect, it } from "vitest";
import { requireUser } from "../../app/auth/access.server";
import { currentSession } from "../../app/auth/session.server";
import { checkSecondStep, checkSignIn } from "../../app/auth/sign-in.server";
import { db } from "../../app/data/db.server";
import { beginTwoFactor, confirmTwoFactor, setTwoFactorRequired, turnOffTwoFactor, twoFactorRequired, twoFactorStatus } from "../../app/data/two-factor.server";
import * as login from "../../app/routes/login";
import * as loginTwoFactor from "../../app/routes/login_.two-factor";
import { recoveryCodes, users } from "../../db/schema";
import { formTokenFor, run } from "../support/requests";
import { DEMO_PASSWORD, makeUser, requestAsUser } from "./helpers";

/** Two-factor sign-in (decision record 035) against the seeded database, with users of its own. */

const MINUTE = 60_000;
let base = Date.UTC(2032, 2, 1, 9, 0, 10);
const clock = () => {
  base += 3 * 24 * 60 * MINUTE;
  const start = base;
  return (minutes: number) => new Date(start + minutes * MINUTE);
};
let n = 0;
let clients = 0;
const newClient = () => `10.9.0.${++clients}`;

async function userWithTwoFactor(at: (m: number) => Date, role: "csp_lead" | "admin" = "csp_lead") {
  n += 1;
  const email = `two.factor.${n}@demo.opcc.test`;
  const id = await makeUser({ email, name: `Two Factor ${n}`, role, orgCode: role === "admin" ? "opcc" : "melton" });
  beginTwoFactor(id, at(0).toISOString());
  const who = { userId: id, role, organisationKind: role === "admin" ? "opcc" : "csp" };
  const secret = twoFactorStatus(who).pendingSecret!;
  const code = (d: Date) => generateSync({ secret, epoch: Math.floor(d.getTime() / 1000) });
  const on = confirmTwoFactor(id, code(at(0)), at(0).toISOString());
  if (on.kind !== "on") throw new Error("two-factor not on");
  return { id, email, secret, code, recovery: on.codes, who };
}

afterAll(() => {
  if (twoFactorRequired()) setTwoFactorRequired(1, false, true);
});

describe("two-factor sign-in", () => {
  it("sets up with a code, keeps the secret sealed, and makes ten recovery codes", async () => {
    const at = clock();
    const u = await userWithTwoFactor(at);
    const row = db().select().from(users).where(eq(users.id, u.id)).get()!;
    expect(row.totpEnabledAt).not.toBeNull();
    expect(row.totpSecret).not.toContain(u.secret);
    expect(u.recovery).toHaveLength(10);
    const stored = db().select().from(recoveryCodes).where(eq(recoveryCodes.userId, u.id)).all();
    expect(stored.every((r) => !u.recovery.includes(r.codeHash))).toBe(true);
  });

  it("asks for the code after a right password, starts no session before it, and takes each code once", async () => {
    const at = clock();
    const u = await userWithTwoFactor(at);
    const client = newClient();
    const first = await checkSignIn(u.email, DEMO_PASSWORD, client, at(1));
    expect(first).toEqual({ ok: "second-step", userId: u.id });
    const code = u.code(at(1));
    expect(checkSecondStep(u, code, client, at(1)).ok).toBe(true);
    // The same code again (a replay) is refused.
    expect(checkSecondStep(u, code, client, at(1.2))).toEqual({ ok: false, reason: "invalid" });
    expect(checkSecondStep(u, u.code(at(2)), client, at(2)).ok).toBe(true);
  });

  it("takes a recovery code once", async () => {
    const at = clock();
    const u = await userWithTwoFactor(at);
    const client = newClient();
    const result = checkSecondStep(u, u.recovery[0].toUpperCase(), client, at(1));
    expect(result.ok && result.used).toBe("recovery");
    expect(checkSecondStep(u, u.recovery[0], client, at(2))).toEqual({ ok: false, reason: "invalid" });
    expect(twoFactorStatus(u.who).recoveryCodesLeft).toBe(9);
  });

  it("counts wrong codes under the sign-in throttle", async () => {
    const at = clock();
    const u = await userWithTwoFactor(at);
    const client = newClient();
    const answers = Array.from({ length: 5 }, (_, i) => checkSecondStep(u, "000000", client, at(1 + i * 0.1)).ok === false);
    expect(answers.every(Boolean)).toBe(true);
    const refused = checkSecondStep(u, u.code(at(2)), client, at(2));
    expect(refused.ok === false && refused.reason).toBe("locked");
  });

  it("cannot be turned off while the OPCC requires it; requireUser sends staff without it to set it up", async () => {
    const at = clock();
    const admin = await userWithTwoFactor(at, "admin");
    n += 1;
    const without = await makeUser({ email: `two.factor.${n}@demo.opcc.test`, name: "No Two Factor", role: "finance", orgCode: "opcc" });
    const lead = await makeUser({ email: `two.factor.lead.${n}@demo.opcc.test`, name: "Lead", role: "csp_lead", orgCode: "melton" });
    expect(setTwoFactorRequired(admin.id, true, false).kind).toBe("saved");
    try {
      expect(turnOffTwoFactor(admin.who, admin.code(at(3)), at(3).toISOString())).toBe("required");
      const refused = await requireUser(await requestAsUser(without, "/bids")).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(Response);
      expect((refused as Response).headers.get("Location")).toBe("/account/two-factor");
      await expect(requireUser(await requestAsUser(without, "/account/two-factor"), undefined, { settingUpTwoFactor: true })).resolves.toMatchObject({ userId: without });
      await expect(requireUser(await requestAsUser(admin.id, "/bids"))).resolves.toMatchObject({ userId: admin.id });
      await expect(requireUser(await requestAsUser(lead, "/bids"))).resolves.toMatchObject({ userId: lead });
    } finally {
      setTwoFactorRequired(admin.id, false, true);
    }
    expect(turnOffTwoFactor(admin.who, admin.code(at(5)), at(5).toISOString())).toBe("off");
  });
});

/** name=value of the cookie `name` a response sets, or undefined. */
const setCookie = (headers: Headers | undefined, name: string) =>
  headers
    ?.getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(";")[0];

/**
 * A signed-out browser's form post, as the sign-in pages send it: with its visit cookie and CSRF
 * token, and any other cookies it holds (name=value).
 */
async function signedOutPost(path: string, form: Record<string, string>, ...cookies: string[]) {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
  const token = await formTokenFor(headers);
  headers.set("Cookie", [headers.get("Cookie"), ...cookies].join("; "));
  return new Request(`http://localhost${path}`, { method: "POST", headers, body: new URLSearchParams({ csrf: token, ...form }) });
}

describe("two-factor sign-in through the routes", () => {
  it("the password's answer is the code page with no session; a wrong code is a 400 on the field; the right one starts a session, once", async () => {
    n += 1;
    const email = `two.factor.routes.${n}@demo.opcc.test`;
    const id = await makeUser({ email, name: `Two Factor ${n}`, role: "csp_lead", orgCode: "melton" });
    // Set up a minute ago (on its own clock), so the code the app shows now is a later step.
    const before = new Date(Date.now() - 60_000);
    beginTwoFactor(id, before.toISOString());
    const secret = twoFactorStatus({ userId: id, role: "csp_lead", organisationKind: "csp" }).pendingSecret!;
    const on = confirmTwoFactor(id, generateSync({ secret, epoch: Math.floor(before.getTime() / 1000) }), before.toISOString());
    expect(on.kind).toBe("on");
    const context = { clientAddress: "10.9.1.1" };

    const first = await run(login.action, await signedOutPost("/login", { email, password: DEMO_PASSWORD, redirectTo: "/bids" }), {}, context);
    expect(first.status).toBe(302);
    expect(first.location).toBe("/login/two-factor");
    expect(setCookie(first.headers, "portal_session")).toBeUndefined();
    const pending = setCookie(first.headers, "portal_two_factor")!;
    expect(pending).toBeTruthy();

    // The code page: only with the pending cookie.
    expect((await run(loginTwoFactor.loader, new Request("http://localhost/login/two-factor", { headers: { Cookie: pending } }))).status).toBe(200);
    const without = await run(loginTwoFactor.loader, new Request("http://localhost/login/two-factor"));
    expect([without.status, without.location]).toEqual([302, "/login"]);
    const noPending = await run(loginTwoFactor.action, await signedOutPost("/login/two-factor", { code: "123456" }), {}, context);
    expect([noPending.status, noPending.location]).toEqual([302, "/login"]);

    const right = generateSync({ secret, epoch: Math.floor(Date.now() / 1000) });
    const wrongCode = right === "000000" ? "111111" : "000000";
    const wrong = await run<any>(loginTwoFactor.action, await signedOutPost("/login/two-factor", { code: wrongCode }, pending), {}, context);
    expect(wrong.status).toBe(400);
    expect(wrong.data.errors.code).toMatch(/^The code is not right/);
    expect(setCookie(wrong.headers, "portal_session")).toBeUndefined();
    const empty = await run<any>(loginTwoFactor.action, await signedOutPost("/login/two-factor", { code: "  " }, pending), {}, context);
    expect(empty.status).toBe(400);
    expect(empty.data.errors.code).toBe("Enter the 6-digit code from your authenticator app, or a recovery code");

    const ok = await run(loginTwoFactor.action, await signedOutPost("/login/two-factor", { code: right }, pending), {}, context);
    expect([ok.status, ok.location]).toEqual([302, "/bids"]);
    const session = setCookie(ok.headers, "portal_session")!;
    expect(session).toBeTruthy();
    await expect(currentSession(new Request("http://localhost/", { headers: { Cookie: session } }))).resolves.toMatchObject({ user: { userId: id } });
    // The pending cookie is cleared.
    expect(setCookie(ok.headers, "portal_two_factor")).toBe("portal_two_factor=");

    // The same code again, with the same pending cookie (a replay), is refused.
    const replay = await run(loginTwoFactor.action, await signedOutPost("/login/two-factor", { code: right }, pending), {}, context);
    expect(replay.status).toBe(400);
  });
});
