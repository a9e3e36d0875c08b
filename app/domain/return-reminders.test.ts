import { describe, expect, it } from "vitest";
import { CATCH_UP_DAYS, dueSoonFrom, reminderWindow, remindersOwed, type ReminderCandidate } from "./return-reminders";
import { subtractWorkingDays } from "./working-days";

// 2023-24 Q4 (January to March 2024), due 30 April 2024 (30 days after the quarter ends).
const q4: ReminderCandidate = { returnId: 1, periodEnd: "2024-03-31", dueOn: "2024-04-30", firstSubmittedAt: null, grantWithdrawn: false, offerAccepted: true, sent: [] };

describe("which reminders a return is owed", () => {
  it("due soon from five working days before it is due", () => {
    expect(dueSoonFrom(q4)).toBe("2024-04-23");
    expect(remindersOwed(q4, "2024-04-22")).toEqual([]);
    expect(remindersOwed(q4, "2024-04-23")).toEqual(["due_soon"]);
    expect(remindersOwed(q4, "2024-04-30")).toEqual(["due_soon"]);
  });

  it("counts over bank holidays: due Tuesday 2 April 2024, after Good Friday and Easter Monday, the reminder goes on Friday 22 March", () => {
    const r = { ...q4, periodEnd: "2024-02-29", dueOn: "2024-04-02" };
    expect(dueSoonFrom(r)).toBe("2024-03-22");
    expect(remindersOwed(r, "2024-03-21")).toEqual([]);
    expect(remindersOwed(r, "2024-03-22")).toEqual(["due_soon"]);
  });

  it("not before the quarter has ended, however few days the stream gives", () => {
    const r = { ...q4, dueOn: "2024-04-03" };
    expect(subtractWorkingDays(r.dueOn, 5) < r.periodEnd).toBe(true);
    expect(dueSoonFrom(r)).toBe("2024-04-01");
    expect(remindersOwed(r, "2024-03-31")).toEqual([]);
    expect(remindersOwed(r, "2024-04-01")).toEqual(["due_soon"]);
  });

  it("once: not again when it has been sent", () => {
    expect(remindersOwed({ ...q4, sent: ["due_soon"] }, "2024-04-25")).toEqual([]);
  });

  it("overdue from the day after it was due, once", () => {
    expect(remindersOwed({ ...q4, sent: ["due_soon"] }, "2024-05-01")).toEqual(["overdue"]);
    expect(remindersOwed({ ...q4, sent: ["due_soon", "overdue"] }, "2024-05-02")).toEqual([]);
  });

  it("only the overdue one when the due-soon reminder never went", () => {
    expect(remindersOwed(q4, "2024-05-03")).toEqual(["overdue"]);
  });

  it("none once submitted (a queried or reopened return was submitted)", () => {
    expect(remindersOwed({ ...q4, firstSubmittedAt: "2024-04-20T10:00:00Z" }, "2024-04-25")).toEqual([]);
    expect(remindersOwed({ ...q4, firstSubmittedAt: "2024-04-20T10:00:00Z" }, "2024-06-01")).toEqual([]);
  });

  it("none for a withdrawn grant or an offer not accepted", () => {
    expect(remindersOwed({ ...q4, grantWithdrawn: true }, "2024-04-25")).toEqual([]);
    expect(remindersOwed({ ...q4, offerAccepted: false }, "2024-05-05")).toEqual([]);
  });

  it("not sent late: an overdue return more than the catch-up days old is left to the dashboards", () => {
    expect(remindersOwed(q4, "2024-05-30")).toEqual(["overdue"]);
    expect(CATCH_UP_DAYS).toBe(30);
    expect(remindersOwed(q4, "2024-05-31")).toEqual([]);
  });

  it("the window of due dates a run looks at holds every return owed a reminder", () => {
    const today = "2024-03-22";
    const { dueFrom, dueTo } = reminderWindow(today);
    expect(dueTo >= "2024-04-02").toBe(true);
    // Every due date whose reminder is owed today lies in the window, across several years of holidays.
    for (let t = Date.UTC(2023, 0, 1); t < Date.UTC(2028, 0, 10); t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      const { dueFrom: from, dueTo: to } = reminderWindow(day);
      for (let d = -33; d <= 16; d++) {
        const dueOn = new Date(t + d * 86_400_000).toISOString().slice(0, 10);
        const owed = remindersOwed({ ...q4, periodEnd: "2000-01-01", dueOn }, day);
        if (owed.length) expect(dueOn >= from && dueOn <= to, `${day}: due ${dueOn}`).toBe(true);
      }
    }
    expect(dueFrom < today).toBe(true);
  });
});
