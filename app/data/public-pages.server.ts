import { eq } from "drizzle-orm";
import { settings } from "../../db/schema";
import { recordAudit } from "./audit.server";
import { db } from "./db.server";

/**
 * What the OPCC says on its public pages (issue 12): the contact address for accessibility and
 * privacy questions, and the privacy notice, which the OPCC edits (`/settings/privacy`). Kept in
 * `settings`; until the OPCC writes its own, the portal's default notice is shown.
 */

const CONTACT_KEY = "contact_email";
const PRIVACY_KEY = "privacy_notice";

export const contactEmail = (): string =>
  db().select({ value: settings.value }).from(settings).where(eq(settings.key, CONTACT_KEY)).get()?.value ?? process.env.PORTAL_CONTACT_EMAIL ?? "opcc@example.org";

/** The privacy notice as the OPCC wrote it, or null for the portal's default. */
export const privacyNotice = (): string | null => db().select({ value: settings.value }).from(settings).where(eq(settings.key, PRIVACY_KEY)).get()?.value ?? null;

export type PrivacySaveResult = { kind: "saved" } | { kind: "stale" };

/** Saves the OPCC's own notice (empty: back to the default), refusing a save from a page opened before the last change. */
export function savePrivacyNotice(userId: number, expected: string, text: string, now = new Date().toISOString()): PrivacySaveResult {
  return db().transaction(
    (tx) => {
      const current = tx.select({ value: settings.value }).from(settings).where(eq(settings.key, PRIVACY_KEY)).get()?.value ?? "";
      if (current !== expected) return { kind: "stale" };
      if (text === "") tx.delete(settings).where(eq(settings.key, PRIVACY_KEY)).run();
      else tx.insert(settings).values({ key: PRIVACY_KEY, value: text }).onConflictDoUpdate({ target: settings.key, set: { value: text } }).run();
      recordAudit(tx, { userId, action: "settings.privacy_notice_changed", entityType: "setting", entityId: 0, before: { text: current }, after: { text } }, now);
      return { kind: "saved" };
    },
    { behavior: "immediate" },
  );
}
