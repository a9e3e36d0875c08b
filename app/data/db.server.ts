import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "../../db/schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export const databasePath = () => process.env.DATABASE_PATH ?? path.join("data", "portal.db");

/** Opens a database file with the settings every connection needs. Applies no migrations. */
export function openDatabase(file: string): { db: Db; sqlite: Database.Database } {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return { db: drizzle(sqlite, { schema }), sqlite };
}

// One connection for the process, kept across dev-server reloads.
const globalForDb = globalThis as unknown as { __portalDb?: { db: Db; sqlite: Database.Database; file: string } };

export function db(): Db {
  const file = databasePath();
  if (!globalForDb.__portalDb || globalForDb.__portalDb.file !== file) {
    globalForDb.__portalDb?.sqlite.close();
    globalForDb.__portalDb = { ...openDatabase(file), file };
  }
  return globalForDb.__portalDb.db;
}

export function closeDb() {
  globalForDb.__portalDb?.sqlite.close();
  globalForDb.__portalDb = undefined;
}
