import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "../../app/data/db.server";
import { migrateDatabase } from "../../db/migrate";
import { seedDemoData } from "../../db/seed";

export default async function globalSetup() {
  const dir = path.resolve(`tests/.tmp/vitest-${process.pid}`);
  // Workers are started after this and inherit the environment.
  process.env.PORTAL_TEST_DIR = dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const { db, sqlite } = openDatabase(path.join(dir, "base.db"));
  migrateDatabase(db);
  // The demo as it stood when the bids were submitted: tests take the seeded bids through review
  // and decisions themselves. tests/integration/demo-data.test.ts checks the whole demo.
  await seedDemoData(db, { stage: "submitted" });
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
