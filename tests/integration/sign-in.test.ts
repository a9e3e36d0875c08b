import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import * as dashboard from "../../app/routes/_index";
import * as login from "../../app/routes/login";
import * as logout from "../../app/routes/logout";
import { users } from "../../db/schema";
import { formTokenFor, request, run } from "../support/requests";
import { DEMO_PASSWORD, makeUser } from "./helpers";

/** Signing in and out through the real actions, as a browser would, with the cookie they set. */

const MELTON = "lead.melton@demo.opcc.test";

/** The sign-in form as the sign-in page sends it: with its visit cookie and CSRF token. */
async function signInRequest(form: Record<string, string>, cookie?: string) {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
  if (cookie) headers.set("Cookie", cookie);
  const token = await formTokenFor(headers);
  return new Request("http://localhost/login", { method: "POST", headers, body: new URLSearchParams({ csrf: token, ...form }) });
}

/** The header's sign-out button, from a page of the session behind the cookie. */
async function signOutRequest(cookie: string) {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie });
  return new Request("http://localhost/logout", { method: "POST", headers, body: new URLSearchParams({ csrf: await formTokenFor(headers) }) });
}

function withCookie(path: string, cookie: string) {
  return new Request(`http://localhost${path}`, { headers: { Cookie: cookie } });
}

/** name=value from a Set-Cookie header. */
const cookiePair = (setCookie: string | null | undefined) => (setCookie ?? "").split(";")[0];

const sessionCount = () => db().get<{ n: number }>(sql`select count(*) as n from sessions`).n;

let fresh = 0;
/** A new account per test, so that one test's failed sign-ins never lock another's. */
async function freshUser(name = "Sam Taylor") {
  fresh += 1;
  const email = `fresh.${fresh}.${Date.now()}@demo.opcc.test`;
  await makeUser({ email, name, role: "csp_lead", orgCode: "melton" });
  return email;
}

describe("signing in", () => {
  it("the sign-in page is shown to a signed-out visitor", async () => {
    const res = await run(login.loader, await request(null, "/login"));
    expect(res.status).toBe(200);
  });

  it("the right email and password set a session cookie and go to the page asked for", async () => {
    const res = await run(login.action, await signInRequest({ email: MELTON, password: DEMO_PASSWORD, redirectTo: "/bids?status=draft" }));
    expect(res.status).toBe(302);
    expect(res.location).toBe("/bids?status=draft");
    const setCookie = res.headers!.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^portal_session=[^;]+;/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//i);

    const page = await run<any>(dashboard.loader, withCookie("/", cookiePair(setCookie)));
    expect(page.status).toBe(200);
    expect(page.data.name).toBe("Aysha Rahman");
  });

  it("with no page asked for, goes to the dashboard", async () => {
    const res = await run(login.action, await signInRequest({ email: MELTON, password: DEMO_PASSWORD }));
    expect(res.status).toBe(302);
    expect(res.location).toBe("/");
  });

  it("the email address is not case-sensitive and may have spaces around it", async () => {
    const res = await run(login.action, await signInRequest({ email: `  ${MELTON.toUpperCase()} `, password: DEMO_PASSWORD }));
    expect(res.status).toBe(302);
    expect(res.headers!.get("Set-Cookie")).toMatch(/^portal_session=/);
  });

  it("a signed-in visitor to the sign-in page goes on to where they were going", async () => {
    const res = await run(login.loader, await request("meltonLead", "/login?redirectTo=%2Fbids%2F1"));
    expect(res.status).toBe(302);
    expect(res.location).toBe("/bids/1");
    const evil = await run(login.loader, await request("meltonLead", "/login?redirectTo=%2F%2Fevil.example"));
    expect(evil.location).toBe("/");
  });

  it.each(["//evil.example", "//evil.example/bids", "https://evil.example/", "/\\evil.example", "\\\\evil.example", "javascript:alert(1)", "evil.example", " //evil.example"])(
    "refuses to send anyone off-site: redirectTo %j → /",
    async (redirectTo) => {
      const res = await run(login.action, await signInRequest({ email: MELTON, password: DEMO_PASSWORD, redirectTo }));
      expect(res.status).toBe(302);
      expect(res.location).toBe("/");
    },
  );

  // Browsers delete tabs and newlines from a URL before reading it (WHATWG URL parser), so a Location
  // of "/<TAB>/evil.example" is followed to //evil.example. safeRedirect in app/routes/login.tsx only
  // checks for a leading "//" or "/\".
  it("refuses a redirectTo that a browser would read as another site once it drops the tab (/\\t/evil.example)", async () => {
    const res = await run(login.action, await signInRequest({ email: MELTON, password: DEMO_PASSWORD, redirectTo: "/\t/evil.example" }));
    expect(res.status).toBe(302);
    expect(new URL(res.location!, "https://portal.example").host).toBe("portal.example");
  });

  it("an account that has been switched off cannot sign in, and its open sessions stop working", async () => {
    const email = await freshUser("Switched Off");
    const ok = await run(login.action, await signInRequest({ email, password: DEMO_PASSWORD }));
    const cookie = cookiePair(ok.headers!.get("Set-Cookie"));
    expect((await run(dashboard.loader, withCookie("/", cookie))).status).toBe(200);
    db().update(users).set({ active: false }).where(eq(users.email, email)).run();
    const res = await run<any>(login.action, await signInRequest({ email, password: DEMO_PASSWORD }));
    expect(res.status).toBe(400);
    expect(res.data.errors.email).toBe("Enter a correct email address and password");
    expect((await run(dashboard.loader, withCookie("/", cookie))).status).toBe(302);
  });
});

describe("too many wrong passwords", () => {
  // Each test signs in from an address of its own, as different people would (the rules
  // themselves, spraying and lock-outs by strangers among them, are in sign-in-throttle.test.ts).
  let places = 0;
  let place = "";
  beforeEach(() => {
    places += 1;
    place = `198.51.100.${places}`;
  });
  const from = () => ({ clientAddress: place });

  it("five wrong passwords from one place make it wait, and then even the right password is refused with a message saying so", async () => {
    const email = await freshUser();
    for (let i = 1; i <= 4; i++) {
      const res = await run<any>(login.action, await signInRequest({ email, password: `wrong-${i}` }), {}, from());
      expect(res.status, `attempt ${i}`).toBe(400);
      expect(res.data.errors.email).toBe("Enter a correct email address and password");
    }
    const fifth = await run<any>(login.action, await signInRequest({ email, password: "wrong-5" }), {}, from());
    expect(fifth.status).toBe(429);
    expect(fifth.data.formError).toMatch(/too many attempts/);

    const right = await run<any>(login.action, await signInRequest({ email, password: DEMO_PASSWORD }), {}, from());
    expect(right.status).toBe(429);
    expect(right.data.formError).toMatch(/too many attempts to sign in to this account\. Try again after/);
    expect(right.headers?.get("Set-Cookie") ?? null).toBeNull();
    expect(right.data.values).not.toHaveProperty("password");
  });

  it("the lock does not care how the email address is typed", async () => {
    const email = await freshUser();
    for (let i = 0; i < 5; i++) {
      const typed = i % 2 ? email.toUpperCase() : ` ${email} `;
      await run(login.action, await signInRequest({ email: typed, password: "wrong" }), {}, from());
    }
    const right = await run<any>(login.action, await signInRequest({ email, password: DEMO_PASSWORD }), {}, from());
    expect(right.status).toBe(429);
  });

  it("one account's lock does not affect another", async () => {
    const locked = await freshUser();
    const other = await freshUser();
    for (let i = 0; i < 5; i++) await run(login.action, await signInRequest({ email: locked, password: "wrong" }), {}, from());
    const res = await run(login.action, await signInRequest({ email: other, password: DEMO_PASSWORD }), {}, from());
    expect(res.status).toBe(302);
  });

  it("a successful sign-in clears earlier failures", async () => {
    const email = await freshUser();
    for (let i = 0; i < 4; i++) await run(login.action, await signInRequest({ email, password: "wrong" }), {}, from());
    expect((await run(login.action, await signInRequest({ email, password: DEMO_PASSWORD }), {}, from())).status).toBe(302);
    for (let i = 0; i < 4; i++) {
      const res = await run(login.action, await signInRequest({ email, password: "wrong" }), {}, from());
      expect(res.status).toBe(400);
    }
    expect((await run(login.action, await signInRequest({ email, password: DEMO_PASSWORD }), {}, from())).status).toBe(302);
  });

  it("an unknown address is locked the same way, so the lock does not reveal which accounts exist", async () => {
    const email = `nobody.${Date.now()}@demo.opcc.test`;
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await run<any>(login.action, await signInRequest({ email, password: "wrong" }), {}, from())).status);
    expect(answers).toEqual([400, 400, 400, 400, 429, 429]);
  });
});

describe("signing out", () => {
  it("clears the session: the old cookie no longer signs anyone in", async () => {
    const signIn = await run(login.action, await signInRequest({ email: MELTON, password: DEMO_PASSWORD }));
    const cookie = cookiePair(signIn.headers!.get("Set-Cookie"));
    expect((await run(dashboard.loader, withCookie("/", cookie))).status).toBe(200);
    const sessions = sessionCount();

    const out = await run(logout.action, await signOutRequest(cookie));
    expect(out.status).toBe(302);
    expect(out.location).toBe("/login?signedOut=1");
    const cleared = out.headers!.get("Set-Cookie")!;
    expect(cleared).toMatch(/^portal_session=;/);
    expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    expect(sessionCount()).toBe(sessions - 1);

    const after = await run(dashboard.loader, withCookie("/", cookie));
    expect(after.status).toBe(302);
    expect(after.location).toBe("/login?redirectTo=%2F");
  });

  it("only ends the session it was sent from", async () => {
    const a = cookiePair((await run(login.action, await signInRequest({ email: MELTON, password: DEMO_PASSWORD }))).headers!.get("Set-Cookie"));
    const b = cookiePair((await run(login.action, await signInRequest({ email: MELTON, password: DEMO_PASSWORD }))).headers!.get("Set-Cookie"));
    await run(logout.action, await signOutRequest(a));
    expect((await run(dashboard.loader, withCookie("/", a))).status).toBe(302);
    expect((await run(dashboard.loader, withCookie("/", b))).status).toBe(200);
  });

  it("visiting /logout (a GET) shows a sign-out button and does not sign anyone out", async () => {
    const cookie = cookiePair((await run(login.action, await signInRequest({ email: MELTON, password: DEMO_PASSWORD }))).headers!.get("Set-Cookie"));
    const res = await run(logout.loader, withCookie("/logout", cookie));
    expect(res.status).toBe(200);
    expect((await run(dashboard.loader, withCookie("/", cookie))).status).toBe(200);
  });

  it("a forged or tampered cookie signs no one in", async () => {
    const cookie = cookiePair((await run(login.action, await signInRequest({ email: MELTON, password: DEMO_PASSWORD }))).headers!.get("Set-Cookie"));
    const name = cookie.slice(0, cookie.indexOf("="));
    const value = cookie.slice(cookie.indexOf("=") + 1);
    // Change a character in the middle of the signed value (never the same character again).
    const at = Math.floor(value.length / 2);
    const tampered = `${name}=${value.slice(0, at)}${value[at] === "A" ? "B" : "A"}${value.slice(at + 1)}`;
    expect((await run(dashboard.loader, withCookie("/", tampered))).status).toBe(302);
    expect((await run(dashboard.loader, withCookie("/", "portal_session=made-up"))).status).toBe(302);
  });
});
