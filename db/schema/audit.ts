import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organisations } from "./organisations";
import { users } from "./users";

/**
 * Append-only: nothing in the application updates or deletes a row (triggers in the migration
 * refuse it). bid_id and csp_id are copied in so a bid's history and a CSP's trail are one index
 * read each.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: text("at").notNull(),
    userId: integer("user_id").references(() => users.id),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: integer("entity_id").notNull(),
    bidId: integer("bid_id"),
    cspId: integer("csp_id").references(() => organisations.id),
    before: text("before"),
    after: text("after"),
  },
  (t) => [
    index("audit_log_entity_idx").on(t.entityType, t.entityId, t.id),
    // The audit log filtered by a kind of record alone, newest first.
    index("audit_log_entity_type_idx").on(t.entityType, t.id),
    index("audit_log_bid_idx").on(t.bidId, t.id),
    index("audit_log_user_idx").on(t.userId, t.id),
    // The administrators' audit log filters by kind of change and by date (issue 12).
    index("audit_log_action_idx").on(t.action, t.id),
    index("audit_log_at_idx").on(t.at, t.id),
  ],
);
