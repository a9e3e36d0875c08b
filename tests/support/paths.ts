import path from "node:path";

/**
 * Each vitest run works in its own folder (named by global setup), so two runs at once do not
 * delete each other's databases. The seeded base database is copied for every test file.
 */
export const TMP_DIR = process.env.PORTAL_TEST_DIR ?? path.resolve("tests/.tmp/vitest");
export const BASE_DB = path.join(TMP_DIR, "base.db");
