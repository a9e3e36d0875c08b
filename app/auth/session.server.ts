import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, lt, sql } from "drizzle-orm";
import { organisations, sessions, users } from "../../db/schema";
import { db, type Db } from "../data/db.server";
import type { Viewer } from "../domain/access-rules";
import { requestContext, type RequestContext } from "../request-context.server";
import { portalCookie } from "./cookies.server";

/**
 * A session ends SESSION_MAX_HOURS after sign-in whatever happens (12 by default), and after
 * SESSION_IDLE_MINUTES without a request (60 by default). Both are read once, at start.
 */
const hoursSetting = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
export const SESSION_MAX_HOURS = hoursSetting("SESSION_MAX_HOURS", 12);
export const SESSION_IDLE_MINUTES = hoursSetting("SESSION_IDLE_MINUTES", 60);
/** A session's last use is written at most this often, so a page view is not a write every time. */
const SEEN_EVERY_MS = 60_000;

const sessionCookie = portalCookie("portal_session", Math.round(SESSION_MAX_HOURS * 3600));

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
      expiresAt: new Date(now.getTime() + SESSION_MAX_HOURS * 3600_000).toISOString(),
      lastSeenAt: now.toISOString(),
    })
    .run();
  db().update(users).set({ lastSignedInAt: now.toISOString() }).where(eq(users.id, userId)).run();
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
export function currentSession(request: Request): Promise<{ user: SignedInUser; key: string } | null> {
  // A page asks at least twice (the layout's loader and the page's), each with a copy of the request
  // Remix makes: one lookup for the HTTP request (server/request-log.ts opens its context). Only for
  // a read: an action may change the user or end the session before the loaders run.
  const served = requestContext.getStore();
  if (!served || (request.method !== "GET" && request.method !== "HEAD")) return lookUpSession(request);
  const cookie = request.headers.get("Cookie") ?? "";
  const known = sessionsOfRequests.get(served);
  if (known && known.cookie === cookie) return known.session;
  const session = lookUpSession(request);
  sessionsOfRequests.set(served, { cookie, session });
  return session;
}

const sessionsOfRequests = new WeakMap<RequestContext, { cookie: string; session: Promise<{ user: SignedInUser; key: string } | null> }>();

async function lookUpSession(request: Request): Promise<{ user: SignedInUser; key: string } | null> {
  const token = await tokenFrom(request);
  if (!token) return null;
  const key = hashToken(token);
  const now = new Date();
  const idleSince = new Date(now.getTime() - SESSION_IDLE_MINUTES * 60_000).toISOString();
  const row = sessionLookup(db()).get({ key, now: now.toISOString(), idleSince });
  if (!row || !row.active) return null;
  const { active: _active, sessionId, lastSeenAt, ...user } = row;
  if (now.getTime() - Date.parse(lastSeenAt) > SEEN_EVERY_MS) db().update(sessions).set({ lastSeenAt: now.toISOString() }).where(eq(sessions.id, sessionId)).run();
  return { user, key };
}

/**
 * The lookup every page makes, built and prepared once per connection rather than on each request
 * (it was the largest piece of a simple page's own work).
 */
const lookups = new WeakMap<Db, ReturnType<typeof prepareSessionLookup>>();
function sessionLookup(database: Db) {
  let lookup = lookups.get(database);
  if (!lookup) lookups.set(database, (lookup = prepareSessionLookup(database)));
  return lookup;
}

function prepareSessionLookup(database: Db) {
  const lastSeen = sql<string>`coalesce(${sessions.lastSeenAt}, ${sessions.createdAt})`;
  return database
    .select({
      sessionId: sessions.id,
      lastSeenAt: lastSeen,
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
    .where(and(eq(sessions.tokenHash, sql.placeholder("key")), gt(sessions.expiresAt, sql.placeholder("now")), sql`${lastSeen} > ${sql.placeholder("idleSince")}`))
    .prepare();
}

/** Ends the session behind a request and returns the Set-Cookie header that clears it. */
export async function endSession(request: Request): Promise<string> {
  const token = await tokenFrom(request);
  if (token) db().delete(sessions).where(eq(sessions.tokenHash, hashToken(token))).run();
  return sessionCookie().serialize("", { maxAge: 0 });
}

/**
 * Ends every session of a user (a changed or reset password, a deactivated account), or every one
 * but the session whose key is `keep` (the browser that changed the password stays signed in).
 */
export function endSessionsOf(userId: number, tx: Pick<ReturnType<typeof db>, "delete"> = db(), keep?: string) {
  tx.delete(sessions)
    .where(keep ? and(eq(sessions.userId, userId), sql`${sessions.tokenHash} <> ${keep}`) : eq(sessions.userId, userId))
    .run();
}
