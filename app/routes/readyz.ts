import { sql } from "drizzle-orm";
import journal from "../../db/migrations/meta/_journal.json";
import { db } from "../data/db.server";

/**
 * /readyz: 200 when the database answers and every migration this build ships has been applied
 * (a load balancer sends no one to a portal still migrating, or to one started on an older
 * database by hand); 503 with the reason otherwise. /healthz says only that the process answers.
 * No access check: it reveals only counts.
 */
export async function loader() {
  const headers = { "Content-Type": "text/plain", "Cache-Control": "no-store" };
  const shipped = journal.entries.length;
  const last = Math.max(...journal.entries.map((e) => e.when));
  try {
    const applied = db().get<{ n: number; last: number | null }>(sql`select count(*) as n, max(created_at) as last from __drizzle_migrations`);
    if (!applied || applied.n < shipped || Number(applied.last) < last) {
      return new Response(`not ready: ${applied?.n ?? 0} of ${shipped} migrations applied`, { status: 503, headers });
    }
    return new Response(`ready: ${shipped} migrations applied`, { status: 200, headers });
  } catch {
    return new Response("not ready: the database is unavailable or has no migrations", { status: 503, headers });
  }
}
