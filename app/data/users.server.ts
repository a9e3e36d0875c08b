import { and, eq, lte, sql } from "drizzle-orm";
import { signInAttempts, users, type Role } from "../../db/schema";
import {
  KEEP_FAILURES_MINUTES,
  KEEP_SUCCESSES_MINUTES,
  KNOWN_CLIENT_MINUTES,
  KNOWN_DEVICE_MINUTES,
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
 * not; `client` is the client's key (clientKey in app/domain/sign-in-throttle.ts); `device` the
 * hash of the device cookie's id (app/auth/device.server.ts), or null. Every query below reads one
 * account's or one client's rows through an index, and counts in SQL.
 */

/**
 * A failure counts for a limit unless the same account signed in successfully from the same
 * client (for the device limits: on the same device) after it. `f` is the failure.
 */
const notForgiven = sql`not exists (
  select 1 from sign_in_attempts s
  where s.account = f.account and s.client = f.client and s.succeeded = 1 and s.at >= f.at and s.id > f.id
)`;
const notForgivenOnDevice = sql`not exists (
  select 1 from sign_in_attempts s
  where s.account = f.account and s.device = f.device and s.succeeded = 1 and s.at >= f.at and s.id > f.id
)`;

/**
 * The failure was made on a device known to its account at the time: one the account had signed
 * in with in the 90 days before. Such a failure counts only against the device limits, as it was
 * held only to them. The same test, at that time, as `knownDevice` in signInStanding.
 */
const onKnownDevice = sql`(f.device is not null and exists (
  select 1 from sign_in_attempts s
  where s.account = f.account and s.device = f.device and s.succeeded = 1 and s.id < f.id
    and s.at <= f.at and s.at > strftime('%Y-%m-%dT%H:%M:%fZ', f.at, ${`-${KNOWN_DEVICE_MINUTES} minutes`})
))`;

const none: Tally = { failures: 0, nthLatestAt: null };

function tally(tx: DbOrTx, limit: Limit, account: string, client: string, device: string | null, now: Date): Tally {
  if (limit.counts === "device" && device === null) return none;
  const scope =
    limit.counts === "device"
      ? sql`f.account = ${account} and f.device = ${device} and ${notForgivenOnDevice}`
      : sql`${
          limit.counts === "pair"
            ? sql`f.account = ${account} and f.client = ${client}`
            : limit.counts === "client"
              ? sql`f.client = ${client}`
              : sql`f.account = ${account}`
        } and ${notForgiven} and not ${onKnownDevice}`;
  const since = windowStart(limit.minutes, now).toISOString();
  const row = tx.get<{ failures: number; nthLatestAt: string | null }>(sql`
    with counted as (
      select f.at from sign_in_attempts f
      where ${scope} and f.at > ${since} and f.succeeded = 0
    )
    select
      (select count(*) from counted) as failures,
      (select at from counted order by at desc limit 1 offset ${limit.failures - 1}) as nthLatestAt`);
  return { failures: row.failures, nthLatestAt: row.nthLatestAt ?? null };
}

/**
 * What every throttle limit has counted against this account at this client (and on this device,
 * the hash of its cookie's id, if the attempt carries one), as at `now`.
 */
export function signInStanding(account: string, client: string, now: Date, device: string | null = null, tx: DbOrTx = db()): Standing {
  const tallies = Object.fromEntries(
    LIMIT_NAMES.map((name) => [name, tally(tx, LIMITS[name], account, client, device, now)]),
  ) as Standing["tallies"];
  const known = tx.get<{ client: number; device: number }>(sql`
    select
      exists (
        select 1 from sign_in_attempts
        where account = ${account} and client = ${client} and at > ${windowStart(KNOWN_CLIENT_MINUTES, now).toISOString()} and succeeded = 1
      ) as client,
      exists (
        select 1 from sign_in_attempts
        where account = ${account} and device = ${device} and at > ${windowStart(KNOWN_DEVICE_MINUTES, now).toISOString()} and succeeded = 1
      ) as device`);
  return { tallies, knownClient: known.client === 1, knownDevice: known.device === 1 };
}

/**
 * Starts an attempt in one write transaction, so that requests arriving together cannot all slip
 * under a limit: reads the standing, and unless `refuse` returns a refusal, records the attempt
 * as a failure (until markSignInSucceeded says otherwise) and deletes failures more than a day
 * old and successes more than 91 days old (each a range of one index).
 */
export function startSignInAttempt<R>(
  account: string,
  client: string,
  device: string | null,
  now: Date,
  refuse: (standing: Standing) => R | null,
): { refused: R } | { refused: null; attemptId: number } {
  return db().transaction(
    (tx) => {
      const refused = refuse(signInStanding(account, client, now, device, tx));
      if (refused) return { refused };
      for (const [succeeded, keepMinutes] of [[false, KEEP_FAILURES_MINUTES], [true, KEEP_SUCCESSES_MINUTES]] as const) {
        const before = windowStart(keepMinutes, now).toISOString();
        tx.delete(signInAttempts).where(and(eq(signInAttempts.succeeded, succeeded), lte(signInAttempts.at, before))).run();
      }
      const row = tx
        .insert(signInAttempts)
        .values({ at: now.toISOString(), account, client, device, succeeded: false })
        .returning({ id: signInAttempts.id })
        .get();
      return { refused: null, attemptId: row.id };
    },
    { behavior: "immediate" },
  );
}

/** Marks an attempt as succeeded, with the device (its cookie's id hashed) it was signed in on. */
export function markSignInSucceeded(attemptId: number, device: string) {
  db().update(signInAttempts).set({ succeeded: true, device }).where(eq(signInAttempts.id, attemptId)).run();
}

/**
 * Takes back an attempt whose password was right for a user with two-factor on (decision record
 * 035): it is neither a failure nor a success; each code then tried is an attempt of its own.
 */
export function withdrawSignInAttempt(attemptId: number) {
  db().delete(signInAttempts).where(eq(signInAttempts.id, attemptId)).run();
}
