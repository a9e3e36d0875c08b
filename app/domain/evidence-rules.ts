/**
 * Evidence files on a return (invoices, photos, spreadsheets of spend): which types are taken, how
 * large and how many, what a file's name may show, and what a refused upload is told. Pure rules:
 * the upload itself is streamed to disk by app/data/evidence-upload.server.ts.
 *
 * A file's type is found from its content (file-type's magic numbers), never from its name or the
 * type the browser claims. The name must agree with the content, so a program or a web page
 * renamed "invoice.pdf" is refused, and so is a real PDF called "photo.png" (it would download as
 * something it is not). CSV has no magic number: a file is taken as CSV only when its name ends
 * .csv, no binary type is found in it, and it is UTF-8 text with no NUL bytes that does not look
 * like markup.
 */

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
/** Files on one return at once (removed ones do not count). */
export const MAX_EVIDENCE_FILES = 20;
export const MAX_DESCRIPTION_LENGTH = 500;
export const MAX_FILE_NAME_LENGTH = 120;

export interface EvidenceType {
  mime: string;
  /** What a user calls it: "PDF". */
  label: string;
  /** The extensions a name of this type may end with, the usual one first. */
  extensions: readonly string[];
}

export const EVIDENCE_TYPES: readonly EvidenceType[] = [
  { mime: "application/pdf", label: "PDF", extensions: ["pdf"] },
  { mime: "image/png", label: "PNG", extensions: ["png"] },
  { mime: "image/jpeg", label: "JPEG", extensions: ["jpg", "jpeg"] },
  { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", label: "XLSX", extensions: ["xlsx"] },
  { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", label: "DOCX", extensions: ["docx"] },
  { mime: "text/csv", label: "CSV", extensions: ["csv"] },
];

export const CSV_MIME = "text/csv";

/** "PDF, PNG, JPEG, XLSX, DOCX or CSV". */
export const ALLOWED_TYPES_TEXT = `${EVIDENCE_TYPES.slice(0, -1)
  .map((t) => t.label)
  .join(", ")} or ${EVIDENCE_TYPES[EVIDENCE_TYPES.length - 1].label}`;

/** For the file input's `accept` attribute: a hint to the browser's file picker, never trusted. */
export const ACCEPT_ATTRIBUTE = [...EVIDENCE_TYPES.flatMap((t) => t.extensions.map((e) => `.${e}`)), ...EVIDENCE_TYPES.map((t) => t.mime)].join(",");

export const evidenceTypeOf = (mime: string): EvidenceType | undefined => EVIDENCE_TYPES.find((t) => t.mime === mime);

/** "Invoice March.PDF" → "pdf"; no extension → null. */
export function extensionOf(fileName: string): string | null {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(fileName);
  return m && m.index > 0 ? m[1].toLowerCase() : null;
}

export const EVIDENCE_MESSAGES = {
  noFile: "Select a file to upload",
  empty: "The selected file is empty",
  tooLarge: "The selected file must be smaller than 10 MB",
  tooMany: `A return can have at most ${MAX_EVIDENCE_FILES} files: remove one before you upload another`,
  wrongType: `The selected file must be a ${ALLOWED_TYPES_TEXT}.`,
  notUtf8: "The selected CSV file must be saved as UTF-8 text: in Excel, choose ‘CSV UTF-8 (Comma delimited)’ when you save it",
  infected: "The selected file contains a virus",
  scanFailed: "The selected file could not be checked for viruses: try again",
  descriptionTooLong: `Description must be ${MAX_DESCRIPTION_LENGTH} characters or fewer`,
  notEditable: "Files can only be added to or removed from a return before it is submitted, or while the OPCC has queried it.",
  alreadyRemoved: "That file has already been removed from this return.",
} as const;

/**
 * What a user's file name may show. The name is only ever display text and the download's
 * suggested name (files are stored under a random name): path parts are dropped ("C:\fakepath\",
 * "../"), control and direction-changing characters removed (so "invoice‮fdp.exe" cannot pose as
 * a PDF), spaces tidied, and a long name shortened keeping its extension.
 */
export function sanitiseFileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? "";
  const cleaned = base
    .normalize("NFC")
    // C0 and C1 controls, DEL, and the bidirectional overrides and isolates.
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    // Leading dots would make a hidden file of a download.
    .replace(/^\.+/, "")
    .trim();
  const name = cleaned || "file";
  const chars = [...name];
  if (chars.length <= MAX_FILE_NAME_LENGTH) return name;
  const ext = extensionOf(name);
  const tail = ext ? `.${ext}` : "";
  const stem = chars.slice(0, MAX_FILE_NAME_LENGTH - tail.length - 1).join("").trimEnd();
  return `${stem}…${tail}`;
}

export type TypeJudgement = { ok: true; contentType: string; fileName: string } | { ok: false; message: string };

/**
 * Whether a file may be kept, from its (sanitised) name, the type found in its content
 * (`detected`, undefined when no magic number matched) and, for a would-be CSV, what the text
 * check found. A name with no extension is given the usual one for its content.
 */
export function judgeEvidenceType(input: { fileName: string; detected: string | undefined; text?: TextCheckResult }): TypeJudgement {
  const ext = extensionOf(input.fileName);
  const claimed = ext ? EVIDENCE_TYPES.find((t) => t.extensions.includes(ext)) : undefined;
  const found = input.detected ? evidenceTypeOf(input.detected) : undefined;
  if (input.detected && found && found.mime !== CSV_MIME) {
    if (!ext) return { ok: true, contentType: found.mime, fileName: `${input.fileName}.${found.extensions[0]}` };
    if (claimed?.mime === found.mime) return { ok: true, contentType: found.mime, fileName: input.fileName };
    return { ok: false, message: `The selected file is a ${found.label} but its name ends .${ext}: rename it to end .${found.extensions[0]} and upload it again` };
  }
  if (!input.detected && claimed?.mime === CSV_MIME) {
    const text = input.text;
    if (!text || text.binary || text.looksLikeMarkup) return { ok: false, message: notWhatItSays(claimed, ext!) };
    if (!text.utf8) return { ok: false, message: EVIDENCE_MESSAGES.notUtf8 };
    return { ok: true, contentType: CSV_MIME, fileName: input.fileName };
  }
  // Something else entirely (a program, a web page, a zip, an old .doc) whatever its name says.
  if (claimed) return { ok: false, message: notWhatItSays(claimed, ext!) };
  return { ok: false, message: EVIDENCE_MESSAGES.wrongType };
}

const notWhatItSays = (claimed: EvidenceType, ext: string) =>
  `The selected file's name ends .${ext} but its content is not ${claimed.label}. ${EVIDENCE_MESSAGES.wrongType}`;

export interface TextCheckResult {
  /** Every byte so far is well-formed UTF-8. */
  utf8: boolean;
  /** A NUL byte was seen: not text. */
  binary: boolean;
  /** It begins (after a BOM and white space) with "<": HTML or XML, not a spreadsheet's rows. */
  looksLikeMarkup: boolean;
}

/**
 * Checks a would-be CSV as it streams past, chunk by chunk, without keeping it: UTF-8 throughout
 * (a character split across chunks is fine), no NUL, not markup.
 */
export function textCheck() {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const state: TextCheckResult = { utf8: true, binary: false, looksLikeMarkup: false };
  let start = "";
  let startDone = false;
  return {
    feed(chunk: Uint8Array) {
      if (chunk.includes(0)) state.binary = true;
      if (!state.utf8) return;
      try {
        const text = decoder.decode(chunk, { stream: true });
        if (!startDone) {
          start = (start + text).replace(/^\ufeff/, "").trimStart();
          if (start.length > 0) {
            state.looksLikeMarkup = start.startsWith("<");
            startDone = true;
          }
        }
      } catch {
        state.utf8 = false;
      }
    },
    result(): TextCheckResult {
      if (state.utf8) {
        try {
          decoder.decode();
        } catch {
          state.utf8 = false;
        }
      }
      return { ...state };
    },
  };
}

/** "340 KB", "1.2 MB", "512 bytes". */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * The download's Content-Disposition: always an attachment (never shown in the portal's own
 * origin), the name as UTF-8 (RFC 6266 / 8187) with a plain ASCII fallback for old clients.
 */
export function contentDisposition(fileName: string): string {
  const fallback = [...fileName].map((c) => (/^[\x20-\x7e]$/.test(c) && c !== '"' && c !== "\\" && c !== "%" ? c : "_")).join("");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export const SCAN_LABELS = { clean: "Checked for viruses", not_scanned: "Not scanned" } as const;

/** The label of a stored file's type: "PDF". */
export const evidenceTypeLabel = (mime: string) => evidenceTypeOf(mime)?.label ?? "File";
