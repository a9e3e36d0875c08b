import type Database from "better-sqlite3";
import { db } from "./db.server";

/**
 * Answers that stay right until the next write (decision record 042).
 *
 * The whole-year figures (the reconciliation, the year-end checklist, the dashboards' flags) read
 * every grant of a year: at national scale that is a hundred milliseconds and more of one core,
 * for an answer that changes only when something is written. An answer is kept with the
 * database's version at the time and given again while the version is the same.
 *
 * The version is exact, whoever writes: `PRAGMA data_version` moves when any other connection
 * (another worker, a script, a test's fixture) commits, and `total_changes()` when this one writes.
 * So a kept answer is never older than the data, at the price of being let go on writes that do
 * not touch the figures (a session seen, a sign-in).
 *
 * The key must hold everything else the answer depends on (the scope, the page, today's date).
 * Inside a transaction nothing is kept or reused: it may be changing the figures.
 */
const MAX_ENTRIES = 200;

interface Cache {
  version: string;
  answers: Map<string, unknown>;
}

// One cache per connection, so a test that opens another database never sees this one's answers.
const caches = new WeakMap<Database.Database, Cache>();

function versionOf(sqlite: Database.Database): string {
  const ours = sqlite.prepare("select total_changes() as n").get() as { n: number };
  return `${sqlite.pragma("data_version", { simple: true }) as number}:${ours.n}`;
}

/** `compute()`'s answer for `name` and `key`, worked out again only after a write to the database, by anyone. */
export function untilNextChange<T>(name: string, key: unknown, compute: () => T): T {
  const sqlite = db().$client;
  if (sqlite.inTransaction) return compute();
  const version = versionOf(sqlite);
  let cache = caches.get(sqlite);
  if (!cache || cache.version !== version) {
    cache = { version, answers: new Map() };
    caches.set(sqlite, cache);
  }
  const id = `${name}\u0000${JSON.stringify(key)}`;
  if (cache.answers.has(id)) return cache.answers.get(id) as T;
  const answer = compute();
  // The oldest answer goes first once the cache is full (a Map keeps insertion order). An answer is
  // shared by every request that gets it: callers read it and never change it.
  if (cache.answers.size >= MAX_ENTRIES) cache.answers.delete(cache.answers.keys().next().value!);
  cache.answers.set(id, answer);
  return answer;
}
