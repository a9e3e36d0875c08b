import { createHash } from "node:crypto";
import { inArray, sql } from "drizzle-orm";
import { settings } from "../../db/schema";
import { decisionMakerDefault } from "../domain/partnerships";
import { recordAudit } from "./audit.server";
import { db, type Db } from "./db.server";
import { contactEmail } from "./public-pages.server";
import { THREESIXTY_SETTING_KEYS, threeSixtyConfig } from "./threesixty.server";

/**
 * The OPCC itself (issue 12, `/settings/opcc`): how the portal names the OPCC and its PCC in the
 * header, e-mails, decisions and PDFs, and the address and contact offer letters give. Rows of
 * `settings`; until the OPCC sets its own, the defaults are the demo's (Leicestershire), so
 * nothing changes for an installation that has not been set up. Decision record 032.
 *
 * The header reads the names on every page, so they are kept in memory: read once per database
 * connection, read again after a save here or when another connection (a restore, a script) has
 * written to the database (SQLite's `data_version`).
 */

export const OPCC_SETTING_KEYS = {
  name: "opcc_name",
  officeName: "opcc_office_name",
  pccTitle: "pcc_title",
  pccName: "pcc_name",
  offerAddress: "offer_address",
  offerContact: "offer_contact",
} as const;

export type OpccNames = { [K in keyof typeof OPCC_SETTING_KEYS]: string };

export const OPCC_DEFAULTS: OpccNames = {
  name: "Leicestershire Police and Crime Commissioner",
  officeName: "Office of the Police and Crime Commissioner for Leicestershire",
  pccTitle: "Police and Crime Commissioner for Leicestershire",
  pccName: "",
  offerAddress: "",
  offerContact: "",
};

const cache = new WeakMap<Db, { dataVersion: number; names: OpccNames }>();

const dataVersion = (database: Db) => Number(database.$client.pragma("data_version", { simple: true }));

function readNames(database: Db): OpccNames {
  const rows = database
    .select({ key: settings.key, value: settings.value })
    .from(settings)
    .where(inArray(settings.key, Object.values(OPCC_SETTING_KEYS)))
    .all();
  const stored = new Map(rows.map((r) => [r.key, r.value]));
  const names = { ...OPCC_DEFAULTS };
  for (const [field, key] of Object.entries(OPCC_SETTING_KEYS) as [keyof OpccNames, string][]) {
    const value = stored.get(key);
    if (value !== undefined) names[field] = value;
  }
  return names;
}

/** The OPCC's names, address and offer contact (cached; see above). */
export function opccNames(): OpccNames {
  const database = db();
  const version = dataVersion(database);
  const cached = cache.get(database);
  if (cached && cached.dataVersion === version) return cached.names;
  const names = readNames(database);
  cache.set(database, { dataVersion: version, names });
  return names;
}

/** Who a new decision (on a bid or a variation) names as its decision maker. */
export const defaultDecisionMaker = () => {
  const { pccName, pccTitle } = opccNames();
  return decisionMakerDefault(pccName, pccTitle);
};

/** What a PDF prints of the OPCC (app/pdf/layout.tsx PdfOpcc): plain data for the workers. */
export const pdfOpcc = () => {
  const { officeName, pccTitle, offerAddress, offerContact } = opccNames();
  return { officeName, pccTitle, offerAddress, offerContact };
};

/** The name the header and footer show. */
export const opccName = () => opccNames().name;

/** Everything the settings page shows and saves: the names, the public contact address, the 360Giving publisher. */
export type OpccSettings = OpccNames & { contactEmail: string; threesixtyPrefix: string; threesixtyFunderId: string; threesixtyFunderName: string };

export function opccSettings(): OpccSettings {
  const threesixty = threeSixtyConfig();
  return {
    ...readNames(db()),
    contactEmail: contactEmail(),
    threesixtyPrefix: threesixty.prefix,
    threesixtyFunderId: threesixty.funderId,
    threesixtyFunderName: threesixty.funderName,
  };
}

const SETTING_KEY: Record<keyof OpccSettings, string> = {
  ...OPCC_SETTING_KEYS,
  contactEmail: "contact_email",
  threesixtyPrefix: THREESIXTY_SETTING_KEYS.prefix,
  threesixtyFunderId: THREESIXTY_SETTING_KEYS.funderId,
  threesixtyFunderName: THREESIXTY_SETTING_KEYS.funderName,
};

/** What the page showed, in one hidden field: a save from an older copy is refused. */
export const opccSettingsFingerprint = (s: OpccSettings) =>
  createHash("sha256")
    .update(JSON.stringify(Object.keys(SETTING_KEY).sort().map((k) => s[k as keyof OpccSettings])))
    .digest("base64url");

export type OpccSaveResult = { kind: "saved"; changed: (keyof OpccSettings)[] } | { kind: "stale" };

/**
 * Saves the OPCC's settings, audited with what changed, if nothing has changed since the page
 * showed them (`expected`, opccSettingsFingerprint). Every field is stored, so the OPCC's own
 * values stay put if the defaults or the environment change.
 */
export function saveOpccSettings(userId: number, expected: string, input: OpccSettings, now = new Date().toISOString()): OpccSaveResult {
  const result = db().transaction(
    (tx): OpccSaveResult => {
      const current = opccSettings();
      if (opccSettingsFingerprint(current) !== expected) return { kind: "stale" };
      const changed = (Object.keys(SETTING_KEY) as (keyof OpccSettings)[]).filter((k) => current[k] !== input[k]);
      if (changed.length === 0) return { kind: "saved", changed };
      for (const field of Object.keys(SETTING_KEY) as (keyof OpccSettings)[]) {
        const key = SETTING_KEY[field];
        tx.insert(settings).values({ key, value: input[field] }).onConflictDoUpdate({ target: settings.key, set: { value: input[field] } }).run();
      }
      recordAudit(
        tx,
        {
          userId,
          action: "settings.opcc_changed",
          entityType: "setting",
          entityId: 0,
          before: Object.fromEntries(changed.map((k) => [k, current[k]])),
          after: Object.fromEntries(changed.map((k) => [k, input[k]])),
        },
        now,
      );
      return { kind: "saved", changed };
    },
    { behavior: "immediate" },
  );
  cache.delete(db());
  return result;
}

/** How many settings rows the OPCC has set (the settings overview says whether it is set up). */
export const opccIsSetUp = () =>
  db().get<{ n: number }>(sql`select count(*) as n from settings where key in (${sql.join(Object.values(OPCC_SETTING_KEYS).map((k) => sql`${k}`), sql`, `)})`).n > 0;
