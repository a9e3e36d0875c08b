import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { hashPassword } from "../app/auth/password.server";
import { databasePath, db } from "../app/data/db.server";
import { createUser, findUserByEmail } from "../app/data/users.server";
import { ensureFinancialYears } from "../app/data/financial-years.server";
import { migrateDatabase } from "./migrate";
import { organisations } from "./schema";

/**
 * npm run admin:create -- --email you@opcc.example --name "Your Name" [--organisation "Office of …"]
 * The password comes from ADMIN_PASSWORD or is asked for at the terminal (not echoed).
 */

const { values } = parseArgs({
  options: { email: { type: "string" }, name: { type: "string" }, organisation: { type: "string" } },
});
if (!values.email || !values.name) {
  console.error('Usage: npm run admin:create -- --email you@opcc.example --name "Your Name" [--organisation "Office of the PCC for …"]');
  process.exit(2);
}
if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email)) {
  console.error(`Not an email address: ${values.email}`);
  process.exit(2);
}

async function askHidden(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
  let asking = true;
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => (asking ? write(s.includes(question) ? question : "") : write(s));
  return new Promise((resolve) =>
    rl.question(question, (answer) => {
      asking = false;
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    }),
  );
}

const password = process.env.ADMIN_PASSWORD ?? (await askHidden("Password (at least 12 characters): "));
if (password.length < 12) {
  console.error("The password must be at least 12 characters.");
  process.exit(2);
}

migrateDatabase(db());
ensureFinancialYears();
if (findUserByEmail(values.email)) {
  console.error(`There is already a user with the email address ${values.email}.`);
  process.exit(1);
}
let opcc = db().select().from(organisations).where(eq(organisations.kind, "opcc")).get();
if (!opcc) {
  opcc = db()
    .insert(organisations)
    .values({ kind: "opcc", code: "opcc", name: values.organisation ?? "Office of the Police and Crime Commissioner" })
    .returning()
    .get();
}
const id = createUser({ email: values.email, name: values.name, role: "admin", organisationId: opcc.id, passwordHash: await hashPassword(password), createdBy: null });
console.log(`Administrator ${values.email} created (user ${id}) in ${databasePath()}.`);
