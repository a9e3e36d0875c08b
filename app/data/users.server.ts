import { eq, sql } from "drizzle-orm";
import { organisations, signInThrottle, users, type Role } from "../../db/schema";
import type { ThrottleState } from "../domain/sign-in-throttle";
import { recordAudit } from "./audit.server";
import { db } from "./db.server";

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function findUserByEmail(email: string) {
  return db().select().from(users).where(eq(users.email, normaliseEmail(email))).get();
}

export function createUser(input: {
  email: string;
  name: string;
  role: Role;
  organisationId: number;
  passwordHash: string;
  createdBy: number | null;
}) {
  return db().transaction((tx) => {
    const now = new Date().toISOString();
    const user = tx
      .insert(users)
      .values({ ...input, email: normaliseEmail(input.email), createdAt: now, active: true })
      .returning({ id: users.id })
      .get();
    recordAudit(tx, {
      userId: input.createdBy,
      action: "user.created",
      entityType: "user",
      entityId: user.id,
      after: { email: normaliseEmail(input.email), name: input.name, role: input.role, organisationId: input.organisationId },
    }, now);
    return user.id;
  });
}

export function readThrottle(email: string): ThrottleState | undefined {
  return db().select().from(signInThrottle).where(eq(signInThrottle.email, normaliseEmail(email))).get();
}

export function writeThrottle(email: string, state: ThrottleState) {
  db()
    .insert(signInThrottle)
    .values({ email: normaliseEmail(email), ...state })
    .onConflictDoUpdate({ target: signInThrottle.email, set: state })
    .run();
}

export function clearThrottle(email: string) {
  db().delete(signInThrottle).where(eq(signInThrottle.email, normaliseEmail(email))).run();
}

