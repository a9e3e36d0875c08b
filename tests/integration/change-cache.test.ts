import { describe, expect, it } from "vitest";
import { untilNextChange } from "../../app/data/change-cache.server";
import { databasePath, db, openDatabase } from "../../app/data/db.server";

/** The whole-year figures are kept until the next write to the database, whoever makes it (decision record 042). */
describe("answers kept until the next change", () => {
  const counted = () => {
    let runs = 0;
    return { compute: () => ++runs, runs: () => runs };
  };

  it("works an answer out once while nothing changes, and again for another key", () => {
    const c = counted();
    expect(untilNextChange("test-once", { page: 1 }, c.compute)).toBe(1);
    expect(untilNextChange("test-once", { page: 1 }, c.compute)).toBe(1);
    expect(untilNextChange("test-once", { page: 2 }, c.compute)).toBe(2);
    expect(c.runs()).toBe(2);
  });

  it("works it out again after a write made in this process, audited or not", () => {
    const c = counted();
    untilNextChange("test-change", 1, c.compute);
    db().$client.exec("update users set name = name where id = (select min(id) from users)");
    expect(untilNextChange("test-change", 1, c.compute)).toBe(2);
  });

  it("works it out again after a write another process made (another connection to the file)", () => {
    const c = counted();
    untilNextChange("test-other", 1, c.compute);
    const other = openDatabase(databasePath());
    try {
      other.sqlite.exec("update users set name = name where id = (select min(id) from users)");
    } finally {
      other.sqlite.close();
    }
    expect(untilNextChange("test-other", 1, c.compute)).toBe(2);
  });

  it("neither keeps nor reuses an answer inside a transaction, which may be changing the figures", () => {
    const c = counted();
    untilNextChange("test-tx", 1, c.compute);
    db().transaction(() => {
      expect(untilNextChange("test-tx", 1, c.compute)).toBe(2);
      expect(untilNextChange("test-tx", 1, c.compute)).toBe(3);
    });
    expect(untilNextChange("test-tx", 1, c.compute)).toBe(1);
  });
});
