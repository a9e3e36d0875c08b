import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { invitePerson } from "../../app/data/people.server";
import { issueToken } from "../../app/data/passwords.server";
import * as invitation from "../../app/routes/invitation.$token";
import * as login from "../../app/routes/login";
import * as bids from "../../app/routes/bids._index";
import * as list from "../../app/routes/settings.people._index";
import * as invite from "../../app/routes/settings.people.invite";
import * as person from "../../app/routes/settings.people.$userId";
import { auditLog, outbox, users } from "../../db/schema";
import { formTokenFor, request, run, userId, type DemoUser } from "../support/requests";
import { cspId, DEMO_PASSWORD, makeUser, requestAsUser } from "./helpers";

/**
 * People (issue 12, decision record 034) through the route handlers: inviting by e-mail, the
 * invitation link (once, for its own user, for 7 days, showing nothing but the greeting),
 * changing a role, deactivating (sessions end at once) and reactivating, the last-administrator
 * rule, stale copies, and bad input.
 */

type Who = DemoUser | null;
const EVERYONE: Who[] = [null, "meltonLead", "charnwoodLead", "reviewer", "finance", "meltonFinance", "admin"];
const expected = (who: Who, ok: number) => (who === null ? 302 : who === "admin" ? ok : 403);
const PASSWORD = "copper meadow lantern fig";

let n = 0;
const fresh = () => `person.${Date.now()}.${++n}@example.gov.uk`;
const inviteForm = (over: Record<string, string> = {}) => ({ name: "Robin Ashdown", email: fresh(), role: "csp_lead", partnershipId: String(cspId("melton")), ...over });
const sendInvite = async (form: Record<string, string>, who: Who = "admin") => run<any>(invite.action, await request(who, "/settings/people/invite", form));
const open = async (id: number | string, who: Who = "admin") => run<any>(person.loader, await request(who, `/settings/people/${id}`), { userId: String(id) });
const post = async (id: number, form: Record<string, string>, who: Who = "admin") => run<any>(person.action, await request(who, `/settings/people/${id}`, form), { userId: String(id) });
const versionOf = (id: number) => String(db().select({ v: users.version }).from(users).where(eq(users.id, id)).get()!.v);
const userByEmail = (email: string) => db().select().from(users).where(eq(users.email, email)).get()!;
const lastMailTo = (email: string) => db().select().from(outbox).where(eq(outbox.to, email)).orderBy(sql`${outbox.id} desc`).get();
const tokenIn = (body: string) => /\/invitation\/([A-Za-z0-9_-]+)/.exec(body)![1];
const sessionsOf = (id: number) => db().get<{ n: number }>(sql`select count(*) as n from sessions where user_id = ${id}`).n;

let place = 0;
async function signIn(email: string, password: string) {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
  const token = await formTokenFor(headers);
  const req = new Request("http://localhost/login", { method: "POST", headers, body: new URLSearchParams({ csrf: token, email, password }) });
  // A client of its own each time, so no throttle counts one test's failures against another.
  return run(login.action, req, {}, { clientAddress: `198.51.100.${++place}` });
}
async function setPassword(token: string, form: Record<string, string> = { password: PASSWORD, confirm: PASSWORD }) {
  const headers = new Headers();
  const body = new URLSearchParams({ csrf: await formTokenFor(headers), ...form });
  headers.set("Content-Type", "application/x-www-form-urlencoded");
  return run<any>(invitation.action, new Request(`http://localhost/invitation/${token}`, { method: "POST", headers, body }), { token });
}
const openInvitation = async (token: string, query = "") => run<any>(invitation.loader, new Request(`http://localhost/invitation/${token}${query}`), { token });

async function invited(over: Record<string, string> = {}) {
  const form = inviteForm(over);
  const res = await sendInvite(form);
  expect(res.status).toBe(302);
  const row = userByEmail(form.email);
  return { id: row.id, email: form.email, token: tokenIn(lastMailTo(form.email)!.body), res };
}

describe("only administrators administer people", () => {
  it.each(EVERYONE)("%s", async (who) => {
    const melton = userId("meltonLead");
    expect((await run(list.loader, await request(who, "/settings/people"))).status).toBe(expected(who, 200));
    expect((await run(invite.loader, await request(who, "/settings/people/invite"))).status).toBe(expected(who, 200));
    expect((await open(melton, who)).status).toBe(expected(who, 200));
    const before = db().select().from(users).all().length;
    expect((await sendInvite(inviteForm({ name: "" }), who)).status).toBe(expected(who, 400));
    expect((await sendInvite(inviteForm(), who)).status).toBe(expected(who, 302));
    if (who !== "admin") expect(db().select().from(users).all().length).toBe(before);
    const v = versionOf(melton);
    expect((await post(melton, { intent: "change-role", version: v, role: "nonsense" }, who)).status).toBe(expected(who, 400));
    expect((await post(melton, { intent: "deactivate", version: "x" }, who)).status).toBe(expected(who, 400));
    expect(versionOf(melton)).toBe(v);
  });

  it("an unknown person is not found", async () => {
    for (const id of ["99999", "abc", "0"]) {
      expect((await open(id)).status).toBe(404);
      expect((await run(person.action, await request("admin", `/settings/people/${id}`, { intent: "deactivate", version: "1" }), { userId: id })).status).toBe(404);
    }
  });
});

describe("the list", () => {
  it("pages the people by name, with role in words, status and last sign-in", async () => {
    const res = await run<any>(list.loader, await request("admin", "/settings/people"));
    expect(res.status).toBe(200);
    const names = res.data.result.rows.map((r: { name: string }) => r.name);
    expect(names).toEqual([...names].sort());
    const lead = res.data.result.rows.find((r: { email: string }) => r.email === "lead.melton@demo.opcc.test");
    expect(lead).toMatchObject({ roleWords: "CSP lead", organisationName: "Safer Melton Partnership", atCsp: true, active: true, invited: false });
    const councilFinance = res.data.result.rows.find((r: { email: string }) => r.email === "finance.melton@demo.opcc.test");
    expect(councilFinance.roleWords).toBe("Council finance");
    expect(res.data.result.rows.find((r: { email: string }) => r.email === "finance@demo.opcc.test").roleWords).toBe("OPCC finance");
    // Nothing the list does not show.
    expect(Object.keys(lead).sort()).toEqual(["active", "atCsp", "email", "id", "invited", "lastSignedInAt", "name", "organisationName", "role", "roleWords"]);
  });

  it("filters by role, partnership and status", async () => {
    const { email } = await invited({ name: "Zed Filterby" });
    const get = async (q: string) => (await run<any>(list.loader, await request("admin", `/settings/people?${q}`))).data.result.rows as { email: string; role: string; invited: boolean; active: boolean }[];
    expect((await get("role=admin")).every((r) => r.role === "admin")).toBe(true);
    expect((await get(`csp=${cspId("melton")}`)).map((r) => r.email)).toContain(email);
    expect((await get(`csp=${cspId("charnwood")}`)).map((r) => r.email)).not.toContain(email);
    const invitedOnly = await get("status=invited");
    expect(invitedOnly.map((r) => r.email)).toContain(email);
    expect(invitedOnly.every((r) => r.invited)).toBe(true);
    expect((await get("status=active")).map((r) => r.email)).not.toContain(email);
    // The blank choices of the form are "any".
    expect((await get("role=&csp=&status=")).length).toBeGreaterThan(5);
  });

  it("refuses a filter value the form could not send with a 400 and the error summary", async () => {
    const res = await run<any>(list.loader, await request("admin", "/settings/people?role=king&status=asleep&csp=x&page=-1"));
    expect(res.status).toBe(400);
    expect(Object.keys(res.data.errors).sort()).toEqual(["csp", "page", "role", "status"]);
    expect(res.data.result.rows.length).toBeGreaterThan(0);
  });
});

describe("inviting someone", () => {
  it("e-mails a link; the link sets the password once; then they can sign in", async () => {
    const { id, email, token, res } = await invited();
    expect(res.location).toBe(`/settings/people/${id}?done=invited`);
    const mail = lastMailTo(email)!;
    expect(mail.subject).toBe("You are invited to the community safety funding portal");
    expect(mail.body).toMatch(/It works once, for 7 days/);
    const page = await open(id);
    expect(page.data.person).toMatchObject({ invited: true, active: true, lastSignedInAt: null, roleWords: "CSP lead", organisationName: "Safer Melton Partnership" });
    expect(page.data.person).toMatchObject({ invitationExpiresAt: expect.any(String), invitationExpired: false });
    // Until they accept, no password works.
    expect((await signIn(email, PASSWORD)).status).toBe(400);
    const shown = await openInvitation(token);
    expect(shown.status).toBe(200);
    expect(shown.data).toEqual({ refusal: null, greeting: { name: "Robin Ashdown", opcc: expect.any(String) }, accepted: false });
    const done = await setPassword(token);
    expect(done).toMatchObject({ status: 302, location: `/invitation/${token}?accepted=1` });
    expect((await openInvitation(token, "?accepted=1")).data).toEqual({ refusal: null, greeting: null, accepted: true });
    expect((await signIn(email, PASSWORD)).status).toBe(302);
    expect(db().select().from(auditLog).where(and(eq(auditLog.action, "user.invitation_accepted"), eq(auditLog.entityId, id))).all()).toHaveLength(1);
    // Once only.
    const again = await openInvitation(token);
    expect(again.status).toBe(410);
    expect(again.data.refusal).toMatch(/already been used/);
    expect(again.data.greeting).toBeNull();
    const twice = await setPassword(token, { password: "another lovely passphrase", confirm: "another lovely passphrase" });
    expect(twice.status).toBe(410);
    expect((await signIn(email, "another lovely passphrase")).status).toBe(400);
  });

  it("the page is sent the greeting and nothing else about the account", async () => {
    const { token } = await invited({ name: "Quinn Private" });
    const shown = await openInvitation(token);
    expect(JSON.stringify(shown.data)).not.toMatch(/@|csp_lead|Melton|"id"/);
    const bad = await setPassword(token, { password: "short", confirm: "short" });
    expect(bad.status).toBe(400);
    expect(bad.data.values).toEqual({});
    expect(bad.data.errors.password).toMatch(/at least 12 characters/);
    const mismatch = await setPassword(token, { password: PASSWORD, confirm: "something else" });
    expect(mismatch.data.errors).toEqual({ confirm: "The two passwords are not the same: type the password again" });
  });

  it("a link works only for its own purpose: a reset token is no invitation, an unknown one is not found", async () => {
    const { id } = await invited();
    const reset = db().transaction((tx) => issueToken(tx, id, "password_reset", null, new Date()));
    expect((await openInvitation(reset)).status).toBe(404);
    expect((await setPassword(reset)).status).toBe(404);
    expect((await openInvitation("not-a-token")).status).toBe(404);
    expect((await openInvitation("A".repeat(43))).data.refusal).toMatch(/not recognised/);
  });

  it("an invitation sent 8 days ago has expired, and says so", async () => {
    const email = fresh();
    const sent = invitePerson(userId("admin"), { name: "Old Invite", email, role: "opcc_reviewer", atCsp: false, partnershipId: null }, new Date(Date.now() - 8 * 24 * 3600_000));
    if (sent.kind !== "invited") throw new Error("not invited");
    const res = await openInvitation(sent.token);
    expect(res.status).toBe(410);
    expect(res.data.refusal).toBe("This invitation has expired: invitations last 7 days. Ask your administrator to send you a new invitation.");
    expect((await setPassword(sent.token)).status).toBe(410);
    // Sending it again gives a new link that works; the old one is replaced.
    const page = await open(sent.userId);
    expect(page.data.person).toMatchObject({ invitationExpiresAt: expect.any(String), invitationExpired: true });
    expect(await post(sent.userId, { intent: "resend", version: versionOf(sent.userId) })).toMatchObject({ status: 302, location: `/settings/people/${sent.userId}?done=resent` });
    const next = tokenIn(lastMailTo(email)!.body);
    expect((await openInvitation(next)).status).toBe(200);
    expect((await openInvitation(sent.token)).status).toBe(410);
  });

  it("refuses bad input with a 400, keeping what was typed", async () => {
    const res = await sendInvite({ name: "  ", email: "not an address", role: "csp_lead", partnershipId: "" });
    expect(res.status).toBe(400);
    expect(res.data.errors).toEqual({ name: "Enter the person's full name", email: "Enter an email address in the correct format, like name@example.org", partnershipId: "Select the partnership this person works for" });
    expect(res.data.values).toMatchObject({ email: "not an address", role: "csp_lead" });
    expect((await sendInvite({ name: "A", email: fresh() })).data.errors).toEqual({ role: "Select the person's role" });
    const taken = await sendInvite(inviteForm({ email: "LEAD.melton@demo.opcc.test" }));
    expect(taken.status).toBe(400);
    expect(taken.data.errors.email).toMatch(/already has an account/);
    expect(taken.data.values.email).toBe("LEAD.melton@demo.opcc.test");
    // A partnership id that is not a partnership.
    expect((await sendInvite(inviteForm({ partnershipId: "99999" }))).data.errors).toEqual({ partnershipId: "Select the partnership this person works for" });
  });

  it("an OPCC role ignores the partnership box", async () => {
    const { id } = await invited({ role: "opcc_finance" });
    expect((await open(id)).data.person).toMatchObject({ roleWords: "OPCC finance", atCsp: false });
  });
});

describe("changing a role, deactivating and reactivating", () => {
  it("deactivating ends their sessions at once, they cannot sign in; reactivating lets them again", async () => {
    const email = fresh();
    const id = await makeUser({ email, name: "Dana Leaving", role: "csp_lead", orgCode: "melton" });
    const theirs = await requestAsUser(id, "/bids");
    const cookie = theirs.headers.get("Cookie")!;
    expect((await run(bids.loader, theirs)).status).toBe(200);
    const res = await post(id, { intent: "deactivate", version: versionOf(id) });
    expect(res).toMatchObject({ status: 302, location: `/settings/people/${id}?done=deactivated` });
    expect(sessionsOf(id)).toBe(0);
    const after = await run(bids.loader, new Request("http://localhost/bids", { headers: { Cookie: cookie } }));
    expect(after.status).toBe(302);
    expect(after.location).toMatch(/^\/login/);
    expect((await signIn(email, DEMO_PASSWORD)).status).toBe(400);
    expect((await open(id)).data.person).toMatchObject({ active: false });
    expect(db().select().from(auditLog).where(and(eq(auditLog.action, "user.deactivated"), eq(auditLog.entityId, id))).all()).toHaveLength(1);
    expect(await post(id, { intent: "reactivate", version: versionOf(id) })).toMatchObject({ status: 302, location: `/settings/people/${id}?done=reactivated` });
    expect((await signIn(email, DEMO_PASSWORD)).status).toBe(302);
  });

  it("changes a role and partnership, ending their sessions", async () => {
    const id = await makeUser({ email: fresh(), name: "Morgan Mover", role: "csp_lead", orgCode: "melton" });
    await requestAsUser(id, "/bids");
    const res = await post(id, { intent: "change-role", version: versionOf(id), role: "council_finance", partnershipId: String(cspId("charnwood")) });
    expect(res.status).toBe(302);
    expect((await open(id)).data.person).toMatchObject({ roleWords: "Council finance", organisationName: expect.stringMatching(/Charnwood/), roleChoice: "council_finance" });
    expect(sessionsOf(id)).toBe(0);
    const missing = await post(id, { intent: "change-role", version: versionOf(id), role: "csp_lead", partnershipId: "" });
    expect(missing.status).toBe(400);
    expect(missing.data).toMatchObject({ intent: "change-role", errors: { partnershipId: "Select the partnership this person works for" }, values: { role: "csp_lead" } });
  });

  it("refuses a stale copy with a 409", async () => {
    const id = await makeUser({ email: fresh(), name: "Sam Stale", role: "csp_lead", orgCode: "melton" });
    const seen = versionOf(id);
    expect((await post(id, { intent: "change-role", version: seen, role: "opcc_reviewer" })).status).toBe(302);
    const forms: Record<string, string>[] = [{ intent: "deactivate", version: seen }, { intent: "change-role", version: seen, role: "csp_lead", partnershipId: String(cspId("melton")) }];
    for (const form of forms) {
      const res = await post(id, form);
      expect(res.status).toBe(409);
      expect(res.data.formError).toMatch(/^Someone changed this person's account after you opened this page/);
    }
    expect(userByEmail(db().select().from(users).where(eq(users.id, id)).get()!.email).active).toBe(true);
  });

  it("the last active administrator cannot be demoted or deactivated", async () => {
    const admin = userId("admin");
    const others = db().get<{ n: number }>(sql`select count(*) as n from users where role = 'admin' and active = 1 and id <> ${admin}`).n;
    expect(others).toBe(0);
    const deactivate = await post(admin, { intent: "deactivate", version: versionOf(admin) });
    expect(deactivate.status).toBe(400);
    expect(deactivate.data.formError).toMatch(/^You are the only active administrator/);
    const demote = await post(admin, { intent: "change-role", version: versionOf(admin), role: "opcc_reviewer" });
    expect(demote.status).toBe(400);
    expect(demote.data.formError).toMatch(/only active administrator/);
    expect(db().select().from(users).where(eq(users.id, admin)).get()).toMatchObject({ role: "admin", active: true });
    // With a second administrator, the first may step down.
    const second = await makeUser({ email: fresh(), name: "Second Admin", role: "admin", orgCode: "melton" });
    expect(second).toBeGreaterThan(0);
    db().run(sql`update users set organisation_id = (select id from organisations where kind = 'opcc' order by id limit 1) where id = ${second}`);
    const secondDemotesFirst = await run<any>(person.action, await requestAsUser(second, `/settings/people/${admin}`, { intent: "change-role", version: versionOf(admin), role: "opcc_reviewer" }), { userId: String(admin) });
    expect(secondDemotesFirst.status).toBe(302);
    const lastOne = await run<any>(person.action, await requestAsUser(second, `/settings/people/${second}`, { intent: "deactivate", version: versionOf(second) }), { userId: String(second) });
    expect(lastOne.status).toBe(400);
    expect(lastOne.data.formError).toMatch(/^You are the only active administrator/);
  });
});
