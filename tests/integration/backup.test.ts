import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../app/data/db.server";
import { backupDatabase, listBackups, pidFile, restoreBackup, RestoreError } from "../../db/backup";
import { migrateDatabase } from "../../db/migrate";
import { TMP_DIR } from "../support/paths";

/**
 * A rehearsal of `npm run backup` and `npm run restore` (decision record 030): back up a portal's
 * database and evidence files, change both, restore, and find everything as it was backed up, with
 * the integrity check ok and what the restore replaced kept beside it.
 */

const dir = path.join(TMP_DIR, `backup-${process.pid}`);
const databasePath = path.join(dir, "data", "portal.db");
const evidenceDir = path.join(dir, "data", "evidence");
const backupDir = path.join(dir, "data", "backups");

const names = (file: string) => {
  const { sqlite } = openDatabase(file);
  try {
    return (sqlite.prepare("select name from organisations order by id").all() as { name: string }[]).map((r) => r.name);
  } finally {
    sqlite.close();
  }
};

describe("backing up and restoring the portal", () => {
  it("puts back the database and the evidence files as they were backed up", async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.join(evidenceDir, "ab"), { recursive: true });
    fs.mkdirSync(path.join(evidenceDir, ".incoming"), { recursive: true });
    const { db, sqlite } = openDatabase(databasePath);
    migrateDatabase(db);
    sqlite.exec("insert into organisations (kind, name, code, accountable_council) values ('csp', 'Safer Melton Partnership', 'melton', 'Melton Borough Council')");
    fs.writeFileSync(path.join(evidenceDir, "ab", "abcdef"), "%PDF-1.4 the invoice");
    fs.writeFileSync(path.join(evidenceDir, ".incoming", "half"), "half an upload");

    // Taken while the portal's connection is open, as the online backup allows.
    const first = await backupDatabase({ databasePath, evidenceDir, backupDir, keep: 2, now: new Date("2026-12-01T02:00:00Z") });
    expect(path.basename(first.file)).toBe("portal-20261201-020000.backup.db");
    expect(first.evidenceFiles).toBe(1);

    // The data changes after the backup: a partnership added, the evidence replaced.
    sqlite.exec("insert into organisations (kind, name, code, accountable_council) values ('csp', 'Rutland Community Safety Partnership', 'rutland', 'Rutland County Council')");
    sqlite.close();
    fs.rmSync(path.join(evidenceDir, "ab", "abcdef"));
    fs.writeFileSync(path.join(evidenceDir, "ab", "abzzzz"), "a later file");
    expect(names(databasePath)).toHaveLength(2);

    const restored = restoreBackup({ file: first.file, databasePath, evidenceDir, now: new Date("2026-12-01T03:00:00Z") });
    expect(restored.evidenceFiles).toBe(1);
    expect(names(databasePath)).toEqual(["Safer Melton Partnership"]);
    expect(fs.readFileSync(path.join(evidenceDir, "ab", "abcdef"), "utf8")).toBe("%PDF-1.4 the invoice");
    expect(fs.existsSync(path.join(evidenceDir, "ab", "abzzzz"))).toBe(false);
    const { sqlite: check } = openDatabase(databasePath);
    expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(check.prepare("select count(*) as n from sqlite_master where name = 'backup_evidence'").get()).toEqual({ n: 0 });
    check.close();
    // What it replaced is kept, not lost.
    expect(names(restored.keptDatabase!)).toHaveLength(2);
    expect(fs.existsSync(path.join(restored.keptEvidence!, "ab", "abzzzz"))).toBe(true);
  });

  it("keeps only the newest backups", async () => {
    for (const hour of ["04", "05", "06"]) await backupDatabase({ databasePath, evidenceDir, backupDir, keep: 2, now: new Date(`2026-12-01T${hour}:00:00Z`) });
    expect(listBackups(backupDir).map((f) => path.basename(f))).toEqual(["portal-20261201-060000.backup.db", "portal-20261201-050000.backup.db"]);
  });

  it("refuses to restore into a running portal, or a file that is not a backup", () => {
    const [latest] = listBackups(backupDir);
    fs.writeFileSync(pidFile(databasePath), String(process.ppid));
    expect(() => restoreBackup({ file: latest, databasePath, evidenceDir })).toThrow(/The portal is running \(process \d+\): stop it before restoring/);
    fs.rmSync(pidFile(databasePath));
    expect(() => restoreBackup({ file: databasePath, databasePath, evidenceDir })).toThrow(RestoreError);
    expect(() => restoreBackup({ file: path.join(dir, "nothing.db"), databasePath, evidenceDir })).toThrow(/There is no backup at/);
    expect(names(databasePath)).toEqual(["Safer Melton Partnership"]);
  });
});
