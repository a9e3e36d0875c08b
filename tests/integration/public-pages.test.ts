import { describe, expect, it } from "vitest";
import * as root from "../../app/root";
import * as accessibility from "../../app/routes/accessibility";
import * as cookies from "../../app/routes/cookies";
import * as privacy from "../../app/routes/privacy";
import * as privacySettings from "../../app/routes/settings.privacy";
import { db } from "../../app/data/db.server";
import { sql } from "drizzle-orm";
import { request, run } from "../support/requests";

/**
 * The pages a public service must have (issue 12): the accessibility statement, the privacy
 * notice the OPCC writes, and the cookies page. Public, cacheable for signed-out visitors, with no
 * cookie set; the notice is the OPCC's own once an administrator writes it.
 */
describe("the public pages", () => {
  it.each([
    ["/accessibility", accessibility.loader],
    ["/privacy", privacy.loader],
    ["/cookies", cookies.loader],
  ] as const)("%s is public and cacheable, and sets no cookie", async (path, loader) => {
    const res = await run<any>(loader, await request(null, path));
    expect(res.status).toBe(200);
    expect(res.headers?.get("Cache-Control")).toBe("public, max-age=300");
    const page = await run<any>(root.loader, await request(null, path));
    expect(page.headers?.get("Set-Cookie") ?? null).toBeNull();
  });

  it("names every cookie the portal sets, with how long each lasts", async () => {
    const res = await run<any>(cookies.loader, await request(null, "/cookies"));
    expect(res.data).toMatchObject({ maxHours: 12, idleMinutes: 60, deviceDays: 365 });
  });
});

describe("the privacy notice", () => {
  it("is the portal's default until an administrator writes the OPCC's own, and a stale save is refused", async () => {
    expect((await run<any>(privacy.loader, await request(null, "/privacy"))).data.paragraphs).toBeNull();
    expect((await run(privacySettings.action, await request("reviewer", "/settings/privacy", { expected: "", notice: "Ours" }))).status).toBe(403);
    const saved = await run(privacySettings.action, await request("admin", "/settings/privacy", { expected: "", notice: "The OPCC holds your name.\n\nAsk our DPO: dpo@example.org." }));
    expect(saved).toMatchObject({ status: 302, location: "/settings/privacy?done=1" });
    expect((await run<any>(privacy.loader, await request(null, "/privacy"))).data.paragraphs).toEqual(["The OPCC holds your name.", "Ask our DPO: dpo@example.org."]);
    const stale = await run<any>(privacySettings.action, await request("admin", "/settings/privacy", { expected: "", notice: "Older copy" }));
    expect(stale.status).toBe(409);
    expect(db().get<{ n: number }>(sql`select count(*) as n from audit_log where action = 'settings.privacy_notice_changed'`).n).toBeGreaterThanOrEqual(1);
    // Emptied, the default notice is back.
    const current = "The OPCC holds your name.\n\nAsk our DPO: dpo@example.org.";
    expect((await run(privacySettings.action, await request("admin", "/settings/privacy", { expected: current, notice: "" }))).status).toBe(302);
    expect((await run<any>(privacy.loader, await request(null, "/privacy"))).data.paragraphs).toBeNull();
  });
});
