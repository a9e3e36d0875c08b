import { eq } from "drizzle-orm";
import { generateSync } from "otplib";
import { afterAll, describe, expect, it } from "vitest";
import { requireUser } from "../../app/auth/access.server";
import { checkSecondStep, checkSignIn } from "../../app/auth/sign-in.server";
import { db } from "../../app/data/db.server";
import { beginTwoFactor, confirmTwoFactor, setTwoFactorRequired, turnOffTwoFactor, twoFactorRequired, twoFactorStatus } from "../../app/data/two-factor.server";
import { recoveryCodes, users } from "../../db/schema";
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
