import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "../../db/schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export const databasePath = () => process.env.DATABASE_PATH ?? path.join("data", "portal.db");

/**
 * Opens a database file with the settings every connection needs. Applies no migrations.
 *
 * Two things for several processes on one file (decision record 039): a write transaction is
 * IMMEDIATE unless it says otherwise, so it takes the write lock when it begins and waits for it
 * (busy_timeout) instead of failing with SQLITE_BUSY when a read inside it turns into a write while
 * another process writes; and statements are kept once prepared, because drizzle prepares every
 * query again each time it runs, which was a fifth of a simple page's database time.
 */
export function openDatabase(file: string): { db: Db; sqlite: Database.Database } {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  keepPreparedStatements(sqlite);
  const database = drizzle(sqlite, { schema });
  const transaction = database.transaction.bind(database);
  database.transaction = ((fn, config) => transaction(fn, { behavior: "immediate", ...config })) as typeof database.transaction;
  return { db: database, sqlite };
}

/** How many prepared statements a connection keeps (the portal runs a few hundred distinct queries). */
const KEPT_STATEMENTS = 500;

/**
 * Makes `sqlite.prepare` answer a statement it prepared before for the same text, reset to how a
 * new one behaves (objects, not arrays: drizzle switches a statement to raw rows for its selects).
 * A statement still being iterated is never handed out twice; the oldest is let go past the limit.
 */
export function keepPreparedStatements(sqlite: Database.Database, limit = KEPT_STATEMENTS) {
  const prepare = sqlite.prepare.bind(sqlite);
  const kept = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const statement = kept.get(source);
    if (statement && !statement.busy) {
      if (statement.reader) statement.raw(false).pluck(false).expand(false);
      return statement;
    }
    const fresh = prepare(source);
    if (!statement) {
      kept.set(source, fresh);
      if (kept.size > limit) kept.delete(kept.keys().next().value!);
    }
    return fresh;
  }) as typeof sqlite.prepare;
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
