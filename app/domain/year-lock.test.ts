import { describe, expect, it } from "vitest";
import { grantIsLocked, isYearLockTriggerError, YearClosedError, yearClosedMessage } from "./year-lock";

describe("the year lock", () => {
  it("says which year was closed, by whom and when, and who can reopen it", () => {
    expect(yearClosedMessage({ label: "2023-24", closedByName: "Fiona Finance", closedAt: "2024-05-20T10:00:00.000Z" })).toBe(
      "2023-24 was closed by Fiona Finance on 20 May 2024, so nothing in it can be changed. An administrator can reopen the year if something must be put right.",
    );
  });

  it("locks a grant only when its round's year is closed and it runs into no open year", () => {
    expect(grantIsLocked({ roundYearClosed: true, laterYearOpen: false })).toBe(true);
    // A Safer Streets grant made in 2023-24 runs on into 2024-25.
    expect(grantIsLocked({ roundYearClosed: true, laterYearOpen: true })).toBe(false);
    expect(grantIsLocked({ roundYearClosed: false, laterYearOpen: false })).toBe(false);
  });

  it("tells a refusal by the database's trigger from other errors", () => {
    expect(isYearLockTriggerError(new Error("financial year closed: payments"))).toBe(true);
    expect(isYearLockTriggerError(new Error("UNIQUE constraint failed"))).toBe(false);
    expect(isYearLockTriggerError("financial year closed")).toBe(false);
    // drizzle's wrapping of the driver's error.
    expect(isYearLockTriggerError(new Error("Failed to run the query 'update payments …'", { cause: new Error("financial year closed: payments") }))).toBe(true);
    expect(new YearClosedError({ label: "2023-24", closedByName: "A", closedAt: "2024-05-20T10:00:00.000Z" }).message).toMatch(/^2023-24 was closed by A/);
  });
});
