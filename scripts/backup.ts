import path from "node:path";
import { backupDatabase } from "../db/backup";

/**
 * `npm run backup`: an online backup of the portal (database and evidence files) to a dated file
 * in BACKUP_DIR (default: `backups` beside the database), keeping the newest BACKUP_KEEP (14).
 * Safe while the portal runs. Decision record 030.
 */
const databasePath = path.resolve(process.env.DATABASE_PATH ?? path.join("data", "portal.db"));
const evidenceDir = path.resolve(process.env.EVIDENCE_PATH ?? path.join(path.dirname(databasePath), "evidence"));
const backupDir = path.resolve(process.env.BACKUP_DIR ?? path.join(path.dirname(databasePath), "backups"));
const keep = Number(process.env.BACKUP_KEEP ?? "14");
if (!Number.isInteger(keep) || keep < 1) {
  console.error("BACKUP_KEEP must be a whole number, 1 or more.");
  process.exit(1);
}
try {
  const result = await backupDatabase({ databasePath, evidenceDir, backupDir, keep });
  console.log(`Backed up ${databasePath} and ${result.evidenceFiles} evidence file(s) to ${result.file} (${(result.bytes / 1024 / 1024).toFixed(1)} MB).`);
  for (const old of result.deleted) console.log(`Deleted the older backup ${old}.`);
} catch (error) {
  console.error(`The backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
