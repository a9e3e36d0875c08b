import path from "node:path";
import { RestoreError, restoreBackup } from "../db/backup";

/**
 * `npm run restore -- FILE`: puts a backup made by `npm run backup` back, into a stopped portal.
 * The database and evidence folder it replaces are kept beside them ("….before-restore-…").
 */
const file = process.argv[2];
if (!file) {
  console.error("Say which backup to restore: npm run restore -- data/backups/portal-YYYYMMDD-HHMMSS.backup.db");
  process.exit(1);
}
const databasePath = path.resolve(process.env.DATABASE_PATH ?? path.join("data", "portal.db"));
const evidenceDir = path.resolve(process.env.EVIDENCE_PATH ?? path.join(path.dirname(databasePath), "evidence"));
try {
  const result = restoreBackup({ file: path.resolve(file), databasePath, evidenceDir });
  console.log(`Restored ${file} into ${databasePath}, with ${result.evidenceFiles} evidence file(s) in ${evidenceDir}. The integrity check is ok.`);
  if (result.keptDatabase) console.log(`The database it replaced is kept at ${result.keptDatabase}.`);
  if (result.keptEvidence) console.log(`The evidence folder it replaced is kept at ${result.keptEvidence}.`);
  console.log("Start the portal again with npm start: migrations newer than the backup are applied then.");
} catch (error) {
  console.error(error instanceof RestoreError ? error.message : `The restore failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
