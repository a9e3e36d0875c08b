import { z } from "zod";
import { ROLE_CHOICES, roleOfChoice, type RoleChoice } from "../domain/people-rules";
import { requiredText } from "./fields";

/**
 * The people forms (decision record 034): a role chosen by where it belongs, and for a CSP role the
 * partnership. The partnership box is always on the page (it works without JavaScript) and is
 * ignored for an OPCC role.
 */

const CHOICES = ROLE_CHOICES.map((c) => c.value) as [RoleChoice, ...RoleChoice[]];
const PICK_PARTNERSHIP = "Select the partnership this person works for";

const roleFields = z
  .object({
    role: z.enum(CHOICES, { errorMap: () => ({ message: "Select the person's role" }) }),
    partnershipId: z.string().optional().default(""),
  })
  .superRefine((v, ctx) => {
    if (roleOfChoice(v.role).atCsp && !/^[1-9]\d{0,9}$/.test(v.partnershipId)) ctx.addIssue({ code: "custom", path: ["partnershipId"], message: PICK_PARTNERSHIP });
  })
  .transform((v) => {
    const { role, atCsp } = roleOfChoice(v.role);
    return { role, atCsp, partnershipId: atCsp ? Number(v.partnershipId) : null };
  });

export const inviteSchema = z
  .object({
    name: requiredText("the person's full name"),
    email: z
      .string({ required_error: "Enter the person's email address" })
      .trim()
      .min(1, "Enter the person's email address")
      .max(254, "Enter an email address in the correct format, like name@example.org")
      .email("Enter an email address in the correct format, like name@example.org"),
  })
  .and(roleFields);

export const INVITE_FIELD_ORDER = ["name", "email", "role", "partnershipId"];

const version = z.string({ required_error: "Reload the page and try again." }).regex(/^\d{1,10}$/, "Reload the page and try again.").transform(Number);

export const changeRoleSchema = z.object({ version }).and(roleFields);
export const versionSchema = z.object({ version });
