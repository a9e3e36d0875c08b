import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { Db } from "../app/data/db.server";

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/**
 * Applies the committed drizzle-kit migrations that have not yet run.
 *
 * SQLite changes a table by copying it to a new one and dropping the old. drizzle runs each
 * migration inside a transaction, where `PRAGMA foreign_keys=OFF` does nothing, so dropping `bids`
 * would cascade and delete every cost line. Foreign keys are therefore switched off for the
 * connection around the migrations, checked afterwards, and switched back on.
 */
export function migrateDatabase(db: Db) {
  const sqlite = db.$client;
  sqlite.pragma("foreign_keys = OFF");
  try {
    migrate(db, { migrationsFolder });
    const broken = sqlite.pragma("foreign_key_check") as unknown[];
    if (broken.length) throw new Error(`Migrations left ${broken.length} broken foreign keys: ${JSON.stringify(broken.slice(0, 5))}`);
  } finally {
    sqlite.pragma("foreign_keys = ON");
  }
}
