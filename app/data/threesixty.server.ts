import { inArray, sql } from "drizzle-orm";
import { settings } from "../../db/schema";
import { stringify } from "csv-stringify/sync";
import { QUALITY_PROBLEM_LABELS, applyQualityChecks, type QualityResult } from "../domain/threesixty-quality";
import {
  THREESIXTY_CSV_COLUMNS,
  flattenGrant,
  threeSixtyPackage,
  toThreeSixtyGrant,
  type PublishedGrantFacts,
  type ThreeSixtyConfig,
  type ThreeSixtyGrant,
} from "../domain/threesixty";
import { publicDecisionPath } from "../domain/transparency";
import { ukDate } from "../domain/round-window";
import { OPCC_NAME } from "../components/document-title";
import { db } from "./db.server";
import { decisionGrantedSql, requestedSql } from "./money-sql.server";
import { portalUrl } from "./notifications.server";
import { PUBLISHED_GRANTS_FROM, publishedGrantsWhere } from "./transparency.server";

/**
 * The published grants (app/data/transparency.server.ts) as 360Giving data: the configuration
 * (settings, with defaults from the environment), each grant's facts in one query, and the
 * quality checks. Decision record 027.
 */

export const THREESIXTY_SETTING_KEYS = { prefix: "threesixty_prefix", funderId: "threesixty_funder_id", funderName: "threesixty_funder_name" } as const;

/**
 * The publisher's 360Giving prefix, funder id and funder name: the `settings` rows
 * threesixty_prefix, threesixty_funder_id and threesixty_funder_name (issue 12's admin screen),
 * else PORTAL_360_PREFIX, PORTAL_360_FUNDER_ID and PORTAL_360_FUNDER_NAME, else the demo's own.
 */
export function threeSixtyConfig(): ThreeSixtyConfig {
  const rows = db()
    .select({ key: settings.key, value: settings.value })
    .from(settings)
    .where(inArray(settings.key, Object.values(THREESIXTY_SETTING_KEYS)))
    .all();
  const stored = new Map(rows.map((r) => [r.key, r.value.trim()]));
  const pick = (key: string, env: string | undefined, fallback: string) => stored.get(key) || env?.trim() || fallback;
  return {
    prefix: pick(THREESIXTY_SETTING_KEYS.prefix, process.env.PORTAL_360_PREFIX, "lpcc"),
    funderId: pick(THREESIXTY_SETTING_KEYS.funderId, process.env.PORTAL_360_FUNDER_ID, "360G-lpcc-funder"),
    funderName: pick(THREESIXTY_SETTING_KEYS.funderName, process.env.PORTAL_360_FUNDER_NAME, OPCC_NAME),
  };
}

type FactsRow = Omit<PublishedGrantFacts, "url">;

/**
 * Every published grant's facts, oldest decision first. What has been paid is summed through
 * payments_grant_idx; the latest change is the decision's recording, a payment, or an approved
 * variation (grant_variations_grant_idx).
 */
export function publishedGrantFacts(): PublishedGrantFacts[] {
  const rows = db().all<FactsRow>(sql`
    select d.reference, d.decided_on as decidedOn, b.title, b.summary,
           ${requestedSql(sql`b.id`)} as requestedPence,
           ${decisionGrantedSql(sql`d.id`, sql`b.id`)} as grantedPence,
           (select coalesce(sum(p.amount_pence), 0) from payments p where p.grant_id = g.id) as paidPence,
           b.start_date as startDate, coalesce(g.extended_to, b.end_date) as endDate,
           fs.code as streamCode, fs.name as streamName,
           o.name as cspName, o.accountable_council as accountableCouncil, o.council_org_id as councilOrgId, o.council_gss_code as councilGssCode,
           max(d.recorded_at,
               coalesce((select max(p.recorded_at) from payments p where p.grant_id = g.id), ''),
               coalesce((select max(v.decided_at) from grant_variations v where v.grant_id = g.id and v.status = 'approved'), '')) as dateModified
      ${PUBLISHED_GRANTS_FROM}
     where ${publishedGrantsWhere({})}
     order by d.financial_year_id, d.sequence`);
  return rows.map((row) => ({ ...row, url: portalUrl(publicDecisionPath(row.reference)) }));
}

/** The published grants as 360Giving records, with the quality checks applied (`today`: the UK date). */
export function threeSixtyGrants(today: string): QualityResult & { config: ThreeSixtyConfig } {
  const config = threeSixtyConfig();
  const grants: ThreeSixtyGrant[] = [];
  for (const facts of publishedGrantFacts()) grants.push(toThreeSixtyGrant(facts, config));
  return { ...applyQualityChecks(grants, { today, funderId: config.funderId }), config };
}

/** The UK date now, yyyy-MM-dd (award dates are compared with it). */
const ukToday = () => ukDate(new Date());

/** What the files say about grants left out by the quality checks. */
export function leftOutNote(leftOut: QualityResult["leftOut"]): string {
  if (leftOut.length === 0) return "";
  const counts = new Map<string, number>();
  for (const g of leftOut) for (const p of g.problems) counts.set(p, (counts.get(p) ?? 0) + 1);
  const why = [...counts].map(([p, n]) => `${QUALITY_PROBLEM_LABELS[p as keyof typeof QUALITY_PROBLEM_LABELS]} (${n})`).join("; ");
  return ` ${leftOut.length === 1 ? "1 grant is" : `${leftOut.length} grants are`} left out until corrected at source: ${why}.`;
}

/** The 360Giving data package of the published grants, and the headers to serve it with. */
export function threeSixtyFile(today = ukToday(), now = new Date().toISOString()) {
  const { published, leftOut, config } = threeSixtyGrants(today);
  return {
    leftOut,
    package: {
      ...threeSixtyPackage(published, {
        title: `${config.funderName}: crime and disorder reduction grants`,
        publisherName: config.funderName,
        publisherId: config.funderId,
        downloadUrl: portalUrl("/exports/360giving.json"),
        accessUrl: portalUrl("/transparency"),
      }),
      description: `Every crime and disorder reduction grant the Police and Crime Commissioner has made and published, as on /transparency.${leftOutNote(leftOut)}`,
      modified: now,
    },
  };
}

/** The same grants as 360Giving's flattened CSV: a byte-order mark, the template's column titles, formula-like cells escaped. */
export function threeSixtyCsv(today = ukToday()) {
  const { published, leftOut } = threeSixtyGrants(today);
  const csv = stringify([[...THREESIXTY_CSV_COLUMNS], ...published.map(flattenGrant)], { bom: true, escape_formulas: true, record_delimiter: "\r\n" });
  return { csv, leftOut };
}
