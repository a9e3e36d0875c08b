import { describe, expect, it } from "vitest";
import { actionWords, auditLines, auditText, fieldWords, lineText, valueWords } from "./audit-wording";

describe("the audit log in words", () => {
  it("names fields in words, money fields without their unit", () => {
    expect(fieldWords("amountPence")).toBe("Amount");
    expect(fieldWords("organisationId")).toBe("Organisation id");
    expect(fieldWords("return_due_days")).toBe("Return due days");
    expect(fieldWords("role")).toBe("Role");
  });

  it("shows money in pounds, awkward amounts included", () => {
    expect(valueWords("amountPence", 123456)).toBe("£1,234.56");
    expect(valueWords("amountPence", 1)).toBe("£0.01");
    expect(valueWords("amountPence", 0)).toBe("£0.00");
    expect(valueWords("amountPence", -1230)).toMatch(/1?2\.30/);
    // Not a whole number of pence: shown as the number it is, not as money.
    expect(valueWords("amountPence", 1.5)).toBe("1.5");
    expect(valueWords("count", 12000)).toBe("12,000");
  });

  it("shows dates as dates, times as times, yes/no, roles and empty values", () => {
    expect(valueWords("dueOn", "2024-03-31")).toBe("31 March 2024");
    expect(valueWords("at", "2024-03-31T09:05:00.000Z")).toMatch(/^31 March 2024 at \d{1,2}:05(am|pm)$/);
    expect(valueWords("active", true)).toBe("yes");
    expect(valueWords("active", false)).toBe("no");
    expect(valueWords("role", "csp_lead")).toBe("CSP lead");
    expect(valueWords("note", null)).toBe("none");
    expect(valueWords("note", "")).toBe("none");
    expect(valueWords("tags", ["a", "b"])).toBe("a, b");
    expect(valueWords("tags", [])).toBe("none");
    // Not a real date: left as typed.
    expect(valueWords("ref", "2024-02-30")).toBe("2024-02-30");
  });

  it("lists changed fields from → to, leaves unchanged ones out, and says what was set and removed", () => {
    const lines = auditLines(
      JSON.stringify({ role: "csp_lead", active: true, amountPence: 500000, note: "old" }),
      JSON.stringify({ role: "admin", active: true, amountPence: 499999, reason: "Promoted" }),
    );
    expect(lines.map(lineText)).toEqual(["Role: CSP lead → Administrator", "Amount: £5,000.00 → £4,999.99", "Reason: Promoted", "Note: was old"]);
  });

  it("copes with an entry with nothing before or after, a bare value and bad JSON", () => {
    expect(auditLines(null, null)).toEqual([]);
    expect(auditText(null, JSON.stringify({ name: "Pat" }))).toBe("Name: Pat");
    expect(auditText(JSON.stringify(3), JSON.stringify(4))).toBe("Value: 3 → 4");
    expect(auditText(null, "{not json")).toBe("Value: {not json");
    expect(auditText(null, "null")).toBe("");
  });

  it("words nested objects field by field", () => {
    expect(auditText(null, JSON.stringify({ lines: { unitPence: 250, quantity: 3 } }))).toBe("Lines: unit £2.50; quantity 3");
  });

  it("says what kind of change an entry is", () => {
    expect(actionWords("user.role_changed")).toBe("User: role changed");
    expect(actionWords("standard_condition.created")).toBe("Standard condition: created");
    expect(actionWords("login")).toBe("Login");
  });
});
