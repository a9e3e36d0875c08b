import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { financialYears } from "./funding";
import { users } from "./users";

/**
 * Each closing of a financial year by OPCC finance, and its reopening by an administrator if it
 * was reopened. `financial_years.status` is the lock itself; these rows say who and when, for the
 * year's page and the message that refuses a change.
 */
export const financialYearClosures = sqliteTable(
  "financial_year_closures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    financialYearId: integer("financial_year_id")
      .notNull()
      .references(() => financialYears.id),
    closedBy: integer("closed_by")
      .notNull()
      .references(() => users.id),
    closedAt: text("closed_at").notNull(),
    reopenedBy: integer("reopened_by").references(() => users.id),
    reopenedAt: text("reopened_at"),
    reopenReason: text("reopen_reason"),
  },
  (t) => [
    index("financial_year_closures_year_idx").on(t.financialYearId, t.id),
    check("financial_year_closures_reopen_check", sql`(${t.reopenedAt} is null) = (${t.reopenReason} is null)`),
  ],
);
