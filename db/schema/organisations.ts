import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const ORGANISATION_KINDS = ["opcc", "csp", "partner"] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** The OPCC, each Community Safety Partnership (with its accountable council), and delivery partners. */
export const organisations = sqliteTable(
  "organisations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: ORGANISATION_KINDS }).notNull(),
    name: text("name").notNull(),
    /** Short stable code, e.g. "melton". */
    code: text("code").notNull(),
    /** For a CSP: the district council that receives and spends the money. */
    accountableCouncil: text("accountable_council"),
    /** For a CSP: its accountable council's ONS (GSS) code, e.g. "E07000133" for Melton. */
    councilGssCode: text("council_gss_code"),
    /**
     * For a CSP: its accountable council's organisation identifier on the org-id.guide register of
     * English local authorities, e.g. "GB-LAE-MEL": how 360Giving names the recipient.
     */
    councilOrgId: text("council_org_id"),
    /** For a CSP: the address the OPCC writes to about its bids and grants (its community safety team's inbox). */
    contactEmail: text("contact_email"),
    /** A retired CSP bids no more and is offered nowhere; its history stays. */
    retiredAt: text("retired_at"),
    /** Raised by every change an administrator makes: an edit from an older copy is refused. */
    version: integer("version").notNull().default(1),
  },
  (t) => [
    uniqueIndex("organisations_code_unique").on(t.code),
    index("organisations_kind_name_idx").on(t.kind, t.name),
    check("organisations_kind_check", sql`${t.kind} in ('opcc','csp','partner')`),
    check(
      "organisations_csp_council_check",
      sql`${t.kind} <> 'csp' or ${t.accountableCouncil} is not null`,
    ),
  ],
);
