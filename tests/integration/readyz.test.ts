import { describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import * as readyz from "../../app/routes/readyz";

/** /readyz: ready only when every migration the build ships has been applied. */
describe("/readyz", () => {
  it("answers 200 once every migration is applied", async () => {
    const res = (await readyz.loader()) as Response;
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^ready: \d+ migrations applied$/);
  });

  it("answers 503 while a migration is missing, saying how many are applied", async () => {
    const sqlite = db().$client;
    sqlite.exec("begin immediate");
    try {
      sqlite.exec("delete from __drizzle_migrations where created_at = (select max(created_at) from __drizzle_migrations)");
      const res = (await readyz.loader()) as Response;
      expect(res.status).toBe(503);
      expect(await res.text()).toMatch(/^not ready: (\d+) of \d+ migrations applied$/);
    } finally {
      sqlite.exec("rollback");
    }
  });
});
