import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { fileTypeFromFile } from "file-type";
import type { Readable } from "node:stream";
import { bids, grantReturns, grants, organisations, returnEvidence, users } from "../../db/schema";
import { EVIDENCE_MESSAGES, MAX_DESCRIPTION_LENGTH, MAX_EVIDENCE_FILES, extensionOf, judgeEvidenceType, sanitiseFileName } from "../domain/evidence-rules";
import { isReturnEditable } from "../domain/return-lifecycle";
import { recordAudit } from "./audit.server";
import { db, type DbOrTx, type Tx } from "./db.server";
import { assertReturnOpen } from "./year-lock.server";
import { deleteStoredFile, discardTemp, placeFile, receiveToTemp, type Received } from "./evidence-files.server";
import { clamdFromEnv, scanFile } from "./virus-scan.server";

/**
 * Evidence files on a return: the list, how many, keeping an upload, removing one. File work is
 * done outside the database's transactions (which never await): a file is written and checked
 * first, then its row is inserted with its audit entry; if the insert fails or is refused, the
 * file is deleted. A removed file keeps its row (removed_at set) for the audit; the file goes.
 */

export interface EvidenceItem {
  id: number;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  scan: "clean" | "not_scanned";
  description: string;
  uploadedAt: string;
  uploadedByName: string;
}

/** The files on a return now (not removed), oldest first. At most MAX_EVIDENCE_FILES rows. */
export function listEvidence(returnId: number, tx: DbOrTx = db()): EvidenceItem[] {
  return tx
    .select({
      id: returnEvidence.id, fileName: returnEvidence.fileName, contentType: returnEvidence.contentType, sizeBytes: returnEvidence.sizeBytes,
      scan: returnEvidence.scan, description: returnEvidence.description, uploadedAt: returnEvidence.uploadedAt, uploadedByName: users.name,
    })
    .from(returnEvidence)
    .innerJoin(users, eq(users.id, returnEvidence.uploadedBy))
    .where(and(eq(returnEvidence.returnId, returnId), isNull(returnEvidence.removedAt)))
    .orderBy(asc(returnEvidence.uploadedAt), asc(returnEvidence.id))
    .all();
}

/** How many files a return has now (removed ones do not count). */
export function countEvidence(returnId: number, tx: DbOrTx = db()): number {
  return tx.get<{ n: number }>(sql`select count(*) as n from return_evidence where return_id = ${returnId} and removed_at is null`).n;
}

/** A file of a return that has not been removed, for its download. */
export function findEvidence(returnId: number, evidenceId: number, tx: DbOrTx = db()) {
  return tx
    .select({ id: returnEvidence.id, storedName: returnEvidence.storedName, fileName: returnEvidence.fileName, contentType: returnEvidence.contentType, sizeBytes: returnEvidence.sizeBytes })
    .from(returnEvidence)
    .where(and(eq(returnEvidence.id, evidenceId), eq(returnEvidence.returnId, returnId), isNull(returnEvidence.removedAt)))
    .get();
}

/** The name of a file of a return, removed or not (for the banner that says it was uploaded or removed). */
export function evidenceFileName(returnId: number, evidenceId: number, tx: DbOrTx = db()): string | undefined {
  return tx
    .select({ fileName: returnEvidence.fileName })
    .from(returnEvidence)
    .where(and(eq(returnEvidence.id, evidenceId), eq(returnEvidence.returnId, returnId)))
    .get()?.fileName;
}

/** What the evidence page's heading names: the grant's bid and its partnership. */
export function grantTitleOf(grantId: number, tx: DbOrTx = db()) {
  return tx
    .select({ title: bids.title, cspName: organisations.name })
    .from(grants)
    .innerJoin(bids, eq(bids.id, grants.bidId))
    .innerJoin(organisations, eq(organisations.id, bids.cspId))
    .where(eq(grants.id, grantId))
    .get();
}

/** A return takes files (and gives them up) while the partnership may change it, on a grant that stands. */
export const takesFiles = (r: { status: Parameters<typeof isReturnEditable>[0]; withdrawnAt: string | null }) => isReturnEditable(r.status) && r.withdrawnAt === null;

function returnForWrite(tx: Tx, returnId: number) {
  return tx
    .select({ id: grantReturns.id, status: grantReturns.status, grantId: grants.id, bidId: grants.bidId, cspId: bids.cspId, withdrawnAt: grants.withdrawnAt })
    .from(grantReturns)
    .innerJoin(grants, eq(grants.id, grantReturns.grantId))
    .innerJoin(bids, eq(bids.id, grants.bidId))
    .where(eq(grantReturns.id, returnId))
    .get();
}

export interface NewEvidence {
  returnId: number;
  userId: number;
  storedName: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  scan: "clean" | "not_scanned";
  description: string;
}

export type RecordResult = { kind: "saved"; id: number } | { kind: "too_many" } | { kind: "not_editable" } | { kind: "not_found" };

/**
 * Inserts the row for a file already in place, with its audit entry, if the return still takes
 * files (editable, fewer than the limit: checked in the write's transaction). Anything but
 * "saved", or a failure, deletes the stored file.
 */
export async function recordEvidence(input: NewEvidence, now = new Date().toISOString()): Promise<RecordResult> {
  let result: RecordResult;
  try {
    result = db().transaction(
      (tx): RecordResult => {
        assertReturnOpen(input.returnId, tx);
        const ret = returnForWrite(tx, input.returnId);
        if (!ret) return { kind: "not_found" };
        if (!takesFiles(ret)) return { kind: "not_editable" };
        if (countEvidence(input.returnId, tx) >= MAX_EVIDENCE_FILES) return { kind: "too_many" };
        const row = tx
          .insert(returnEvidence)
          .values({
            returnId: input.returnId, storedName: input.storedName, fileName: input.fileName, contentType: input.contentType, sizeBytes: input.sizeBytes,
            sha256: input.sha256, scan: input.scan, description: input.description, uploadedBy: input.userId, uploadedAt: now,
          })
          .returning({ id: returnEvidence.id })
          .get();
        recordAudit(
          tx,
          {
            userId: input.userId, action: "evidence.uploaded", entityType: "evidence", entityId: row.id, bidId: ret.bidId, cspId: ret.cspId,
            after: { returnId: input.returnId, fileName: input.fileName, contentType: input.contentType, sizeBytes: input.sizeBytes, sha256: input.sha256, scan: input.scan, description: input.description },
          },
          now,
        );
        return { kind: "saved", id: row.id };
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    await deleteStoredFile(input.storedName);
    throw error;
  }
  if (result.kind !== "saved") await deleteStoredFile(input.storedName);
  return result;
}

export type KeepResult = { kind: "saved"; id: number } | { kind: "refused"; message: string };

const REFUSALS: Record<Exclude<RecordResult["kind"], "saved">, string> = {
  too_many: EVIDENCE_MESSAGES.tooMany,
  not_editable: EVIDENCE_MESSAGES.notEditable,
  not_found: EVIDENCE_MESSAGES.notEditable,
};

/**
 * Keeps a received upload, or says why not: not empty, not too large, a type taken (found from the
 * content, agreeing with the name), clean if a scanner is set up (CLAMAV_HOST), then moved into
 * place and recorded. The temporary file is gone afterwards either way; nothing is kept on refusal.
 */
export async function keepEvidence(
  received: Received,
  meta: { returnId: number; userId: number; fileName: string; description: string },
  now = new Date().toISOString(),
): Promise<KeepResult> {
  try {
    if (received.tooLarge) return { kind: "refused", message: EVIDENCE_MESSAGES.tooLarge };
    if (!received.tempPath || received.sizeBytes === 0) return { kind: "refused", message: EVIDENCE_MESSAGES.empty };
    if ([...meta.description].length > MAX_DESCRIPTION_LENGTH) return { kind: "refused", message: EVIDENCE_MESSAGES.descriptionTooLong };
    const detected = (await fileTypeFromFile(received.tempPath))?.mime;
    const judged = judgeEvidenceType({ fileName: sanitiseFileName(meta.fileName), detected, text: received.text ?? undefined });
    if (!judged.ok) return { kind: "refused", message: judged.message };
    const scanner = clamdFromEnv();
    if (scanner) {
      const outcome = await scanFile(received.tempPath, scanner);
      if (outcome.kind === "infected") return { kind: "refused", message: EVIDENCE_MESSAGES.infected };
      if (outcome.kind === "failed") return { kind: "refused", message: EVIDENCE_MESSAGES.scanFailed };
    }
    const storedName = await placeFile(received.tempPath);
    const result = await recordEvidence(
      {
        returnId: meta.returnId, userId: meta.userId, storedName, fileName: judged.fileName, contentType: judged.contentType, sizeBytes: received.sizeBytes,
        sha256: received.sha256, scan: scanner ? "clean" : "not_scanned", description: meta.description.trim(),
      },
      now,
    );
    return result.kind === "saved" ? result : { kind: "refused", message: REFUSALS[result.kind] };
  } finally {
    await discardTemp(received);
  }
}

/** Whether a file of this name gets the CSV text check as it streams (the only type without a magic number). */
export const needsTextCheck = (fileName: string) => extensionOf(sanitiseFileName(fileName)) === "csv";

/** Streams a file from anywhere (the demo data, a script) into a return, through every check an upload gets. */
export async function addEvidence(
  source: Readable,
  meta: { returnId: number; userId: number; fileName: string; description?: string },
  now = new Date().toISOString(),
): Promise<KeepResult> {
  const received = await receiveToTemp(source, { checkText: needsTextCheck(meta.fileName) });
  return keepEvidence(received, { ...meta, description: meta.description ?? "" }, now);
}

export type RemoveResult = { kind: "removed"; fileName: string } | { kind: "not_found" } | { kind: "already_removed" } | { kind: "not_editable" };

/**
 * Removes a file from a return while the return takes changes: the row stays with removed_at set
 * and an audit entry; the file is deleted from disk once that is committed.
 */
export async function removeEvidence(returnId: number, evidenceId: number, userId: number, now = new Date().toISOString()): Promise<RemoveResult> {
  const result = db().transaction(
    (tx): RemoveResult & { storedName?: string } => {
      assertReturnOpen(returnId, tx);
      const ret = returnForWrite(tx, returnId);
      const row = tx
        .select({ id: returnEvidence.id, storedName: returnEvidence.storedName, fileName: returnEvidence.fileName, removedAt: returnEvidence.removedAt })
        .from(returnEvidence)
        .where(and(eq(returnEvidence.id, evidenceId), eq(returnEvidence.returnId, returnId)))
        .get();
      if (!ret || !row) return { kind: "not_found" };
      if (row.removedAt) return { kind: "already_removed" };
      if (!takesFiles(ret)) return { kind: "not_editable" };
      tx.update(returnEvidence).set({ removedAt: now }).where(and(eq(returnEvidence.id, evidenceId), isNull(returnEvidence.removedAt))).run();
      recordAudit(tx, { userId, action: "evidence.removed", entityType: "evidence", entityId: row.id, bidId: ret.bidId, cspId: ret.cspId, before: { returnId, fileName: row.fileName } }, now);
      return { kind: "removed", fileName: row.fileName, storedName: row.storedName };
    },
    { behavior: "immediate" },
  );
  if (result.kind !== "removed") return result;
  await deleteStoredFile(result.storedName!);
  return { kind: "removed", fileName: result.fileName };
}
