/** The roles a person can have (decision record 004); db/schema/users.ts stores them. Plain values, so pages may import them. */
export const ROLES = ["csp_lead", "opcc_reviewer", "finance", "admin"] as const;
export type Role = (typeof ROLES)[number];
