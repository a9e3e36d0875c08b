import { expect, test, type Page } from "./fixtures";
import { h1, signInQuickly } from "./bid-journey";
import { formToken, USERS } from "./support";

/**
 * What every response tells the browser (server/security-headers.ts), and forms from anywhere but
 * the portal's own pages (decision record 12). The Content-Security-Policy is on in every spec:
 * the fixtures fail any test whose pages break it.
 */

function expectSecurityHeaders(headers: Record<string, string>, what: string) {
  const csp = headers["content-security-policy"] ?? "";
  expect(csp, what).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
  for (const directive of ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "style-src 'self'"]) {
    expect(csp, `${what}: ${directive}`).toContain(directive);
  }
  expect(csp, what).not.toContain("unsafe-inline");
  expect(headers["x-frame-options"], what).toBe("DENY");
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("same-origin");
  expect(headers["permissions-policy"], what).toContain("camera=()");
  expect(headers["cross-origin-opener-policy"], what).toBe("same-origin");
  // Served over plain http in tests (NODE_ENV is not production): no HSTS here.
  expect(headers["strict-transport-security"], what).toBeUndefined();
  expect(headers["x-powered-by"], what).toBeUndefined();
}

test("every kind of response carries the security headers, and what only a user may read is never cached", async ({ page }) => {
  const signedOut = await page.request.get("/login");
  expectSecurityHeaders(signedOut.headers(), "the sign-in page");
  expect(signedOut.headers()["cache-control"]).toBe("no-store");

  await signInQuickly(page, USERS.meltonLead);
  for (const path of ["/", "/bids", "/bids.data", "/_root.data", "/grants"]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    expectSecurityHeaders(response.headers(), path);
    expect(response.headers()["cache-control"], path).toBe("no-store");
  }
  const html = await (await page.request.get("/bids")).text();
  const bidPdf = /href="(\/bids\/\d+)"/.exec(html)?.[1];
  const pdf = await page.request.get(`${bidPdf}.pdf`);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expectSecurityHeaders(pdf.headers(), "a bid's PDF");
  expect(pdf.headers()["cache-control"]).toContain("no-store");

  const file = await page.request.get("/favicon.svg");
  expect(file.status()).toBe(200);
  expectSecurityHeaders(file.headers(), "a static file");
  // Remix's data requests from before single fetch are never made by the portal: refused, not logged.
  const oldData = await page.request.get("/bids?_data=routes/bids._index");
  expect(oldData.status()).toBe(400);
  expectSecurityHeaders(oldData.headers(), "an old-style data request");
  const notFound = await page.request.get("/no-such-page");
  expect(notFound.status()).toBe(404);
  expectSecurityHeaders(notFound.headers(), "the page-not-found page");
});

test("each page's scripts carry a fresh nonce, and the policy blocks a script without it", async ({ page }) => {
  test.info().annotations.push({ type: "breaks-csp-on-purpose", description: "shows the CSP check in the fixtures sees a violation" });
  const first = (await page.request.get("/login")).headers()["content-security-policy"];
  const second = (await page.request.get("/login")).headers()["content-security-policy"];
  expect(first).not.toBe(second);

  const reported: string[] = [];
  page.on("console", (message) => reported.push(message.text()));
  await page.goto("/login");
  await expect(h1(page, "Sign in")).toBeVisible();
  // Scripts ran (the layout's inline script marks the body): the nonce was accepted.
  await expect(page.locator("body.js-enabled")).toHaveCount(1);
  const ran = await page.evaluate(() => {
    const w = window as unknown as { injected?: boolean };
    const script = document.createElement("script");
    script.textContent = "window.injected = true";
    document.body.append(script);
    return w.injected === true;
  });
  expect(ran).toBe(false);
  await expect.poll(() => reported.some((text) => /Content Security Policy/.test(text))).toBe(true);
});

/** A page on another site whose form posts itself to the portal, as an attacker's page would. */
async function postFromAnotherSite(page: Page, action: string, fields: Record<string, string> = {}) {
  const portal = new URL(page.url()).origin;
  const inputs = Object.entries(fields).map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`).join("");
  await page.route("http://evil.example/**", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!DOCTYPE html><html lang="en"><head><title>Win a prize</title></head><body><form method="post" action="${portal}${action}">${inputs}<button>Claim your prize</button></form></body></html>`,
    }),
  );
  await page.goto("http://evil.example/prize");
  await page.getByRole("button", { name: "Claim your prize" }).click();
}

test("a form on another site cannot sign a user out or change anything: it gets a page that says so", async ({ page }) => {
  await signInQuickly(page, USERS.meltonLead);
  await page.goto("/");
  const token = await formToken(page.request, "/");
  // Even with the user's own token (which another site cannot read), a cross-site post is refused.
  await postFromAnotherSite(page, "/logout", { csrf: token });
  await expect(h1(page, "Your form could not be accepted")).toBeVisible();
  await expect(page.getByText("Nothing has been saved or changed.")).toBeVisible();
  await page.goto("/");
  await expect(h1(page, "Dashboard")).toBeVisible();

  await postFromAnotherSite(page, "/bids/new?round=1", { title: "Forged from another site" });
  await expect(h1(page, "Your form could not be accepted")).toBeVisible();
  await page.goto("/bids");
  await expect(page.getByText("Forged from another site")).toHaveCount(0);
});

test("a form without the page's token is refused with a page that says what to do", async ({ page }) => {
  await signInQuickly(page, USERS.meltonLead);
  await page.goto("/");
  await expect(h1(page, "Dashboard")).toBeVisible();
  await page.locator('header input[name="csrf"]').evaluate((input) => input.remove());
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(h1(page, "Your form could not be accepted")).toBeVisible();
  await expect(page.getByText("Go back to the page, reload it, and try again.")).toBeVisible();
  // Still signed in: the sign-out was not carried out.
  await page.goto("/");
  await expect(h1(page, "Dashboard")).toBeVisible();

  const refused = await page.request.post("/logout", { form: { csrf: "made-up" }, maxRedirects: 0 });
  expect(refused.status()).toBe(403);
  const signedOut = await page.request.post("/logout", { form: { csrf: await formToken(page.request, "/") }, maxRedirects: 0 });
  expect(signedOut.status()).toBe(302);
});

test("the sign-out page signs out with its button", async ({ page }) => {
  await signInQuickly(page, USERS.meltonLead);
  await page.goto("/logout");
  await expect(h1(page, "Sign out")).toBeVisible();
  await page.locator("main").getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You have been signed out.")).toBeVisible();
});

test("a sign-in link that points off the site lands on the dashboard", async ({ page }) => {
  for (const redirectTo of ["/.//evil.example", "/..//evil.example", "/a/..//evil.example", "/%2e//evil.example", "//evil.example", "/\\evil.example"]) {
    await page.context().clearCookies();
    await page.goto(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
    await page.getByLabel("Email address").fill(USERS.meltonLead);
    await page.getByLabel("Password").fill("demo-portal-2023");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(h1(page, "Dashboard"), redirectTo).toBeVisible();
    expect(new URL(page.url()).host, redirectTo).not.toBe("evil.example");
    // Already signed in, the same link answers at once, and to this site.
    const again = await page.request.get(`/login?redirectTo=${encodeURIComponent(redirectTo)}`, { maxRedirects: 0 });
    expect(again.status()).toBe(302);
    expect(again.headers()["location"]).toBe("/");
  }
});

test("no page's HTML holds a NUL byte, however its £ signs fall against React's 2 KB buffers", async ({ page }) => {
  await signInQuickly(page, USERS.finance);
  const grants = [...new Set([...(await (await page.request.get("/grants")).text()).matchAll(/href="\/grants\/(\d+)"/g)].map((m) => m[1]))];
  expect(grants.length).toBeGreaterThan(5);
  const paths = ["/", "/finance", "/finance?fy=2023-24", "/returns", ...grants.flatMap((g) => [`/grants/${g}`, `/grants/${g}/payments`, `/finance/grants/${g}`])];
  for (const path of paths) {
    const body = await (await page.request.get(path)).body();
    expect(body.includes(0), `${path} holds a NUL byte at ${body.indexOf(0)}`).toBe(false);
  }
});
