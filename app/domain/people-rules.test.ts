import { describe, expect, it } from "vitest";
import { choiceOfRole, lastAdministratorProblem, roleInWords, roleOfChoice, ROLE_CHOICES } from "./people-rules";

describe("roles", () => {
  it("maps each choice to a stored role and back", () => {
    for (const c of ROLE_CHOICES) {
      const { role, atCsp } = roleOfChoice(c.value);
      expect(atCsp).toBe(c.at === "csp");
      expect(choiceOfRole(role, atCsp)).toBe(c.value);
    }
  });
  it("says whose finance officer a finance user is", () => {
    expect(roleInWords("finance", true)).toBe("Council finance");
    expect(roleInWords("finance", false)).toBe("OPCC finance");
    expect(roleInWords("admin", false)).toBe("Administrator");
  });
});

describe("the last administrator", () => {
  it("cannot be demoted or deactivated, by themselves or another", () => {
    expect(lastAdministratorProblem({ isActiveAdminNow: true, isActiveAdminAfter: false, otherActiveAdmins: 0, self: true })).toMatch(/You are the only active administrator/);
    expect(lastAdministratorProblem({ isActiveAdminNow: true, isActiveAdminAfter: false, otherActiveAdmins: 0, self: false })).toMatch(/only active administrator/);
  });
  it("can be when another active administrator remains", () => {
    expect(lastAdministratorProblem({ isActiveAdminNow: true, isActiveAdminAfter: false, otherActiveAdmins: 1, self: true })).toBeNull();
  });
  it("is not in question for a change that keeps them an active administrator, or for anyone else", () => {
    expect(lastAdministratorProblem({ isActiveAdminNow: true, isActiveAdminAfter: true, otherActiveAdmins: 0, self: true })).toBeNull();
    expect(lastAdministratorProblem({ isActiveAdminNow: false, isActiveAdminAfter: false, otherActiveAdmins: 0, self: false })).toBeNull();
  });
});
