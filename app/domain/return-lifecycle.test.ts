import { describe, expect, it } from "vitest";
import {
  AWAITING_ACCEPTANCE,
  IllegalReturnTransition,
  RETURN_EVENTS,
  RETURN_STATUSES,
  RETURN_STATUS_LABELS,
  canReturnTransition,
  daysOverdue,
  isReturnEditable,
  isReturnOverdue,
  returnTransition,
  wasSubmittedLate,
  type ReturnEvent,
  type ReturnStatus,
} from "./return-lifecycle";

describe("the return life-cycle", () => {
  it("goes not started → in progress → submitted → accepted", () => {
    let s: ReturnStatus = "not_started";
    s = returnTransition(s, "save");
    expect(s).toBe("in_progress");
    expect(returnTransition(s, "save")).toBe("in_progress");
    s = returnTransition(s, "submit");
    expect(s).toBe("submitted");
    expect(returnTransition(s, "accept")).toBe("accepted");
  });

  it("a return can be submitted without a save first", () => {
    expect(returnTransition("not_started", "submit")).toBe("submitted");
  });

  it("a query sends it back; saving keeps it queried; submitting again makes it resubmitted, which can be queried again or accepted", () => {
    expect(returnTransition("submitted", "query")).toBe("queried");
    expect(returnTransition("queried", "save")).toBe("queried");
    expect(returnTransition("queried", "submit")).toBe("resubmitted");
    expect(returnTransition("resubmitted", "query")).toBe("queried");
    expect(returnTransition("resubmitted", "accept")).toBe("accepted");
  });

  it("OPCC staff reopen an accepted return: it is in progress again", () => {
    expect(returnTransition("accepted", "reopen")).toBe("in_progress");
    expect(returnTransition(returnTransition("accepted", "reopen"), "submit")).toBe("submitted");
  });

  it("allows exactly these moves", () => {
    const allowed: Record<ReturnEvent, ReturnStatus[]> = {
      save: ["not_started", "in_progress", "queried"],
      submit: ["not_started", "in_progress", "queried"],
      query: ["submitted", "resubmitted"],
      accept: ["submitted", "resubmitted"],
      reopen: ["accepted"],
    };
    for (const event of RETURN_EVENTS) {
      for (const status of RETURN_STATUSES) {
        expect(canReturnTransition(status, event), `${event} from ${status}`).toBe(allowed[event].includes(status));
        if (!allowed[event].includes(status)) expect(() => returnTransition(status, event)).toThrow(IllegalReturnTransition);
      }
    }
  });

  it("refuses in words a person can read", () => {
    expect(() => returnTransition("accepted", "submit")).toThrow("An accepted return cannot be submitted");
    expect(() => returnTransition("in_progress", "accept")).toThrow("An in progress return cannot be accepted");
    expect(() => returnTransition("submitted", "save")).toThrow("A submitted return cannot be saved");
    expect(() => returnTransition("queried", "reopen")).toThrow("A queried return cannot be reopened");
  });

  it("the partnership changes figures only while not started, in progress or queried", () => {
    expect(RETURN_STATUSES.filter(isReturnEditable)).toEqual(["not_started", "in_progress", "queried"]);
    expect(AWAITING_ACCEPTANCE).toEqual(["submitted", "resubmitted"]);
  });

  it("every status has a label", () => {
    for (const s of RETURN_STATUSES) expect(RETURN_STATUS_LABELS[s]).toMatch(/^[A-Z][a-z ]+$/);
  });
});

describe("overdue and late returns", () => {
  const q1 = { dueOn: "2023-07-30" };
  it("is overdue the day after its due date while never submitted", () => {
    expect(isReturnOverdue({ ...q1, firstSubmittedAt: null }, "2023-07-30")).toBe(false);
    expect(isReturnOverdue({ ...q1, firstSubmittedAt: null }, "2023-07-31")).toBe(true);
    expect(daysOverdue({ ...q1, firstSubmittedAt: null }, "2023-07-30")).toBe(0);
    expect(daysOverdue({ ...q1, firstSubmittedAt: null }, "2023-08-14")).toBe(15);
  });

  it("a return submitted once is never overdue, even while queried", () => {
    expect(isReturnOverdue({ ...q1, firstSubmittedAt: "2023-08-20T10:00:00.000Z" }, "2024-01-01")).toBe(false);
    expect(daysOverdue({ ...q1, firstSubmittedAt: "2023-08-20T10:00:00.000Z" }, "2024-01-01")).toBe(0);
  });

  it("counts whole days across the clocks changing", () => {
    expect(daysOverdue({ dueOn: "2023-10-20", firstSubmittedAt: null }, "2023-11-05")).toBe(16);
    expect(daysOverdue({ dueOn: "2024-03-20", firstSubmittedAt: null }, "2024-04-05")).toBe(16);
  });

  it("was late when first submitted after the due date", () => {
    expect(wasSubmittedLate(q1, "2023-07-30")).toBe(false);
    expect(wasSubmittedLate(q1, "2023-07-31")).toBe(true);
  });
});
