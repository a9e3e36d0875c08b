import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { keepPreparedStatements, openDatabase } from "./db.server";

const dirs: string[] = [];
const tempFile = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-db-"));
  dirs.push(dir);
  return path.join(dir, "portal.db");
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("a connection's prepared statements", () => {
  it("are prepared once for the same text", () => {
    const sqlite = new Database(":memory:");
    keepPreparedStatements(sqlite);
    expect(sqlite.prepare("select 1 as n")).toBe(sqlite.prepare("select 1 as n"));
  });
  it("answer rows as objects again after drizzle read them raw", () => {
    const sqlite = new Database(":memory:");
    keepPreparedStatements(sqlite);
    expect(sqlite.prepare("select 1 as n").raw().get()).toEqual([1]);
    expect(sqlite.prepare("select 1 as n").pluck().get()).toBe(1);
    expect(sqlite.prepare("select 1 as n").get()).toEqual({ n: 1 });
  });
  it("are not shared while one is still being read", () => {
    const sqlite = new Database(":memory:");
    keepPreparedStatements(sqlite);
    sqlite.exec("create table t (n integer); insert into t values (1), (2)");
    const source = "select n from t order by n";
    const outer = sqlite.prepare(source).iterate() as IterableIterator<{ n: number }>;
    expect(outer.next().value).toEqual({ n: 1 });
    expect(sqlite.prepare(source).all()).toEqual([{ n: 1 }, { n: 2 }]);
    expect(outer.next().value).toEqual({ n: 2 });
    outer.return?.();
  });
  it("keep at most the limit, letting the oldest go", () => {
    const sqlite = new Database(":memory:");
    keepPreparedStatements(sqlite, 2);
    const first = sqlite.prepare("select 1");
    sqlite.prepare("select 2");
    sqlite.prepare("select 3");
    expect(sqlite.prepare("select 1")).not.toBe(first);
  });
});

describe("a write transaction", () => {
  it("takes the write lock when it begins, so another process waits rather than failing part-way", () => {
    const file = tempFile();
    const { db, sqlite } = openDatabase(file);
    const other = new Database(file);
    other.pragma("busy_timeout = 0");
    try {
      db.transaction(() => {
        // Nothing written yet: a deferred transaction would not hold the lock here.
        expect(() => other.exec("begin immediate")).toThrow(/locked|busy/i);
      });
      // An explicitly deferred one (a read) does not.
      db.transaction(
        () => {
          other.exec("begin immediate");
          other.exec("rollback");
        },
        { behavior: "deferred" },
      );
    } finally {
      other.close();
      sqlite.close();
    }
  });
});
