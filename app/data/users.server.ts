import { eq, lte, sql } from "drizzle-orm";
import { signInAttempts, users, type Role } from "../../db/schema";
import {
  KEEP_MINUTES,
  KNOWN_CLIENT_MINUTES,
  LIMIT_NAMES,
  LIMITS,
  windowStart,
  type Limit,
  type Standing,
  type Tally,
} from "../domain/sign-in-throttle";
import { recordAudit } from "./audit.server";
import { db, type DbOrTx } from "./db.server";

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

/*
 * Sign-in attempts (decision record 011). `account` is the normalised address as typed, known or
 * not; `client` is the client's key (clientKey in app/domain/sign-in-throttle.ts). Every query
 * below reads one account's or one client's rows of the last day through an index, and counts in
 * SQL.
 */

/**
 * A failure counts for a limit unless the same account signed in successfully from the same
 * client after it. `f` is the failure.
 */
const notForgiven = sql`not exists (
  select 1 from sign_in_attempts s
  where s.account = f.account and s.client = f.client and s.succeeded = 1 and s.at >= f.at and s.id > f.id
)`;

function tally(tx: DbOrTx, limit: Limit, account: string, client: string, now: Date): Tally {
  const scope =
    limit.counts === "pair"
      ? sql`f.account = ${account} and f.client = ${client}`
      : limit.counts === "client"
        ? sql`f.client = ${client}`
        : sql`f.account = ${account}`;
  const since = windowStart(limit.minutes, now).toISOString();
  const row = tx.get<{ failures: number; nthLatestAt: string | null }>(sql`
    with counted as (
      select f.at from sign_in_attempts f
      where ${scope} and f.at > ${since} and f.succeeded = 0 and ${notForgiven}
    )
    select
      (select count(*) from counted) as failures,
      (select at from counted order by at desc limit 1 offset ${limit.failures - 1}) as nthLatestAt`);
  return { failures: row.failures, nthLatestAt: row.nthLatestAt ?? null };
}

/** What every throttle limit has counted against this account at this client, as at `now`. */
export function signInStanding(account: string, client: string, now: Date, tx: DbOrTx = db()): Standing {
  const tallies = Object.fromEntries(LIMIT_NAMES.map((name) => [name, tally(tx, LIMITS[name], account, client, now)])) as Standing["tallies"];
  const known = tx.get<{ known: number }>(sql`
    select exists (
      select 1 from sign_in_attempts
      where account = ${account} and client = ${client} and at > ${windowStart(KNOWN_CLIENT_MINUTES, now).toISOString()} and succeeded = 1
    ) as known`);
  return { tallies, knownClient: known.known === 1 };
}

/**
 * Starts an attempt in one write transaction, so that requests arriving together cannot all slip
 * under a limit: reads the standing, and unless `refuse` returns a refusal, records the attempt
 * as a failure (until markSignInSucceeded says otherwise) and deletes attempts more than a day old.
 */
export function startSignInAttempt<R>(
  account: string,
  client: string,
  now: Date,
  refuse: (standing: Standing) => R | null,
): { refused: R } | { refused: null; attemptId: number } {
  return db().transaction(
    (tx) => {
      const refused = refuse(signInStanding(account, client, now, tx));
      if (refused) return { refused };
      tx.delete(signInAttempts).where(lte(signInAttempts.at, windowStart(KEEP_MINUTES, now).toISOString())).run();
      const row = tx
        .insert(signInAttempts)
        .values({ at: now.toISOString(), account, client, succeeded: false })
        .returning({ id: signInAttempts.id })
        .get();
      return { refused: null, attemptId: row.id };
    },
    { behavior: "immediate" },
  );
}

export function markSignInSucceeded(attemptId: number) {
  db().update(signInAttempts).set({ succeeded: true }).where(eq(signInAttempts.id, attemptId)).run();
}
