import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/**
 * Backing up and restoring the portal (issue 12): one dated file holds everything. The database
 * is copied with SQLite's online backup API, so the portal keeps running; the evidence files are
 * then added to the copy, as blobs in a table only backups have (`backup_evidence`). A restore
 * checks the file, puts the database and the evidence files back, and keeps what it replaces
 * beside them. Decision record 030.
 */

export const BACKUP_TABLE = "backup_evidence";
const NAME = /^portal-(\d{8}-\d{6})\.backup\.db$/;

export interface BackupOptions {
  databasePath: string;
  evidenceDir: string;
  backupDir: string;
  /** How many backups to keep, newest first; older ones are deleted. */
  keep: number;
  now?: Date;
}

export interface BackupResult {
  file: string;
  evidenceFiles: number;
  bytes: number;
  deleted: string[];
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);

/** Every evidence file under `dir`, as paths relative to it (the upload folder's half-received files left out). */
function evidenceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== ".incoming") walk(child);
      } else if (entry.isFile()) found.push(child);
    }
  };
  walk("");
  return found.sort();
}

export async function backupDatabase(o: BackupOptions): Promise<BackupResult> {
  const now = o.now ?? new Date();
  fs.mkdirSync(o.backupDir, { recursive: true });
  const file = path.join(o.backupDir, `portal-${stamp(now)}.backup.db`);
  const partial = `${file}.partial`;
  const source = new Database(o.databasePath, { fileMustExist: true, readonly: true });
  try {
    await source.backup(partial);
  } finally {
    source.close();
  }
  const copy = new Database(partial);
  let count = 0;
  try {
    // The evidence after the database: a file added meanwhile is kept needlessly, never missed by a row.
    copy.exec(`create table ${BACKUP_TABLE} (path text primary key, data blob not null)`);
    const insert = copy.prepare(`insert into ${BACKUP_TABLE} (path, data) values (?, ?)`);
    copy.transaction(() => {
      for (const rel of evidenceFiles(o.evidenceDir)) {
        insert.run(rel.split(path.sep).join("/"), fs.readFileSync(path.join(o.evidenceDir, rel)));
        count += 1;
      }
    })();
    const check = copy.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new Error(`The backup copy failed its integrity check: ${String(check)}`);
    copy.pragma("journal_mode = DELETE");
  } finally {
    copy.close();
  }
  fs.renameSync(partial, file);
  const deleted = listBackups(o.backupDir)
    .slice(Math.max(1, o.keep))
    .map((b) => {
      fs.rmSync(b);
      return b;
    });
  return { file, evidenceFiles: count, bytes: fs.statSync(file).size, deleted };
}

/** The backups in `dir`, newest first. */
export function listBackups(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => NAME.test(n))
    .sort()
    .reverse()
    .map((n) => path.join(dir, n));
}

export interface RestoreOptions {
  file: string;
  databasePath: string;
  evidenceDir: string;
  now?: Date;
}

export interface RestoreResult {
  evidenceFiles: number;
  /** Where the database and evidence that were replaced now are, if there were any. */
  keptDatabase: string | null;
  keptEvidence: string | null;
}

export class RestoreError extends Error {}

/**
 * Restores a backup into a stopped portal: checks the backup first (integrity, and that it is a
 * portal backup), moves the current database and evidence folder aside, then writes the backup's.
 */
export function restoreBackup(o: RestoreOptions): RestoreResult {
  if (!fs.existsSync(o.file)) throw new RestoreError(`There is no backup at ${o.file}.`);
  const running = runningPortal(o.databasePath);
  if (running) throw new RestoreError(`The portal is running (process ${running}): stop it before restoring.`);
  const backup = new Database(o.file, { readonly: true, fileMustExist: true });
  let rows: { path: string; data: Buffer }[];
  try {
    const check = backup.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new RestoreError(`The backup failed its integrity check: ${String(check)}`);
    const isBackup = backup.prepare("select count(*) as n from sqlite_master where type = 'table' and name in (?, '__drizzle_migrations')").get(BACKUP_TABLE) as { n: number };
    if (isBackup.n !== 2) throw new RestoreError(`${o.file} is not a backup made by npm run backup.`);
    rows = backup.prepare(`select path, data from ${BACKUP_TABLE} order by path`).all() as { path: string; data: Buffer }[];
  } finally {
    backup.close();
  }
  const suffix = `before-restore-${stamp(o.now ?? new Date())}`;
  let keptDatabase: string | null = null;
  if (fs.existsSync(o.databasePath)) {
    keptDatabase = `${o.databasePath}.${suffix}`;
    fs.renameSync(o.databasePath, keptDatabase);
  }
  for (const extra of ["-wal", "-shm"]) fs.rmSync(`${o.databasePath}${extra}`, { force: true });
  let keptEvidence: string | null = null;
  if (fs.existsSync(o.evidenceDir)) {
    keptEvidence = `${o.evidenceDir}.${suffix}`;
    fs.renameSync(o.evidenceDir, keptEvidence);
  }
  fs.mkdirSync(path.dirname(path.resolve(o.databasePath)), { recursive: true });
  fs.copyFileSync(o.file, o.databasePath);
  for (const r of rows) {
    const target = path.join(o.evidenceDir, ...r.path.split("/"));
    if (!path.resolve(target).startsWith(path.resolve(o.evidenceDir) + path.sep)) throw new RestoreError(`The backup names an evidence file outside the folder: ${r.path}`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, r.data);
  }
  const restored = new Database(o.databasePath);
  try {
    restored.exec(`drop table ${BACKUP_TABLE}`);
    restored.exec("vacuum");
    restored.pragma("journal_mode = WAL");
    const check = restored.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new RestoreError(`The restored database failed its integrity check: ${String(check)}`);
  } finally {
    restored.close();
  }
  return { evidenceFiles: rows.length, keptDatabase, keptEvidence };
}

/** The file the running portal writes its process id to, beside its database. */
export const pidFile = (databasePath: string) => `${path.resolve(databasePath)}.pid`;

/** The process id of a portal serving this database, or null when none is running. */
export function runningPortal(databasePath: string): number | null {
  const file = pidFile(databasePath);
  if (!fs.existsSync(file)) return null;
  const pid = Number(fs.readFileSync(file, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}
