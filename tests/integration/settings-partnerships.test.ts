import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { RoundNotTakingBidsError } from "../../app/data/bids.server";
import { db } from "../../app/data/db.server";
import { roundOverview } from "../../app/data/rounds.server";
import * as home from "../../app/routes/_index";
import * as newBid from "../../app/routes/bids.new";
import * as list from "../../app/routes/settings.partnerships._index";
import * as create from "../../app/routes/settings.partnerships.new";
import * as edit from "../../app/routes/settings.partnerships.$partnershipId";
import { auditLog, organisations, priorities } from "../../db/schema";
import { request, run, userId, type DemoUser } from "../support/requests";
import { cspId, currentRoundId, startCurrentDraft } from "./helpers";

/** An administrator keeps the partnerships, their councils and their own priorities, at /settings/partnerships. */

type Who = DemoUser | null;
const EVERYONE: Who[] = [null, "meltonLead", "charnwoodLead", "reviewer", "finance", "meltonFinance", "admin"];
const expected = (who: Who, ok: number) => (who === null ? 302 : who === "admin" ? ok : 403);

const NEW = { name: "Safer Rutland Partnership", code: "", accountableCouncil: "Rutland County Council", councilGssCode: "e06000017", councilOrgId: "gb-lae-rut", contactEmail: "community.safety@rutland.example" };
const add = async (form: Record<string, string>, who: Who = "admin") => run<any>(create.action, await request(who, "/settings/partnerships/new", form));
const open = async (id: number, who: Who = "admin") => run<any>(edit.loader, await request(who, `/settings/partnerships/${id}`), { partnershipId: String(id) });
const post = async (id: number, form: Record<string, string>, who: Who = "admin") => run<any>(edit.action, await request(who, `/settings/partnerships/${id}`, form), { partnershipId: String(id) });
const row = (id: number) => db().select().from(organisations).where(eq(organisations.id, id)).get()!;
const audits = (action: string) => db().select().from(auditLog).where(eq(auditLog.action, action)).all();
const detailsOf = (id: number) => {
  const o = row(id);
  return { intent: "save", version: String(o.version), name: o.name, code: o.code, accountableCouncil: o.accountableCouncil ?? "", councilGssCode: o.councilGssCode ?? "", councilOrgId: o.councilOrgId ?? "", contactEmail: o.contactEmail ?? "" };
};

describe("who may keep the partnerships", () => {
  it.each(EVERYONE)("%s", async (who) => {
    const melton = cspId("melton");
    expect((await run(list.loader, await request(who, "/settings/partnerships"))).status).toBe(expected(who, 200));
    expect((await run(create.loader, await request(who, "/settings/partnerships/new"))).status).toBe(expected(who, 200));
    expect((await open(melton, who)).status).toBe(expected(who, 200));
    const before = db().select().from(organisations).all().length;
    expect((await add({ ...NEW, name: "" }, who)).status).toBe(expected(who, 400));
    expect((await post(melton, { ...detailsOf(melton), name: "" }, who)).status).toBe(expected(who, 400));
    expect((await post(melton, { intent: "add-priority", priority: "" }, who)).status).toBe(expected(who, 400));
    expect(db().select().from(organisations).all().length).toBe(before);
  });

  it("a partnership that does not exist, or is not a partnership, is not found", async () => {
    const opcc = db().select().from(organisations).where(eq(organisations.kind, "opcc")).get()!.id;
    for (const id of ["99999", String(opcc), "abc", "0"]) {
      expect((await run(edit.loader, await request("admin", `/settings/partnerships/${id}`), { partnershipId: id })).status).toBe(404);
      expect((await run(edit.action, await request("admin", `/settings/partnerships/${id}`, { intent: "retire", version: "1" }), { partnershipId: id })).status).toBe(404);
    }
  });
});

describe("the list", () => {
  it("lists the demo's partnerships by name with their councils", async () => {
    const res = await run<any>(list.loader, await request("admin", "/settings/partnerships"));
    expect(res.data.total).toBe(9);
    expect(res.data.rows.map((r: { name: string }) => r.name)).toEqual([...res.data.rows.map((r: { name: string }) => r.name)].sort());
    expect(res.data.rows.find((r: { code: string }) => r.code === "melton")).toMatchObject({ councilGssCode: "E07000133", councilOrgId: "GB-LAE-MEL", retiredAt: null });
    // A page past the end shows the last one.
    expect((await run<any>(list.loader, await request("admin", "/settings/partnerships?page=40"))).data.page).toBe(1);
  });
});

describe("adding a partnership", () => {
  it("refuses bad codes on their fields, keeping what was typed", async () => {
    const res = await add({ ...NEW, councilGssCode: "E10000018", councilOrgId: "GB-LAE-R", contactEmail: "rutland" });
    expect(res.status).toBe(400);
    expect(Object.keys(res.data.errors).sort()).toEqual(["contactEmail", "councilGssCode", "councilOrgId"]);
    expect(res.data.errors.councilGssCode).toMatch(/^Enter the council's ONS code as 9 characters, like E07000133/);
    expect(res.data.values.name).toBe(NEW.name);
    expect((await add({ ...NEW, code: "Rutland!" })).data.errors).toEqual({ code: expect.stringMatching(/^The code must be lower-case letters and digits/) });
  });

  it("refuses a code or a name already in use", async () => {
    expect((await add({ ...NEW, code: "melton" })).data.errors).toEqual({ code: "The code melton is already used by Safer Melton Partnership: choose another" });
    expect((await add({ ...NEW, name: "safer melton partnership" })).data.errors).toEqual({ name: "There is already a partnership called safer melton partnership" });
  });

  it("adds it, with a code made from its name and its codes in capitals; audited", async () => {
    const res = await add(NEW);
    expect(res.status).toBe(302);
    const id = Number(res.location!.match(/^\/settings\/partnerships\/(\d+)\?done=added$/)![1]);
    expect(row(id)).toMatchObject({ kind: "csp", code: "safer-rutland-partnership", councilGssCode: "E06000017", councilOrgId: "GB-LAE-RUT", contactEmail: NEW.contactEmail, retiredAt: null, version: 1 });
    expect(audits("partnership.created").map((a) => a.cspId)).toEqual([id]);
    // Offered an allocation in the open round, until it is retired.
    expect(roundOverview(currentRoundId())!.rows.some((r) => r.cspId === id)).toBe(true);
    expect((await post(id, { intent: "retire", version: "1" })).location).toBe(`/settings/partnerships/${id}?done=retired`);
    expect(roundOverview(currentRoundId())!.rows.some((r) => r.cspId === id)).toBe(false);
  });
});

describe("changing a partnership", () => {
  it("saves from the copy the page showed, and refuses an older copy", async () => {
    const id = cspId("charnwood");
    const shown = detailsOf(id);
    expect((await post(id, { ...shown, contactEmail: "csp@charnwood.example" })).status).toBe(302);
    expect(row(id)).toMatchObject({ contactEmail: "csp@charnwood.example", version: 2 });
    const stale = await post(id, { ...shown, accountableCouncil: "Someone else" });
    expect(stale.status).toBe(409);
    expect(stale.data.formError).toMatch(/^Someone changed this partnership after you opened this page/);
    expect(stale.data.values.accountableCouncil).toBe("Someone else");
    expect(row(id).accountableCouncil).toBe("Charnwood Borough Council");
    expect((await post(id, { ...detailsOf(id), code: "melton" })).data.errors).toEqual({ code: "The code melton is already used by Safer Melton Partnership: choose another" });
    const audit = audits("partnership.changed");
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].before!).contactEmail).toBeNull();
    expect(JSON.parse(audit[0].after!).contactEmail).toBe("csp@charnwood.example");
  });

  it("a retired partnership starts no bid, keeps its history, and can be brought back", async () => {
    const id = cspId("melton");
    const bidsBefore = db().get<{ n: number }>(sql`select count(*) as n from bids where csp_id = ${id}`).n;
    expect((await post(id, { intent: "retire", version: String(row(id).version) })).status).toBe(302);
    expect(row(id).retiredAt).not.toBeNull();
    expect(() => startCurrentDraft("After retirement", { userId: userId("meltonLead") })).toThrow(RoundNotTakingBidsError);
    const page = await run<any>(newBid.loader, await request("meltonLead", `/bids/new?round=${currentRoundId()}`));
    expect(page.data.closed).toBe("The OPCC has retired your partnership, so it cannot start new bids.");
    // The dashboard says so and offers no "Start a bid".
    const dashboard = await run<any>(home.loader, await request("meltonLead", "/"));
    expect(dashboard.data).toMatchObject({ canBid: false, retiredMessage: "The OPCC has retired your partnership, so it cannot start new bids." });
    const refused = await run<any>(newBid.action, await request("meltonLead", `/bids/new?round=${currentRoundId()}`, { title: "Refused", fund: "allocation" }));
    expect(refused.status).toBe(409);
    expect(db().get<{ n: number }>(sql`select count(*) as n from bids where csp_id = ${id}`).n).toBe(bidsBefore);
    // Its allocation in the open round stays on the round's page.
    expect(roundOverview(currentRoundId())!.rows.some((r) => r.cspId === id)).toBe(true);
    // A retire from the page as it was before is refused.
    expect((await post(id, { intent: "restore", version: "1" })).status).toBe(409);
    expect((await post(id, { intent: "restore", version: String(row(id).version) })).status).toBe(302);
    expect(row(id).retiredAt).toBeNull();
    expect(startCurrentDraft("After coming back", { userId: userId("meltonLead") })).toBeGreaterThan(0);
    expect([...audits("partnership.retired"), ...audits("partnership.restored")].filter((a) => a.cspId === id)).toHaveLength(2);
  });
});

describe("a partnership's own priorities", () => {
  it("adds, renames, retires and restores them, refusing duplicates and stale copies; audited", async () => {
    const id = cspId("harborough");
    const own = () => db().select().from(priorities).where(and(eq(priorities.cspId, id), eq(priorities.kind, "csp"))).all();
    const before = own().length;
    expect((await post(id, { intent: "add-priority", priority: "Rural crime" })).location).toBe(`/settings/partnerships/${id}?done=priority-added`);
    const added = own().find((p) => p.name === "Rural crime")!;
    expect(own()).toHaveLength(before + 1);
    expect((await post(id, { intent: "add-priority", priority: "rural CRIME" })).data.errors).toEqual({ priority: "The partnership already has a priority called rural CRIME" });
    expect((await post(id, { intent: "add-priority", priority: "  " })).data.errors).toEqual({ priority: "Enter the priority" });

    const versions = { [`versions.p${added.id}`]: "1" };
    expect((await post(id, { intent: "rename-priority", renameId: String(added.id), newName: "Rural and wildlife crime", ...versions })).status).toBe(302);
    expect(own().find((p) => p.id === added.id)).toMatchObject({ name: "Rural and wildlife crime", version: 2 });
    const stale = await post(id, { intent: "rename-priority", renameId: String(added.id), newName: "Farm crime", ...versions });
    expect(stale.status).toBe(409);
    expect(stale.data.values.newName).toBe("Farm crime");
    expect((await post(id, { intent: "rename-priority", renameId: "", newName: "" })).data.errors).toEqual({ renameId: "Choose the priority to rename", newName: "Enter the priority's new name" });

    expect((await post(id, { intent: "retire-priority", priorityId: String(added.id), version: "2" })).status).toBe(302);
    expect(own().find((p) => p.id === added.id)!.retiredAt).not.toBeNull();
    const page = await open(id);
    expect(page.data.priorities.at(-1)).toMatchObject({ id: added.id, name: "Rural and wildlife crime" });
    expect((await post(id, { intent: "restore-priority", priorityId: String(added.id), version: "3" })).status).toBe(302);
    expect(own().find((p) => p.id === added.id)!.retiredAt).toBeNull();
    // Another partnership's priority is not this one's to change.
    const melton = cspId("melton");
    expect((await post(melton, { intent: "retire-priority", priorityId: String(added.id), version: "4" })).status).toBe(404);
    expect(db().select().from(auditLog).where(and(eq(auditLog.entityType, "priority"), eq(auditLog.entityId, added.id))).all().map((a) => a.action)).toEqual([
      "priority.created",
      "priority.renamed",
      "priority.retired",
      "priority.restored",
    ]);
  });
});
