import { z } from "zod";
import { codeFromName, isCouncilGssCode, isCouncilOrgId, isPartnershipCode, normaliseCode } from "../domain/partnerships";
import { requiredText } from "./fields";

/** The partnership form (/settings/partnerships/new and /settings/partnerships/:id). */

export const PARTNERSHIP_FIELD_ORDER = ["name", "code", "accountableCouncil", "councilGssCode", "councilOrgId", "contactEmail"];

export const partnershipSchema = z
  .object({
    name: requiredText("the partnership's name"),
    code: z.string().trim().max(200).default(""),
    accountableCouncil: requiredText("the accountable council's name"),
    councilGssCode: z
      .string()
      .default("")
      .transform(normaliseCode)
      .refine((v) => v === "" || isCouncilGssCode(v), "Enter the council's ONS code as 9 characters, like E07000133 (an English council starts E06 to E09, a Welsh one W06)"),
    councilOrgId: z
      .string()
      .default("")
      .transform(normaliseCode)
      .refine((v) => v === "" || isCouncilOrgId(v), "Enter the council's organisation identifier like GB-LAE-MEL: GB-LAE- (or GB-WAL- for a Welsh council) and its 3 or 4 letter code"),
    contactEmail: z
      .string()
      .trim()
      .max(200, "The contact email address must be 200 characters or fewer")
      .default("")
      .refine((v) => v === "" || z.string().email().safeParse(v).success, "Enter the contact email address in the correct format, like community.safety@melton.gov.uk"),
  })
  .transform((v, ctx) => {
    const code = v.code === "" ? codeFromName(v.name) : v.code.toLowerCase();
    if (!isPartnershipCode(code)) {
      ctx.addIssue({ code: "custom", path: ["code"], message: "The code must be lower-case letters and digits, in words joined by hyphens, like north-west-leicestershire (60 characters at most)" });
      return z.NEVER;
    }
    return { ...v, code };
  });
