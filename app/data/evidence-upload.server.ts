import { once } from "node:events";
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { multipartTokenChecked, multipartTokenMatches, refuseForm } from "../auth/access.server";
import { CSRF_FIELD } from "../forms/csrf-field";
import { MAX_DESCRIPTION_LENGTH, MAX_EVIDENCE_BYTES } from "../domain/evidence-rules";
import { discardTemp, receiveToTemp, type Received } from "./evidence-files.server";
import { needsTextCheck } from "./evidence.server";

/**
 * Reads an evidence upload (multipart/form-data) as it streams in, never holding it whole: the
 * CSRF token must come first (the `csrf` field, before the file), and is checked before a byte of
 * the file is written; the file goes straight to a temporary file (evidence-files.server.ts), cut
 * off past 10 MB. The caller then keeps it or discards it (evidence.server.ts `keepEvidence`).
 *
 * A body far past any real upload is not read to its end: past BODY_LIMIT the reading stops (a
 * browser may then see the connection close rather than the page saying the file is too large).
 */

export const FILE_FIELD = "file";
export const DESCRIPTION_FIELD = "description";

/** The most of a body that is read: one file at the limit, and room for the form's other fields. */
export const BODY_LIMIT = MAX_EVIDENCE_BYTES + 1024 * 1024;

export interface UploadForm {
  description: string;
  descriptionTooLong: boolean;
  /** The chosen file, or null if none was chosen (an empty file part with no name). */
  file: { name: string; received: Received } | null;
  /** The body could not be read to its end (cut short, malformed): nothing was kept. */
  broken: boolean;
}

/**
 * `keepFile: false` checks the token and reads the form but throws the file away unwritten: for an
 * upload that will be refused anyway (the return is full or no longer takes files), so that a
 * forged one is still refused as forged.
 */
export async function readEvidenceUpload(request: Request, { keepFile = true }: { keepFile?: boolean } = {}): Promise<UploadForm> {
  const form: UploadForm = { description: "", descriptionTooLong: false, file: null, broken: false };
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": request.headers.get("Content-Type") ?? "" },
      defParamCharset: "utf8",
      // One byte past the limit is enough to know a file is too large.
      limits: { files: 1, fields: 10, parts: 12, fieldNameSize: 100, fieldSize: 8 * 1024, fileSize: MAX_EVIDENCE_BYTES + 1 },
    });
  } catch {
    // Not a multipart body busboy can read (no boundary): no token can be found in it.
    await discardBody(request);
    if (multipartTokenChecked(request)) return { ...form, broken: true };
    refuseForm();
  }

  let tokenOk = multipartTokenChecked(request);
  let tokenRefused = false;
  // Set in the parser's "file" handler (a holder, so TypeScript does not take it to be still null).
  const file: { receiving: Promise<{ ok: true; received: Received } | { ok: false }> | null } = { receiving: null };
  let name = "";

  parser.on("field", (field, value, info) => {
    if (field === CSRF_FIELD) {
      if (!tokenOk && multipartTokenMatches(request, value)) tokenOk = true;
      else if (!tokenOk) tokenRefused = true;
    } else if (field === DESCRIPTION_FIELD) {
      form.description = value;
      form.descriptionTooLong = info.valueTruncated || [...value.trim()].length > MAX_DESCRIPTION_LENGTH;
    }
  });
  parser.on("file", (field, stream, info) => {
    // Nothing of a file is written until the form's token has been seen and found good.
    if (!tokenOk) tokenRefused = true;
    if (!tokenOk || !keepFile || field !== FILE_FIELD || file.receiving) {
      stream.resume();
      return;
    }
    name = info.filename ?? "";
    file.receiving = receiveToTemp(stream, { checkText: needsTextCheck(name) }).then(
      (received) => ({ ok: true as const, received }),
      () => ({ ok: false as const }),
    );
  });
  const parsed = new Promise<void>((resolve, reject) => {
    parser.on("close", resolve);
    parser.on("error", reject);
  });
  // Handled below; this keeps an early failure from being reported as unhandled.
  parsed.catch(() => {});

  let overLimit = false;
  try {
    let total = 0;
    for await (const chunk of bodyOf(request)) {
      total += chunk.length;
      if (total > BODY_LIMIT) {
        overLimit = true;
        break;
      }
      if (!parser.write(chunk)) await once(parser, "drain");
    }
    if (overLimit) parser.destroy(new Error("The upload is larger than any evidence file may be"));
    else parser.end();
    await parsed;
  } catch {
    form.broken = !overLimit;
    parser.destroy();
  }

  const outcome = file.receiving ? await file.receiving : null;
  if (tokenRefused || !tokenOk) {
    if (outcome?.ok) await discardTemp(outcome.received);
    refuseForm();
  }
  if (overLimit) {
    if (outcome?.ok) await discardTemp(outcome.received);
    form.file = { name, received: { tempPath: null, sizeBytes: BODY_LIMIT, sha256: "", tooLarge: true, text: null } };
    return form;
  }
  if (form.broken || (outcome && !outcome.ok)) {
    if (outcome?.ok) await discardTemp(outcome.received);
    return { ...form, broken: true, file: null };
  }
  // A browser sends a nameless, empty part when no file was chosen.
  if (outcome?.ok && !(name === "" && outcome.received.sizeBytes === 0)) form.file = { name, received: outcome.received };
  else if (outcome?.ok) await discardTemp(outcome.received);
  return form;
}

function bodyOf(request: Request): AsyncIterable<Buffer> {
  if (!request.body) return Readable.from([]);
  return Readable.fromWeb(request.body as unknown as NodeWebReadableStream<Uint8Array>);
}

/**
 * Reads what is left of a request's body and throws it away (up to BODY_LIMIT), so that an upload
 * refused before it was read (no permission, a submitted return, too many files) still gets its
 * answer rather than a connection the browser sees cut.
 */
export async function discardBody(request: Request): Promise<void> {
  if (!request.body || request.bodyUsed) return;
  let total = 0;
  try {
    for await (const chunk of bodyOf(request)) {
      total += chunk.length;
      if (total > BODY_LIMIT) break;
    }
  } catch {
    // A body that fails as it is thrown away needs nothing more.
  }
}
