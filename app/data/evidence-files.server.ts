import { createHash, randomUUID } from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { MAX_EVIDENCE_BYTES, textCheck, type TextCheckResult } from "../domain/evidence-rules";
import { databasePath } from "./db.server";

/**
 * Where evidence files live on disk: outside public/, beside the database by default
 * (`<folder of DATABASE_PATH>/evidence`), or at EVIDENCE_PATH. Each file is stored under a random
 * name the portal chose (a UUID, in a folder named by its first two characters so no folder grows
 * huge), never the user's. A file being received is written to `.incoming/` in the same folder
 * first, and renamed into place only once it has passed every check.
 */

export const evidenceDir = () => path.resolve(process.env.EVIDENCE_PATH ?? path.join(path.dirname(path.resolve(databasePath())), "evidence"));
const incomingDir = () => path.join(evidenceDir(), ".incoming");

const STORED_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The path of a stored file. Only a name the portal made is ever turned into a path. */
export function storedPath(storedName: string): string {
  if (!STORED_NAME.test(storedName)) throw new Error(`Not a stored evidence file name: ${JSON.stringify(storedName)}`);
  return path.join(evidenceDir(), storedName.slice(0, 2), storedName);
}

export interface Received {
  /** The temporary file, or null once it has been discarded (too large, or the upload failed). */
  tempPath: string | null;
  sizeBytes: number;
  sha256: string;
  /** More than MAX_EVIDENCE_BYTES arrived: nothing was kept. */
  tooLarge: boolean;
  /** For a would-be CSV only: what the text check found. */
  text: TextCheckResult | null;
}

/**
 * Streams a file into a new temporary file, counting and hashing the bytes as they pass (and,
 * when asked, checking they are UTF-8 text), never holding more than a chunk. Once more than
 * `limit` bytes have arrived it stops writing and deletes what it wrote; the rest of the source is
 * read and thrown away. A source that fails leaves no file behind.
 */
export async function receiveToTemp(source: Readable, { checkText = false, limit = MAX_EVIDENCE_BYTES }: { checkText?: boolean; limit?: number } = {}): Promise<Received> {
  await fsp.mkdir(incomingDir(), { recursive: true });
  await sweepIncoming();
  const tempPath = path.join(incomingDir(), `${randomUUID()}.part`);
  const out = fs.createWriteStream(tempPath, { flags: "wx", mode: 0o600 });
  const hash = createHash("sha256");
  const text = checkText ? textCheck() : null;
  let sizeBytes = 0;
  let writing = true;
  try {
    await once(out, "open");
    for await (const chunk of source as AsyncIterable<Buffer>) {
      sizeBytes += chunk.length;
      if (!writing) continue;
      if (sizeBytes > limit) {
        writing = false;
        out.destroy();
        await fsp.rm(tempPath, { force: true });
        continue;
      }
      hash.update(chunk);
      text?.feed(chunk);
      // `once` rejects if the file fails while it waits.
      if (!out.write(chunk)) await once(out, "drain");
    }
    if (writing) {
      out.end();
      await once(out, "close");
    }
  } catch (error) {
    out.destroy();
    await fsp.rm(tempPath, { force: true });
    throw error;
  }
  return { tempPath: writing ? tempPath : null, sizeBytes, sha256: hash.digest("hex"), tooLarge: !writing, text: text?.result() ?? null };
}

/** A temporary file this old was left by a server that stopped mid-upload: no upload takes so long. */
export const STALE_INCOMING_MS = 60 * 60 * 1000;

/** Deletes temporary files left behind by a server that stopped while receiving them. */
export async function sweepIncoming(now = Date.now()): Promise<number> {
  let swept = 0;
  for (const name of await fsp.readdir(incomingDir()).catch(() => [] as string[])) {
    const file = path.join(incomingDir(), name);
    const stat = await fsp.stat(file).catch(() => null);
    if (stat?.isFile() && now - stat.mtimeMs > STALE_INCOMING_MS) {
      await fsp.rm(file, { force: true });
      swept += 1;
    }
  }
  return swept;
}

/** Moves a checked temporary file into place under a new random name, and returns the name. */
export async function placeFile(tempPath: string): Promise<string> {
  const storedName = randomUUID();
  const target = storedPath(storedName);
  await fsp.mkdir(path.dirname(target), { recursive: true });
  await fsp.rename(tempPath, target);
  return storedName;
}

/** Deletes a temporary file if it is still there. */
export async function discardTemp(received: Pick<Received, "tempPath">): Promise<void> {
  if (received.tempPath) await fsp.rm(received.tempPath, { force: true });
}

export async function deleteStoredFile(storedName: string): Promise<void> {
  await fsp.rm(storedPath(storedName), { force: true });
}

/** A stored file opened for reading, with its size; null if it is not on disk. */
export async function openStoredFile(storedName: string): Promise<{ stream: fs.ReadStream; size: number } | null> {
  const file = storedPath(storedName);
  try {
    const stat = await fsp.stat(file);
    if (!stat.isFile()) return null;
    const stream = fs.createReadStream(file);
    await once(stream, "open");
    return { stream, size: stat.size };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
