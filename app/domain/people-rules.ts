import type { Role } from "../../db/schema/users";

/**
 * Rules for the people an administrator manages (decision record 034), pure so they are tested
 * alone; the data layer asks them inside the write transaction, with the counts read there.
 */

/** Roles that belong to a Community Safety Partnership rather than the OPCC: a CSP lead, and finance at a CSP (council finance). */
export const CSP_ROLES: readonly Role[] = ["csp_lead", "finance"];

export const ROLE_LABELS: Record<Role, string> = {
  csp_lead: "CSP lead",
  opcc_reviewer: "OPCC reviewer",
  finance: "Finance",
  admin: "Administrator",
};

/** What a person is, in words: "Finance" at a CSP is the council's finance officer. */
export function roleInWords(role: Role, atCsp: boolean): string {
  if (role === "finance") return atCsp ? "Council finance" : "OPCC finance";
  return ROLE_LABELS[role];
}

/** The roles an administrator can give, with where each belongs. */
export const ROLE_CHOICES = [
  { value: "admin", label: "Administrator", at: "opcc" },
  { value: "opcc_reviewer", label: "OPCC reviewer", at: "opcc" },
  { value: "opcc_finance", label: "OPCC finance", at: "opcc" },
  { value: "csp_lead", label: "CSP lead", at: "csp" },
  { value: "council_finance", label: "Council finance (at a partnership)", at: "csp" },
] as const;
export type RoleChoice = (typeof ROLE_CHOICES)[number]["value"];

/** A choice on the form as the stored role and whether it needs a partnership. */
export function roleOfChoice(choice: RoleChoice): { role: Role; atCsp: boolean } {
  switch (choice) {
    case "opcc_finance":
      return { role: "finance", atCsp: false };
    case "council_finance":
      return { role: "finance", atCsp: true };
    case "csp_lead":
      return { role: "csp_lead", atCsp: true };
    default:
      return { role: choice, atCsp: false };
  }
}

/** The form's choice for a stored role. */
export const choiceOfRole = (role: Role, atCsp: boolean): RoleChoice => (role === "finance" ? (atCsp ? "council_finance" : "opcc_finance") : role);

/**
 * Whether a change leaves the portal without an active administrator: the person is an active
 * administrator now, and afterwards is not (demoted or deactivated), and no other active
 * administrator remains. Returns the refusal to show, or null.
 */
export function lastAdministratorProblem(input: {
  isActiveAdminNow: boolean;
  isActiveAdminAfter: boolean;
  otherActiveAdmins: number;
  self: boolean;
}): string | null {
  if (!input.isActiveAdminNow || input.isActiveAdminAfter || input.otherActiveAdmins > 0) return null;
  return input.self
    ? "You are the only active administrator: make someone else an administrator before you change your own role or deactivate yourself."
    : "This is the only active administrator: make someone else an administrator first.";
}
