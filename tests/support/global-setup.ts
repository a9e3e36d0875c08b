import fs from "node:fs";
import { openDatabase } from "../../app/data/db.server";
import { migrateDatabase } from "../../db/migrate";
import { seedDemoData } from "../../db/seed";
import { BASE_DB, TMP_DIR } from "./paths";

export default async function globalSetup() {
  fs.rmSync(TMP_DIR, { recursive: true, force: true });
  fs.mkdirSync(TMP_DIR, { recursive: true });
  const { db, sqlite } = openDatabase(BASE_DB);
  migrateDatabase(db);
  await seedDemoData(db);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
}
