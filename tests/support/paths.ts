import path from "node:path";

export const TMP_DIR = path.resolve("tests/.tmp");
/** Migrated and seeded once per run; each test file starts from a copy. */
export const BASE_DB = path.join(TMP_DIR, "base.db");
