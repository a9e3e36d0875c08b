import { closeDb, db } from "../app/data/db.server";
import { ensureFinancialYears } from "../app/data/financial-years.server";
import { migrateDatabase } from "./migrate";
import { DEMO_PASSWORD, DEMO_SIGN_INS, isEmpty, seedDemoData } from "./seed";

/**
 * Applies the committed migrations to the database at DATABASE_PATH and, unless PORTAL_DEMO=0,
 * seeds the demo data into it when empty. Returns whether the demo sign-ins exist.
 */
export async function prepareDatabase({ demo }: { demo: boolean }): Promise<{ seeded: boolean; demo: boolean }> {
  const database = db();
  try {
    migrateDatabase(database);
    // Table statistics for the query planner, gathered where they are missing or stale: without them
    // SQLite may read a grant's returns through the status index, walking every return in the country.
    database.$client.pragma("optimize=0x10002");
    let seeded = false;
    if (demo && isEmpty(database)) {
      await seedDemoData(database);
      seeded = true;
    }
    // The year today falls in (and, from 1 January, the next), so /rounds/new always has one to offer.
    ensureFinancialYears();
    const hasDemoUsers = database.$client.prepare("select count(*) as n from users where email like '%@demo.opcc.test'").get() as { n: number };
    return { seeded, demo: hasDemoUsers.n > 0 };
  } finally {
    closeDb();
  }
}

export function printDemoSignIns(port: string | number) {
  const lines = [
    "",
    `Community safety funding portal: http://localhost:${port}`,
    "",
    `Demo sign-ins (password for all: ${DEMO_PASSWORD})`,
    ...DEMO_SIGN_INS.map((u) => `  ${u.email.padEnd(34)} ${u.what}`),
    "",
  ];
  console.log(lines.join("\n"));
}
