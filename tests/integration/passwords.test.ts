import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../../app/auth/password.server";
import { currentSession, startSession } from "../../app/auth/session.server";
import { db } from "../../app/data/db.server";
import { CSRF_FIELD } from "../../app/forms/csrf-field";
import { createUser } from "../../app/data/users.server";
import * as changePage from "../../app/routes/account.password";
import * as forgotPage from "../../app/routes/forgot-password";
import * as resetPage from "../../app/routes/reset-password.$token";
import { auditLog, organisations, outbox, sessions, users, userTokens } from "../../db/schema";
import { formTokenFor, run } from "../support/requests";

/**
 * Forgotten and changed passwords (decision record 031): the same answer whether or not the
 * address has an account; a reset link that works once, for its own user, for an hour; a clear
 * message for a used, replaced, expired or unknown link; every session ending when the password
 * is reset, every other one when it is changed; NCSC's rules for the new password.
 */

const EMAIL = "pw.test@melton.example.gov.uk";
const OLD = "a long enough old password";
const NEW = "marble kettle orchard lamp";
let userId: number;

const cookieOf = (setCookie: string) => setCookie.split(";")[0];
async function post(path: string, form: Record<string, string>, cookie?: string) {
  const headers = new Headers();
  if (cookie) headers.set("Cookie", cookie);
  const body = new URLSearchParams({ [CSRF_FIELD]: await formTokenFor(headers), ...form });
  headers.set("Content-Type", "application/x-www-form-urlencoded");
  return new Request(`http://localhost${path}`, { method: "POST", headers, body });
}
const lastResetMail = () => db().select().from(outbox).where(and(eq(outbox.to, EMAIL), eq(outbox.subject, "Reset your password"))).orderBy(sql`${outbox.id} desc`).get();
const tokenIn = (body: string) => /\/reset-password\/([A-Za-z0-9_-]+)/.exec(body)![1];
const resetsSent = () => db().get<{ n: number }>(sql`select count(*) as n from outbox where "to" = ${EMAIL} and subject = 'Reset your password'`).n;
const sessionsOf = () => db().get<{ n: number }>(sql`select count(*) as n from sessions where user_id = ${userId}`).n;

beforeAll(async () => {
  const melton = db().select({ id: organisations.id }).from(organisations).where(eq(organisations.code, "melton")).get()!.id;
  userId = createUser({ email: EMAIL, name: "Pat Testwell", role: "csp_lead", organisationId: melton, passwordHash: await hashPassword(OLD), createdBy: null });
});

describe("forgot your password", () => {
  it("answers the same whether or not the address has an account, and e-mails a link only to a real one", async () => {
    const before = db().get<{ n: number }>(sql`select count(*) as n from outbox`).n;
    const unknown = await run(forgotPage.action, await post("/forgot-password", { email: "nobody@example.org" }));
    expect(unknown).toMatchObject({ status: 302, location: "/forgot-password?sent=1" });
    expect(db().get<{ n: number }>(sql`select count(*) as n from outbox`).n).toBe(before);
    const known = await run(forgotPage.action, await post("/forgot-password", { email: "  PW.Test@melton.example.gov.uk " }));
    expect(known).toMatchObject({ status: 302, location: "/forgot-password?sent=1" });
    expect(lastResetMail()!.body).toMatch(/It works once, for an hour:\n\nhttp.*\/reset-password\/[A-Za-z0-9_-]{40,}/);
    // Only the token's hash is kept.
    const token = tokenIn(lastResetMail()!.body);
    expect(db().select().from(userTokens).where(eq(userTokens.tokenHash, token)).get()).toBeUndefined();
  });

  it("asks for an address in the right form, keeping what was typed", async () => {
    const res = await run<any>(forgotPage.action, await post("/forgot-password", { email: "not an address" }));
    expect(res.status).toBe(400);
    expect(res.data.errors.email).toBe("Enter an email address in the correct format, like name@example.org");
    expect(res.data.values.email).toBe("not an address");
  });

  it("sends no more than three links an hour to one account", async () => {
    const sent = resetsSent();
    for (let i = 0; i < 4; i++) await run(forgotPage.action, await post("/forgot-password", { email: EMAIL }));
    expect(resetsSent() - sent).toBeLessThanOrEqual(2);
  });
});

describe("the reset link", () => {
  let token: string;

  beforeAll(async () => {
    db().delete(userTokens).where(eq(userTokens.userId, userId)).run();
    await run(forgotPage.action, await post("/forgot-password", { email: EMAIL }));
    token = tokenIn(lastResetMail()!.body);
  });

  it("shows the form for a good link, sending nothing about the account to the page", async () => {
    const res = await run<any>(resetPage.loader, new Request(`http://localhost/reset-password/${token}`), { token });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.data)).not.toContain(EMAIL);
    expect(res.data.refusal).toBeNull();
  });

  it("refuses a weak or mistyped new password, sending no password back", async () => {
    const weak = await run<any>(resetPage.action, await post(`/reset-password/${token}`, { password: "Password1234", confirm: "Password1234" }), { token });
    expect(weak.status).toBe(400);
    expect(weak.data.errors.password).toMatch(/^Choose a password that is harder to guess/);
    expect(weak.data.values).toEqual({});
    const mismatch = await run<any>(resetPage.action, await post(`/reset-password/${token}`, { password: NEW, confirm: `${NEW}!` }), { token });
    expect(mismatch.data.errors.confirm).toBe("The two passwords are not the same: type the new password again");
  });

  it("sets the password once, ends every session of the account, and is then refused as used", async () => {
    await startSession(userId);
    await startSession(userId);
    expect(sessionsOf()).toBe(2);
    const res = await run(resetPage.action, await post(`/reset-password/${token}`, { password: NEW, confirm: NEW }), { token });
    expect(res).toMatchObject({ status: 302, location: "/login?reset=1" });
    expect(await verifyPassword(NEW, db().select().from(users).where(eq(users.id, userId)).get()!.passwordHash)).toBe(true);
    expect(sessionsOf()).toBe(0);
    expect(db().select().from(auditLog).where(and(eq(auditLog.action, "user.password_reset"), eq(auditLog.entityId, userId))).get()).toBeTruthy();
    const again = await run<any>(resetPage.loader, new Request(`http://localhost/reset-password/${token}`), { token });
    expect(again.status).toBe(410);
    expect(again.data.refusal).toMatch(/^This password reset link has already been used/);
    const reuse = await run<any>(resetPage.action, await post(`/reset-password/${token}`, { password: "another long passphrase", confirm: "another long passphrase" }), { token });
    expect(reuse.status).toBe(410);
  });

  it("is refused with a clear message once its hour has passed, or once a newer link was sent", async () => {
    await run(forgotPage.action, await post("/forgot-password", { email: EMAIL }));
    const older = tokenIn(lastResetMail()!.body);
    db().update(userTokens).set({ createdAt: "2026-01-01T00:00:00.000Z" }).where(eq(userTokens.userId, userId)).run();
    await run(forgotPage.action, await post("/forgot-password", { email: EMAIL }));
    const newer = tokenIn(lastResetMail()!.body);
    expect((await run<any>(resetPage.loader, new Request(`http://localhost/reset-password/${older}`), { token: older })).data.refusal).toMatch(/^A newer password reset link has been sent/);
    db().update(userTokens).set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).where(eq(userTokens.userId, userId)).run();
    const expired = await run<any>(resetPage.loader, new Request(`http://localhost/reset-password/${newer}`), { token: newer });
    expect(expired.status).toBe(410);
    expect(expired.data.refusal).toBe("This password reset link has expired: reset links last an hour. Ask for a new link on the “Forgot your password?” page.");
  });

  it("is refused with a 410 and says why once the account was deactivated, without saying whose it was", async () => {
    await run(forgotPage.action, await post("/forgot-password", { email: EMAIL }));
    const token = tokenIn(lastResetMail()!.body);
    db().update(users).set({ active: false }).where(eq(users.id, userId)).run();
    try {
      const res = await run<any>(resetPage.loader, new Request(`http://localhost/reset-password/${token}`), { token });
      expect(res.status).toBe(410);
      expect(res.data.refusal).toBe("This password reset link no longer works because the account it was for has been deactivated. If you still need to use the portal, ask your administrator to reactivate it.");
      expect(JSON.stringify(res.data)).not.toContain(EMAIL);
      const tried = "walnut harbour pencil cloud";
      const set = await run<any>(resetPage.action, await post(`/reset-password/${token}`, { password: tried, confirm: tried }), { token });
      expect(set.status).toBe(410);
      expect(await verifyPassword(tried, db().select().from(users).where(eq(users.id, userId)).get()!.passwordHash!)).toBe(false);
    } finally {
      db().update(users).set({ active: true }).where(eq(users.id, userId)).run();
    }
  });

  it("answers 404 for a link that was never sent, whatever is in the address", async () => {
    for (const bad of ["nonsense", "x".repeat(43), "%00", "a".repeat(500)]) {
      const res = await run<any>(resetPage.loader, new Request(`http://localhost/reset-password/${encodeURIComponent(bad)}`), { token: bad });
      expect(res.status, bad).toBe(404);
      expect(res.data.refusal).toMatch(/^This link is not recognised/);
    }
  });
});

describe("changing your password", () => {
  it("needs the current password, keeps this browser signed in and ends every other session", async () => {
    const here = cookieOf(await startSession(userId));
    await startSession(userId);
    const path = "/account/password";
    const wrong = await run<any>(changePage.action, await post(path, { currentPassword: "not it at all", newPassword: "plum violin harbour gate", confirm: "plum violin harbour gate" }, here));
    expect(wrong.status).toBe(400);
    expect(wrong.data.errors.currentPassword).toBe("Your current password is not right");
    const same = await run<any>(changePage.action, await post(path, { currentPassword: NEW, newPassword: NEW, confirm: NEW }, here));
    expect(same.data.errors.newPassword).toBe("Your new password must be different from your current one");
    const ok = await run(changePage.action, await post(path, { currentPassword: NEW, newPassword: "plum violin harbour gate", confirm: "plum violin harbour gate" }, here));
    expect(ok).toMatchObject({ status: 302, location: "/account/password?done=1" });
    expect(sessionsOf()).toBe(1);
    expect(await currentSession(new Request("http://localhost/", { headers: { Cookie: here } }))).not.toBeNull();
  });

  it("is for signed-in users only", async () => {
    const res = await run(changePage.loader, new Request("http://localhost/account/password"));
    expect(res.status).toBe(302);
  });
});

describe("sessions", () => {
  it("end after the idle time-out without a request", async () => {
    const cookie = cookieOf(await startSession(userId));
    const page = () => currentSession(new Request("http://localhost/", { headers: { Cookie: cookie } }));
    expect(await page()).not.toBeNull();
    db().update(sessions).set({ lastSeenAt: new Date(Date.now() - 61 * 60_000).toISOString() }).where(eq(sessions.userId, userId)).run();
    expect(await page()).toBeNull();
  });
});

describe("the outbox", () => {
  it("never shows a one-time link outside the demo", async () => {
    const { hideOneTimeLinks } = await import("../../app/data/notifications.server");
    const body = "Set a new password: http://portal/reset-password/abcDEF_123-xyz and http://portal/invitation/QQQ";
    expect(hideOneTimeLinks(body, false)).toBe("Set a new password: http://portal/reset-password/[the link is sent only to its person] and http://portal/invitation/[the link is sent only to its person]");
    expect(hideOneTimeLinks(body, true)).toBe(body);
  });
});
