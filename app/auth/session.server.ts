import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, lt } from "drizzle-orm";
import { organisations, sessions, users } from "../../db/schema";
import { db } from "../data/db.server";
import type { Viewer } from "../domain/access-rules";
import { portalCookie } from "./cookies.server";

const SESSION_HOURS = 12;

const sessionCookie = portalCookie("portal_session", SESSION_HOURS * 3600);

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface SignedInUser extends Viewer {
  name: string;
  email: string;
  organisationName: string;
}

/** Starts a session and returns the Set-Cookie header. */
export async function startSession(userId: number): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  db()
    .insert(sessions)
    .values({
      tokenHash: hashToken(token),
      userId,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString(),
    })
    .run();
  // Old sessions go when anyone signs in, so the table does not grow without end.
  db().delete(sessions).where(lt(sessions.expiresAt, now.toISOString())).run();
  return sessionCookie().serialize(token);
}

async function tokenFrom(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

/** The signed-in, active user behind a request, or null. */
export async function currentUser(request: Request): Promise<SignedInUser | null> {
  return (await currentSession(request))?.user ?? null;
}

/**
 * The session behind a request: its user and its key (the stored hash of the cookie's token),
 * from which the session's CSRF token is worked out. The key never leaves the server.
 */
export async function currentSession(request: Request): Promise<{ user: SignedInUser; key: string } | null> {
  const token = await tokenFrom(request);
  if (!token) return null;
  const key = hashToken(token);
  const row = db()
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      active: users.active,
      organisationId: organisations.id,
      organisationKind: organisations.kind,
      organisationName: organisations.name,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(sessions.tokenHash, key), gt(sessions.expiresAt, new Date().toISOString())))
    .get();
  if (!row || !row.active) return null;
  const { active: _active, ...user } = row;
  return { user, key };
}

/** Ends the session behind a request and returns the Set-Cookie header that clears it. */
export async function endSession(request: Request): Promise<string> {
  const token = await tokenFrom(request);
  if (token) db().delete(sessions).where(eq(sessions.tokenHash, hashToken(token))).run();
  return sessionCookie().serialize("", { maxAge: 0 });
}
