import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { prioritiesForCsp } from "../../app/data/reference.server";
import * as page from "../../app/routes/settings.priorities";
import { auditLog, priorities } from "../../db/schema";
import { request, run, type DemoUser } from "../support/requests";
import { cspId } from "./helpers";

/** The Police and Crime Plan's priorities and the statutory duties, kept at /settings/priorities. */

type Who = DemoUser | null;
const EVERYONE: Who[] = [null, "meltonLead", "charnwoodLead", "reviewer", "finance", "meltonFinance", "admin"];
const post = async (form: Record<string, string>, who: Who = "admin") => run<any>(page.action, await request(who, "/settings/priorities", form));
const row = (id: number) => db().select().from(priorities).where(eq(priorities.id, id)).get()!;

describe("priorities and statutory duties", () => {
  it.each(EVERYONE)("%s: opening the page and adding to it", async (who) => {
    const status = (admin: number) => (who === null ? 302 : who === "admin" ? admin : 403);
    expect((await run(page.loader, await request(who, "/settings/priorities"))).status).toBe(status(200));
    expect((await post({ intent: "add", kind: "statutory", name: " " }, who)).status).toBe(status(400));
  });

  it("bad input: a blank name and an unknown kind are answered on their fields, typed values kept", async () => {
    const res = await post({ intent: "add", kind: "csp", name: "" });
    expect(res.status).toBe(400);
    expect(Object.keys(res.data.errors).sort()).toEqual(["kind", "name"]);
    const other = await post({ intent: "rename", id: "999999", version: "1", "name-999999": "x" });
    expect(other.status).toBe(404);
  });

  it("added, renamed, moved, retired and brought back: audited, stale copies refused, a retired one not offered on bids", async () => {
    const melton = cspId("melton");
    expect((await post({ intent: "add", kind: "police_and_crime_plan", name: "Road safety" })).status).toBe(302);
    const added = db().select().from(priorities).where(eq(priorities.name, "Road safety")).get()!;
    expect(added).toMatchObject({ kind: "police_and_crime_plan", cspId: null, version: 1 });
    expect(prioritiesForCsp(melton).map((p) => p.id)).toContain(added.id);
    expect((await post({ intent: "add", kind: "police_and_crime_plan", name: "road SAFETY" })).data.errors.name).toMatch(/already/);

    const blank = await post({ intent: "rename", id: String(added.id), version: "1", [`name-${added.id}`]: "" });
    expect(blank.status).toBe(400);
    expect(blank.data.errors).toEqual({ [`name-${added.id}`]: "Enter the new name" });
    expect((await post({ intent: "rename", id: String(added.id), version: "1", [`name-${added.id}`]: "Road safety and speeding" })).status).toBe(302);
    expect(row(added.id)).toMatchObject({ name: "Road safety and speeding", version: 2 });
    const stale = await post({ intent: "retire", id: String(added.id), version: "1" });
    expect(stale.status).toBe(409);

    expect((await post({ intent: "up", id: String(added.id), version: "2" })).status).toBe(302);
    const list = (await run<any>(page.loader, await request("admin", "/settings/priorities"))).data.priorities.filter((p: { kind: string }) => p.kind === "police_and_crime_plan");
    expect(list.at(-1).id).not.toBe(added.id);
    expect(list.at(-2).id).toBe(added.id);

    const v = row(added.id).version;
    expect((await post({ intent: "retire", id: String(added.id), version: String(v) })).status).toBe(302);
    expect(prioritiesForCsp(melton).map((p) => p.id)).not.toContain(added.id);
    // A bid that chose it keeps it among its choices.
    expect(prioritiesForCsp(melton, [added.id]).map((p) => p.id)).toContain(added.id);
    expect((await post({ intent: "restore", id: String(added.id), version: String(v + 1) })).status).toBe(302);
    expect(prioritiesForCsp(melton).map((p) => p.id)).toContain(added.id);
    expect(db().select().from(auditLog).where(eq(auditLog.entityId, added.id)).all().filter((a) => a.entityType === "priority").map((a) => a.action)).toEqual([
      "priority.created", "priority.renamed", "priority.moved", "priority.retired", "priority.restored",
    ]);
  });
});
