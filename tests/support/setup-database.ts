import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeEach, vi } from "vitest";
import { closeDb } from "../../app/data/db.server";
import { BASE_DB, TMP_DIR } from "./paths";

/**
 * Every test file gets its own copy of the migrated, seeded database, so tests never see each
 * other's writes. A console.error during a test fails it.
 */
const file = path.join(TMP_DIR, `test-${process.pid}-${Math.random().toString(36).slice(2)}.db`);
fs.copyFileSync(BASE_DB, file);
process.env.DATABASE_PATH = file;
// Evidence files too, so a test can say its folder holds nothing stray.
process.env.EVIDENCE_PATH = `${file}-evidence`;
process.env.SESSION_SECRET = "test-secret-not-for-production";
process.env.COOKIE_SECURE = "0";

let errors: unknown[][] = [];
beforeEach(() => {
  errors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    errors.push(args);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  if (errors.length) throw new Error(`console.error was called: ${errors.map((e) => e.map(String).join(" ")).join("\n")}`);
});
afterAll(() => {
  closeDb();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  fs.rmSync(`${file}-evidence`, { recursive: true, force: true });
});
