// For the e2e specs, in the database at DATABASE_PATH (the e2e server's):
//   user <email> <name> <password>  makes a Melton CSP lead of the test's own and prints its id;
//   reset-link <email>               prints the link in the latest "Reset your password" e-mail to it;
//   two-factor-user <email> <name> <password>  makes a Melton CSP lead with two-factor sign-in on
//                                    (set up a minute ago, so any code from now is new) and prints
//                                    its id and secret.
import { and, desc, eq } from "drizzle-orm";
import { generateSync } from "otplib";
import { hashPassword } from "../../app/auth/password.server";
import { db } from "../../app/data/db.server";
import { beginTwoFactor, confirmTwoFactor, twoFactorStatus } from "../../app/data/two-factor.server";
import { createUser } from "../../app/data/users.server";
import { organisations, outbox } from "../../db/schema";

const [mode, email, name, password] = process.argv.slice(2);
if (mode === "user" || mode === "two-factor-user") {
  const melton = db().select({ id: organisations.id }).from(organisations).where(eq(organisations.code, "melton")).get()!.id;
  const id = createUser({ email, name, role: "csp_lead", organisationId: melton, passwordHash: await hashPassword(password), createdBy: null });
  if (mode === "user") process.stdout.write(`${JSON.stringify({ id })}\n`);
  else {
    const before = new Date(Date.now() - 60_000);
    beginTwoFactor(id, before.toISOString());
    const secret = twoFactorStatus({ userId: id, role: "csp_lead", organisationKind: "csp" }).pendingSecret!;
    if (confirmTwoFactor(id, generateSync({ secret, epoch: Math.floor(before.getTime() / 1000) }), before.toISOString()).kind !== "on") throw new Error("two-factor sign-in did not turn on");
    process.stdout.write(`${JSON.stringify({ id, secret })}\n`);
  }
} else {
  const mail = db().select().from(outbox).where(and(eq(outbox.to, email), eq(outbox.subject, "Reset your password"))).orderBy(desc(outbox.id)).get();
  const link = mail ? /\/reset-password\/[A-Za-z0-9_-]+/.exec(mail.body)?.[0] ?? null : null;
  process.stdout.write(`${JSON.stringify({ link })}\n`);
}
