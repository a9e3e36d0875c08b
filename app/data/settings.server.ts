import { asc, sql } from "drizzle-orm";
import { fundingStreams } from "../../db/schema";
import { db } from "./db.server";
import { referenceFormat } from "./decisions.server";

/** What the settings page summarises: the reference format, the conditions, each stream's rubric. */
export function settingsOverview() {
  const conditions = db().get<{ live: number; retired: number }>(sql`
    select count(*) filter (where retired_at is null) as live, count(*) filter (where retired_at is not null) as retired from standard_conditions`);
  const streams = db()
    .select({ id: fundingStreams.id, name: fundingStreams.name, custom: sql<number>`${fundingStreams.rubric} is not null` })
    .from(fundingStreams)
    .orderBy(asc(fundingStreams.name))
    .all();
  return { referenceFormat: referenceFormat(), conditions, streams: streams.map((s) => ({ ...s, custom: Boolean(s.custom) })) };
}
