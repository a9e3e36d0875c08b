import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { deviceHash, deviceIdOf } from "../../app/auth/device.server";
import { db } from "../../app/data/db.server";
import * as dashboard from "../../app/routes/_index";
import * as login from "../../app/routes/login";
import * as logout from "../../app/routes/logout";
import { users } from "../../db/schema";
import { formTokenFor, request, run } from "../support/requests";
import { DEMO_PASSWORD, makeUser } from "./helpers";

/** Signing in and out through the real actions, as a browser would, with the cookie they set. */

const MELTON = "lead.melton@demo.opcc.test";

/**
 * The sign-in form as the sign-in page sends it: with its visit cookie and CSRF token, and any
 * other cookie the browser holds (`cookie`, name=value: its device cookie).
 */
async function signInRequest(form: Record<string, string>, cookie?: string) {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
  const token = await formTokenFor(headers);
  if (cookie) headers.set("Cookie", `${headers.get("Cookie")}; ${cookie}`);
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

/** The Set-Cookie header a response sets for one cookie, or undefined. */
const setCookieOf = (headers: Headers | undefined, name: string) => headers?.getSetCookie().find((c) => c.startsWith(`${name}=`));

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

describe("the device cookie", () => {
  const HOW_TO_GET_IN = "If this is your account, you can sign in from a device you have used to sign in before, or ask your administrator for help.";

  /** Signs in from `clientAddress` and returns the browser's device cookie (name=value). */
  async function deviceCookieFrom(email: string, clientAddress: string, cookie?: string) {
    const res = await run(login.action, await signInRequest({ email, password: DEMO_PASSWORD }, cookie), {}, { clientAddress });
    expect(res.status, `${email} signs in`).toBe(302);
    return cookiePair(setCookieOf(res.headers, "portal_device"));
  }

  const idIn = (cookie: string) => deviceIdOf(new Request("http://localhost/login", { headers: { Cookie: cookie } }));

  it("a sign-in gives the browser a signed, httpOnly, SameSite=Lax cookie for a year, holding a random id the database keeps only as a hash", async () => {
    const email = await freshUser();
    const res = await run(login.action, await signInRequest({ email, password: DEMO_PASSWORD }), {}, { clientAddress: "203.0.113.1" });
    expect(res.status).toBe(302);
    expect(setCookieOf(res.headers, "portal_session"), "the session cookie is still set").toBeDefined();
    const header = setCookieOf(res.headers, "portal_device")!;
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/SameSite=Lax/i);
    expect(header).toMatch(/Path=\/(;|$)/);
    expect(header).toMatch(/Max-Age=31536000/);
    expect(header, "COOKIE_SECURE=0 in tests, as on a developer's machine").not.toMatch(/Secure/i);

    const id = (await idIn(cookiePair(header)))!;
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const kept = db().all<{ device: string | null }>(sql`select device from sign_in_attempts where account = ${email}`);
    expect(kept).toEqual([{ device: deviceHash(id) }]);
    expect(cookiePair(header), "the cookie holds the id, signed, and nothing about the account").not.toContain(encodeURIComponent(email));
  });

  it("the cookie is Secure wherever the session cookie is (COOKIE_SECURE, or production)", async () => {
    const env = process.env as Record<string, string | undefined>;
    const saved = { COOKIE_SECURE: env.COOKIE_SECURE, NODE_ENV: env.NODE_ENV };
    const setEnv = (values: Record<string, string | undefined>) => {
      for (const [key, value] of Object.entries(values)) {
        if (value === undefined) delete env[key];
        else env[key] = value;
      }
    };
    const headerWith = async (values: { COOKIE_SECURE?: string; NODE_ENV?: string }) => {
      setEnv({ COOKIE_SECURE: values.COOKIE_SECURE, NODE_ENV: values.NODE_ENV });
      vi.resetModules();
      const device = await import("../../app/auth/device.server");
      return device.deviceCookieHeader(device.newDeviceId());
    };
    try {
      expect(await headerWith({ COOKIE_SECURE: "1" })).toMatch(/; Secure/i);
      expect(await headerWith({ NODE_ENV: "production" })).toMatch(/; Secure/i);
      expect(await headerWith({ COOKIE_SECURE: "0", NODE_ENV: "production" })).not.toMatch(/Secure/i);
    } finally {
      setEnv(saved);
      vi.resetModules();
    }
  });

  it("a browser that signs in again keeps its id, for another year, and signing out leaves it", async () => {
    const email = await freshUser();
    const first = await deviceCookieFrom(email, "203.0.113.2");
    const again = await run(login.action, await signInRequest({ email, password: DEMO_PASSWORD }, first), {}, { clientAddress: "203.0.113.3" });
    const renewed = setCookieOf(again.headers, "portal_device")!;
    expect(renewed).toMatch(/Max-Age=31536000/);
    expect(await idIn(cookiePair(renewed))).toBe(await idIn(first));

    const session = cookiePair(setCookieOf(again.headers, "portal_session"));
    const out = await run(logout.action, await signOutRequest(session));
    expect(out.status).toBe(302);
    expect(setCookieOf(out.headers, "portal_device")).toBeUndefined();
  });

  it.each(["portal_device=%%%", "portal_device=", "portal_device=made-up", 'portal_device="__proto__"'])("a device cookie that is not one the portal signed (%s) is ignored, and the browser given a real one", async (cookie) => {
    const email = await freshUser();
    const res = await run(login.action, await signInRequest({ email, password: DEMO_PASSWORD }, cookie), {}, { clientAddress: "203.0.113.4" });
    expect(res.status).toBe(302);
    expect(await idIn(cookiePair(setCookieOf(res.headers, "portal_device")))).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  describe("the tester's case: five wrong passwords for finance.melton from each of two addresses", () => {
    const OWNER = "finance.melton@demo.opcc.test";
    afterEach(() => {
      vi.useRealTimers();
    });

    const wrongFrom = async (email: string, clientAddress: string) => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await run(login.action, await signInRequest({ email, password: `guess-${i}` }), {}, { clientAddress })).status);
      return statuses;
    };
    const signInFrom = async (clientAddress: string, cookie?: string) =>
      run<any>(login.action, await signInRequest({ email: OWNER, password: DEMO_PASSWORD }, cookie), {}, { clientAddress });

    it("the owner signs in from a third address on a browser they used before; on a new browser they are told to wait, and how to get in, until the window passes", async () => {
      const laptop = await deviceCookieFrom(OWNER, "203.0.113.10");
      const otherAccounts = await deviceCookieFrom(MELTON, "203.0.113.10");

      expect(await wrongFrom(OWNER, "192.0.2.1")).toEqual([400, 400, 400, 400, 429]);
      expect(await wrongFrom(OWNER, "192.0.2.2")).toEqual([400, 400, 400, 400, 429]);

      const onLaptop = await signInFrom("192.0.2.3", laptop);
      expect(onLaptop.status).toBe(302);
      expect(setCookieOf(onLaptop.headers, "portal_session")).toMatch(/^portal_session=[^;]+;/);

      const onNewBrowser = await signInFrom("192.0.2.4");
      expect(onNewBrowser.status).toBe(429);
      expect(onNewBrowser.data.formError).toMatch(/^There have been too many attempts to sign in to this account\. Try again after .+\. /);
      expect(onNewBrowser.data.formError.endsWith(HOW_TO_GET_IN)).toBe(true);
      expect(onNewBrowser.data.values).not.toHaveProperty("password");
      expect(onNewBrowser.headers?.getSetCookie() ?? []).toEqual([]);

      // A cookie that was tampered with, or one another account signed in with, is a new browser.
      const at = Math.floor(laptop.length / 2);
      const tampered = `${laptop.slice(0, at)}${laptop[at] === "A" ? "B" : "A"}${laptop.slice(at + 1)}`;
      expect((await signInFrom("192.0.2.5", tampered)).status).toBe(429);
      expect((await signInFrom("192.0.2.6", otherAccounts)).status).toBe(429);

      // An address with no account is told the same.
      const nobody = `nobody.device.${Date.now()}@demo.opcc.test`;
      await wrongFrom(nobody, "192.0.2.7");
      await wrongFrom(nobody, "192.0.2.8");
      const forNobody = await run<any>(login.action, await signInRequest({ email: nobody, password: DEMO_PASSWORD }), {}, { clientAddress: "192.0.2.9" });
      expect(forNobody.status).toBe(429);
      const withoutTime = (message: string) => message.replace(/Try again after [^.]+\./, "Try again after …");
      expect(withoutTime(forNobody.data.formError)).toBe(withoutTime(onNewBrowser.data.formError));

      // Once the oldest of the ten failures is 15 minutes old, the new browser signs in.
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(Date.now() + 15 * 60_000 + 1_000);
      expect((await signInFrom("192.0.2.10")).status).toBe(302);
    });
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
