import { describe, expect, it } from "vitest";
import { historyLines, nameFor, sectionChange, type Actor, type AuditRow, type HistoryReader } from "./bid-history";

const MELTON = 5;
const lead: Actor = { name: "Aysha Rahman", organisationId: MELTON, organisationKind: "csp", organisationName: "Safer Melton Partnership" };
const reviewer: Actor = { name: "Rachel Ward", organisationId: 1, organisationKind: "opcc", organisationName: "Office of the Police and Crime Commissioner for Leicestershire" };
const partnership: HistoryReader = { kind: "partnership", organisationId: MELTON };
const opcc: HistoryReader = { kind: "opcc" };

let nextId = 1;
const row = (action: string, actor: Actor | null, after?: unknown, before?: unknown, at = "2023-07-01T10:00:00.000Z"): AuditRow => ({
  id: nextId++,
  at,
  action,
  actor,
  before: before === undefined ? null : JSON.stringify(before),
  after: after === undefined ? null : JSON.stringify(after),
});

/** A review as the audit log holds it, newest first, sent back at 11:00. */
function reviewed(): AuditRow[] {
  const sentBack = "2023-07-02T11:00:00.000Z";
  return [
    row("review.commented", reviewer, { commentId: 2, visibility: "shared", body: "Please name the premises." }, undefined, sentBack),
    row("bid.changes_requested", reviewer, { status: "changes_requested" }, { status: "under_review" }, sentBack),
    row("review.commented", reviewer, { commentId: 1, visibility: "internal", body: "Salary looks high" }),
    row("review.moderated", reviewer, { total: 72, band: "recommend", scores: { plan: 4 }, justifications: { plan: "Strong fit" } }),
    row("review.scored", reviewer, { total: 64, band: "refer", scores: { plan: 3 }, justifications: { plan: "Fair fit" } }),
    row("review.conflict_answered", reviewer, { conflict: "declared", details: "My sister runs the venue" }, { conflict: null, details: "" }),
    row("review.assigned", reviewer, { reviewerId: 9, isLead: true }),
    row("bid.review_started", reviewer, { status: "under_review" }, { status: "submitted" }),
    row("bid.submitted", lead, { status: "submitted", submission: 1 }, { status: "draft" }),
    row("bid.section.details.saved", lead, { title: "New", summary: "B", need: "same" }, { title: "Old", summary: "A", need: "same" }),
    row("bid.created", lead, { title: "Old", status: "draft" }),
  ];
}

describe("a bid's history as a partnership reads it", () => {
  const lines = historyLines(reviewed(), partnership);
  const text = JSON.stringify(lines);

  it("leaves out reviewer assignments, conflict answers, scores, moderation and internal comments", () => {
    expect(lines.map((l) => l.what)).toEqual(["Sent back for changes", "Taken into review", "Submitted", "Project details changed", "Draft started"]);
    for (const secret of ["Salary looks high", "sister", "Strong fit", "Fair fit", "72", "64", "recommend", "Rachel Ward", "reviewerId"]) expect(text).not.toContain(secret);
  });

  it("gives the OPCC's request for changes with the message shared with the partnership", () => {
    expect(lines[0]).toMatchObject({ what: "Sent back for changes", detail: "Please name the premises.", who: "OPCC" });
  });

  it("names the partnership's own people, and OPCC staff as the OPCC", () => {
    expect(lines.map((l) => l.who)).toEqual(["OPCC", "OPCC", "Aysha Rahman", "Aysha Rahman", "Aysha Rahman"]);
  });

  it("says which fields changed by their labels, never their codes or values", () => {
    expect(lines[3].detail).toBe("title, summary");
  });

  it("leaves out anything it does not know", () => {
    expect(historyLines([row("review.something_new", reviewer, { secret: "x" })], partnership)).toEqual([]);
  });
});

describe("a bid's history as OPCC staff read it", () => {
  const lines = historyLines(reviewed(), opcc, new Map([[9, "Sam Patel"]]));

  it("has every event, with the people named", () => {
    expect(lines.map((l) => [l.who, l.what])).toEqual([
      ["Rachel Ward", "Sent back for changes"],
      ["Rachel Ward", "Internal comment added"],
      ["Rachel Ward", "Moderated score recorded"],
      ["Rachel Ward", "Score sheet recorded"],
      ["Rachel Ward", "Conflict of interest declared"],
      ["Rachel Ward", "Lead reviewer assigned"],
      ["Rachel Ward", "Taken into review"],
      ["Aysha Rahman", "Submitted"],
      ["Aysha Rahman", "Project details changed"],
      ["Aysha Rahman", "Draft started"],
    ]);
    expect(lines.find((l) => l.what === "Lead reviewer assigned")!.detail).toBe("Sam Patel");
    expect(lines.find((l) => l.what === "Score sheet recorded")!.detail).toBe("64 out of 100");
  });

  it("never carries comment bodies, justifications or conflict details (the review page shows those)", () => {
    const text = JSON.stringify(lines);
    for (const body of ["Salary looks high", "sister", "Strong fit", "Fair fit"]) expect(text).not.toContain(body);
  });
});

describe("what changed in a section", () => {
  it("counts rows for a list section", () => {
    expect(sectionChange("costs", JSON.stringify([{ a: 1 }]), JSON.stringify([{ a: 1 }, { a: 2 }]))).toBe("now 2 cost lines (was 1)");
    expect(sectionChange("risks", JSON.stringify([{ a: 1 }]), JSON.stringify([{ a: 2 }]))).toBe("risks changed");
    expect(sectionChange("priorities", JSON.stringify([1]), JSON.stringify([1]))).toBeNull();
  });

  it("names only fields it has a label for", () => {
    expect(sectionChange("data-protection", JSON.stringify({ holdsPersonalData: false, internalCode: 1 }), JSON.stringify({ holdsPersonalData: true, internalCode: 2 }))).toBe("CCTV or personal data");
  });

  it("says nothing of a body it cannot read", () => {
    expect(sectionChange("details", "not json", "{}")).toBeNull();
  });
});

describe("names", () => {
  it("names a person of another partnership by their organisation", () => {
    expect(nameFor(partnership, { ...lead, organisationId: 6, organisationName: "Charnwood Community Safety Partnership" })).toBe("Charnwood Community Safety Partnership");
    expect(nameFor(partnership, null)).toBe("System");
    expect(nameFor(opcc, reviewer)).toBe("Rachel Ward");
  });
});
