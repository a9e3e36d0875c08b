import { z } from "zod";
import { MAX_PASSWORD_LENGTH } from "../domain/passwords";

/**
 * The password forms. The rules for a new password are the domain's (app/domain/passwords.ts),
 * asked by the data layer, which knows the user's e-mail address and name; here only that the
 * fields are there and the two new ones match.
 */

const typed = (missing: string) => z.string({ required_error: missing }).max(MAX_PASSWORD_LENGTH * 4, `Your password must be ${MAX_PASSWORD_LENGTH} characters or fewer`);

export const forgotSchema = z.object({
  email: z.string().trim().min(1, "Enter your email address").max(254, "Enter an email address in the correct format, like name@example.org").email("Enter an email address in the correct format, like name@example.org"),
});

export const resetSchema = z
  .object({ password: typed("Enter a new password"), confirm: typed("Enter the new password again") })
  .superRefine((v, ctx) => {
    if (v.password === "") ctx.addIssue({ code: "custom", path: ["password"], message: "Enter a new password" });
    else if (v.confirm !== v.password) ctx.addIssue({ code: "custom", path: ["confirm"], message: "The two passwords are not the same: type the new password again" });
  });

export const changeSchema = z
  .object({ currentPassword: typed("Enter your current password"), newPassword: typed("Enter a new password"), confirm: typed("Enter the new password again") })
  .superRefine((v, ctx) => {
    if (v.currentPassword === "") ctx.addIssue({ code: "custom", path: ["currentPassword"], message: "Enter your current password" });
    if (v.newPassword === "") ctx.addIssue({ code: "custom", path: ["newPassword"], message: "Enter a new password" });
    else if (v.confirm !== v.newPassword) ctx.addIssue({ code: "custom", path: ["confirm"], message: "The two passwords are not the same: type the new password again" });
  });
