import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * PDFs read back as a person would: each is written to a file and turned into text with poppler's
 * pdftotext (CI installs poppler-utils), its fonts listed with pdffonts and its metadata with pdfinfo.
 * Shared by the integration tests (rendered in process) and the end-to-end tests (downloaded).
 */

function withPdfFile<T>(pdf: Uint8Array, use: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-pdf-"));
  const file = path.join(dir, "document.pdf");
  try {
    fs.writeFileSync(file, pdf);
    return use(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const poppler = (tool: string, args: string[]) => execFileSync(tool, args, { encoding: "utf8" });
export const pdfText = (pdf: Uint8Array) => withPdfFile(pdf, (file) => poppler("pdftotext", ["-layout", file, "-"]));
export const pdfFonts = (pdf: Uint8Array) => withPdfFile(pdf, (file) => poppler("pdffonts", [file]));
export const pdfInfo = (pdf: Uint8Array) => withPdfFile(pdf, (file) => poppler("pdfinfo", [file]));
