// For the e2e specs, in the database at DATABASE_PATH (the e2e server's):
//   user <email> <name> <password>  makes a Melton CSP lead of the test's own and prints its id;
//   reset-link <email>               prints the link in the latest "Reset your password" e-mail to it.
import { and, desc, eq } from "drizzle-orm";
import { hashPassword } from "../../app/auth/password.server";
import { db } from "../../app/data/db.server";
import { createUser } from "../../app/data/users.server";
import { organisations, outbox } from "../../db/schema";

const [mode, email, name, password] = process.argv.slice(2);
if (mode === "user") {
  const melton = db().select({ id: organisations.id }).from(organisations).where(eq(organisations.code, "melton")).get()!.id;
  const id = createUser({ email, name, role: "csp_lead", organisationId: melton, passwordHash: await hashPassword(password), createdBy: null });
  process.stdout.write(`${JSON.stringify({ id })}\n`);
} else {
  const mail = db().select().from(outbox).where(and(eq(outbox.to, email), eq(outbox.subject, "Reset your password"))).orderBy(desc(outbox.id)).get();
  const link = mail ? /\/reset-password\/[A-Za-z0-9_-]+/.exec(mail.body)?.[0] ?? null : null;
  process.stdout.write(`${JSON.stringify({ link })}\n`);
}
