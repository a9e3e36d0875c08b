import { sql } from "drizzle-orm";
import { db } from "../data/db.server";

/** 200 when the database answers; 503 otherwise. No access check: it reveals nothing. */
export async function loader() {
  try {
    db().get(sql`select 1 as ok`);
    return new Response("ok", { status: 200, headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
  } catch {
    return new Response("database unavailable", { status: 503, headers: { "Content-Type": "text/plain" } });
  }
}
