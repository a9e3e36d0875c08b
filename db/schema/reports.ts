import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { financialYears } from "./funding";
import { organisations } from "./organisations";
import { users } from "./users";

/**
 * What the CSP lead writes for a scrutiny committee's annual report: only the introduction is
 * typed; every figure in the report is read from the records when it is shown (issue 11).
 */
export const scrutinyReports = sqliteTable(
  "scrutiny_reports",
  {
    cspId: integer("csp_id")
      .notNull()
      .references(() => organisations.id),
    financialYearId: integer("financial_year_id")
      .notNull()
      .references(() => financialYears.id),
    introduction: text("introduction").notNull(),
    updatedBy: integer("updated_by")
      .notNull()
      .references(() => users.id),
    updatedAt: text("updated_at").notNull(),
    /** Raised by every save: a save from an older copy is refused. */
    version: integer("version").notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.cspId, t.financialYearId] })],
);
