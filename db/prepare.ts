import { openDatabase } from "../app/data/db.server";
import { migrateDatabase } from "./migrate";
import { DEMO_PASSWORD, DEMO_SIGN_INS, isEmpty, seedDemoData } from "./seed";

/**
 * Applies the committed migrations and, unless PORTAL_DEMO=0, seeds the demo data into an empty
 * database. Returns whether the demo sign-ins exist.
 */
export async function prepareDatabase(file: string, { demo }: { demo: boolean }): Promise<{ seeded: boolean; demo: boolean }> {
  const { db, sqlite } = openDatabase(file);
  try {
    migrateDatabase(db);
    let seeded = false;
    if (demo && isEmpty(db)) {
      await seedDemoData(db);
      seeded = true;
    }
    const hasDemoUsers = sqlite.prepare("select count(*) as n from users where email like '%@demo.opcc.test'").get() as { n: number };
    return { seeded, demo: hasDemoUsers.n > 0 };
  } finally {
    sqlite.close();
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
