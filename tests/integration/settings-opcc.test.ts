import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { opccName } from "../../app/data/opcc-settings.server";
import { threeSixtyConfig } from "../../app/data/threesixty.server";
import * as root from "../../app/root";
import * as decision from "../../app/routes/bids.$bidId.decision";
import * as accessibility from "../../app/routes/accessibility";
import * as page from "../../app/routes/settings.opcc";
import * as bidPdf from "../../app/routes/bids.$bidId[.pdf]";
import { pdfText } from "../support/pdf-text";
import { auditLog } from "../../db/schema";
import { request, run, type DemoUser } from "../support/requests";

/** An administrator sets how the portal names the OPCC and its PCC, at /settings/opcc. */

type Who = DemoUser | null;
const EVERYONE: Who[] = [null, "meltonLead", "charnwoodLead", "reviewer", "finance", "meltonFinance", "admin"];
const open = async (who: Who = "admin") => run<any>(page.loader, await request(who, "/settings/opcc"));
const post = async (form: Record<string, string>, who: Who = "admin") => run<any>(page.action, await request(who, "/settings/opcc", form));

/** The form as the page shows it, with changes. */
async function formWith(changes: Record<string, string> = {}) {
  const { settings, expected } = (await open()).data;
  return { ...Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, String(v)])), expected, ...changes };
}

describe("the OPCC's settings", () => {
  it.each(EVERYONE)("%s: opening and saving", async (who) => {
    expect((await open(who)).status).toBe(who === null ? 302 : who === "admin" ? 200 : 403);
    const form = await formWith({ name: "" });
    expect((await post(form, who)).status).toBe(who === null ? 302 : who === "admin" ? 400 : 403);
    expect(db().all(sql`select * from settings where key = 'opcc_name'`)).toHaveLength(0);
  });

  it("shows today's names, unchanged until the OPCC sets its own", async () => {
    const { settings } = (await open()).data;
    expect(settings).toMatchObject({
      name: "Leicestershire Police and Crime Commissioner",
      officeName: "Office of the Police and Crime Commissioner for Leicestershire",
      pccTitle: "Police and Crime Commissioner for Leicestershire",
      pccName: "",
      threesixtyPrefix: "lpcc",
    });
    const header = await run<any>(root.loader, await request("meltonLead", "/"));
    expect(header.data.opcc).toBe("Leicestershire Police and Crime Commissioner");
  });

  it("refuses bad input with a message on each field, keeping what was typed", async () => {
    const res = await post(await formWith({ name: " ", contactEmail: "not an address", threesixtyPrefix: "l pcc", threesixtyFunderId: "", pccName: "Rupert Matthews" }));
    expect(res.status).toBe(400);
    expect(res.data.errors).toEqual({
      name: "Enter the OPCC's name as the header shows it",
      contactEmail: "Enter the contact email address in the correct format, like opcc@example.org",
      threesixtyPrefix: "The 360Giving prefix must be letters and digits only, like lpcc, 20 at most",
      threesixtyFunderId: "Enter the funder's identifier",
    });
    expect(res.data.values.pccName).toBe("Rupert Matthews");
  });

  it("a saved name is in the header, the public pages, new decisions and the 360Giving data; audited", async () => {
    const res = await post(
      await formWith({ name: "Rutland Police and Crime Commissioner", pccName: "Jo Bloggs", pccTitle: "Police and Crime Commissioner for Rutland", threesixtyFunderName: "Rutland PCC", contactEmail: "pcc@rutland.example" }),
    );
    expect(res).toMatchObject({ status: 302, location: "/settings/opcc?done=saved" });
    expect(opccName()).toBe("Rutland Police and Crime Commissioner");
    expect((await run<any>(root.loader, await request(null, "/login"))).data.opcc).toBe("Rutland Police and Crime Commissioner");
    expect((await run<any>(accessibility.loader, await request(null, "/accessibility"))).data).toMatchObject({ opcc: "Rutland Police and Crime Commissioner", contact: "pcc@rutland.example" });
    expect(threeSixtyConfig().funderName).toBe("Rutland PCC");
    // A bid with no decision yet: the form's default names the PCC.
    const undecided = db().get<{ id: number }>(sql`select id from bids b where status in ('submitted', 'under_review') and not exists (select 1 from decisions d where d.bid_id = b.id) limit 1`)!;
    const form = await run<any>(decision.loader, await request("reviewer", `/bids/${undecided.id}/decision`), { bidId: String(undecided.id) });
    expect(form.data.defaults.decisionMaker).toBe("Jo Bloggs, Police and Crime Commissioner for Rutland");
    const audit = db().select().from(auditLog).where(eq(auditLog.action, "settings.opcc_changed")).all();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].before!)).toEqual({
      name: "Leicestershire Police and Crime Commissioner",
      pccName: "",
      pccTitle: "Police and Crime Commissioner for Leicestershire",
      contactEmail: "opcc@example.org",
      threesixtyFunderName: "Leicestershire Police and Crime Commissioner",
    });
    expect(JSON.parse(audit[0].after!)).toMatchObject({ name: "Rutland Police and Crime Commissioner", pccName: "Jo Bloggs" });
  });

  it("refuses a save from a page opened before someone else's change", async () => {
    const mine = await formWith({ name: "Mine" });
    expect((await post(await formWith({ name: "Theirs" }))).status).toBe(302);
    const res = await post(mine);
    expect(res.status).toBe(409);
    expect(res.data.formError).toMatch(/^Someone changed these settings after you opened this page/);
    expect(res.data.values.name).toBe("Mine");
    expect(opccName()).toBe("Theirs");
  });

  it("a PDF prints the office's name as saved", async () => {
    expect((await post(await formWith({ officeName: "Office of the Police and Crime Commissioner for Rutland" }))).status).toBe(302);
    const bidId = db().get<{ id: number }>(sql`select id from bids where title = 'Drink Safe'`)!.id;
    const res = (await bidPdf.loader({ request: await request("meltonLead", `/bids/${bidId}.pdf`), params: { bidId: String(bidId) }, context: {} })) as Response;
    const text = pdfText(new Uint8Array(await res.arrayBuffer()));
    expect(text).toContain("Office of the Police and Crime Commissioner for Rutland");
    expect(text).not.toContain("Commissioner for Leicestershire");
  });
});

describe("setting up the portal", () => {
  it("the demo is set up, so /settings lists no steps; an empty installation's administrator is shown each step still to do", async () => {
    const { setUpCounts } = await import("../../app/data/settings.server");
    const { setUpSteps } = await import("../../app/domain/set-up-steps");
    const settingsPage = await import("../../app/routes/settings._index");
    const { request: req, run: call } = await import("../support/requests");
    expect((await call<any>(settingsPage.loader, await req("admin", "/settings"))).data.setUp).toBeNull();
    // Outside the demo, until the OPCC saves its own names.
    db().run(sql`delete from settings where key = 'opcc_name'`);
    expect(setUpSteps(setUpCounts(false)).filter((s) => !s.done).map((s) => s.href)).toEqual(["/settings/opcc"]);
    expect(setUpCounts(false)).toMatchObject({ opccNamed: false, partnerships: expect.any(Number), streams: expect.any(Number) });
  });
});
