import { describe, expect, it } from "vitest";
import {
  ACCEPT_ATTRIBUTE,
  ALLOWED_TYPES_TEXT,
  EVIDENCE_MESSAGES,
  MAX_FILE_NAME_LENGTH,
  contentDisposition,
  extensionOf,
  formatFileSize,
  judgeEvidenceType,
  sanitiseFileName,
  textCheck,
  type TextCheckResult,
} from "./evidence-rules";

const PDF = "application/pdf";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const text = (over: Partial<TextCheckResult> = {}): TextCheckResult => ({ utf8: true, binary: false, looksLikeMarkup: false, ...over });
const check = (...chunks: (string | Uint8Array)[]) => {
  const t = textCheck();
  for (const c of chunks) t.feed(typeof c === "string" ? new TextEncoder().encode(c) : c);
  return t.result();
};

describe("the types taken", () => {
  it("lists them in words and for the file picker", () => {
    expect(ALLOWED_TYPES_TEXT).toBe("PDF, PNG, JPEG, XLSX, DOCX or CSV");
    expect(ACCEPT_ATTRIBUTE).toContain(".pdf");
    expect(ACCEPT_ATTRIBUTE).toContain(".jpeg");
    expect(ACCEPT_ATTRIBUTE).toContain("text/csv");
  });

  it("reads an extension whatever its case, and none from a bare dot-name", () => {
    expect(extensionOf("Invoice March.PDF")).toBe("pdf");
    expect(extensionOf("archive.tar.gz")).toBe("gz");
    expect(extensionOf("README")).toBeNull();
    expect(extensionOf(".pdf")).toBeNull();
  });
});

describe("judging a file from its content and its name", () => {
  it.each([
    ["invoice.pdf", PDF],
    ["Photo.JPG", "image/jpeg"],
    ["photo.jpeg", "image/jpeg"],
    ["site.png", "image/png"],
    ["spend.xlsx", XLSX],
    ["report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
  ])("takes %s found to be %s", (fileName, detected) => {
    expect(judgeEvidenceType({ fileName, detected })).toEqual({ ok: true, contentType: detected, fileName });
  });

  it("takes a CSV: named .csv, no binary type found, UTF-8 text", () => {
    expect(judgeEvidenceType({ fileName: "spend.csv", detected: undefined, text: text() })).toEqual({ ok: true, contentType: "text/csv", fileName: "spend.csv" });
  });

  it("refuses a program or a web page renamed .pdf, saying it is not a PDF", () => {
    for (const detected of ["application/x-msdownload", undefined]) {
      const judged = judgeEvidenceType({ fileName: "invoice.pdf", detected, text: text({ looksLikeMarkup: true }) });
      expect(judged).toEqual({ ok: false, message: `The selected file's name ends .pdf but its content is not PDF. ${EVIDENCE_MESSAGES.wrongType}` });
    }
  });

  it("refuses a plain zip, or an old Excel file, renamed .xlsx", () => {
    expect(judgeEvidenceType({ fileName: "spend.xlsx", detected: "application/zip" }).ok).toBe(false);
    expect(judgeEvidenceType({ fileName: "spend.xlsx", detected: "application/x-cfb" }).ok).toBe(false);
  });

  it("refuses a real PDF whose name says it is a picture, and says how to put it right", () => {
    expect(judgeEvidenceType({ fileName: "photo.png", detected: PDF })).toEqual({
      ok: false,
      message: "The selected file is a PDF but its name ends .png: rename it to end .pdf and upload it again",
    });
  });

  it("gives a name with no extension the usual one for its content", () => {
    expect(judgeEvidenceType({ fileName: "scan", detected: PDF })).toEqual({ ok: true, contentType: PDF, fileName: "scan.pdf" });
  });

  it("refuses types it does not take, whatever they are called", () => {
    expect(judgeEvidenceType({ fileName: "notes.txt", detected: undefined, text: text() })).toEqual({ ok: false, message: EVIDENCE_MESSAGES.wrongType });
    expect(judgeEvidenceType({ fileName: "clip.gif", detected: "image/gif" })).toEqual({ ok: false, message: EVIDENCE_MESSAGES.wrongType });
    expect(judgeEvidenceType({ fileName: "noname", detected: undefined })).toEqual({ ok: false, message: EVIDENCE_MESSAGES.wrongType });
  });

  it("refuses a .csv that is binary, markup, has a binary type, or is not UTF-8 (saying how to save it)", () => {
    expect(judgeEvidenceType({ fileName: "spend.csv", detected: undefined, text: text({ binary: true }) }).ok).toBe(false);
    expect(judgeEvidenceType({ fileName: "spend.csv", detected: undefined, text: text({ looksLikeMarkup: true }) }).ok).toBe(false);
    expect(judgeEvidenceType({ fileName: "spend.csv", detected: "application/x-msdownload", text: text() }).ok).toBe(false);
    expect(judgeEvidenceType({ fileName: "spend.csv", detected: undefined })).toMatchObject({ ok: false });
    expect(judgeEvidenceType({ fileName: "spend.csv", detected: undefined, text: text({ utf8: false }) })).toEqual({ ok: false, message: EVIDENCE_MESSAGES.notUtf8 });
  });
});

describe("checking a would-be CSV as it streams", () => {
  it("finds UTF-8 text, with a character split across two chunks and a BOM", () => {
    const pound = new TextEncoder().encode("£");
    expect(check("\ufeffline,amount\nCCTV,", pound.subarray(0, 1), pound.subarray(1), "4843.00\n")).toEqual({ utf8: true, binary: false, looksLikeMarkup: false });
  });

  it("finds a Windows-1252 £ sign is not UTF-8", () => {
    expect(check("item,cost\nmirror,", new Uint8Array([0xa3]), "38.39\n").utf8).toBe(false);
  });

  it("finds a truncated character at the very end is not UTF-8", () => {
    expect(check("a,b\n", new Uint8Array([0xe2, 0x82])).utf8).toBe(false);
  });

  it("finds a NUL byte", () => {
    expect(check("a,b", new Uint8Array([0]), "c").binary).toBe(true);
  });

  it("finds markup after white space, even when the first chunk is only white space", () => {
    expect(check("  \n", "<!DOCTYPE html><script>alert(1)</script>").looksLikeMarkup).toBe(true);
    expect(check("name,<b>\n").looksLikeMarkup).toBe(false);
  });
});

describe("a file's name as shown", () => {
  it("drops path parts from either kind of separator", () => {
    expect(sanitiseFileName("C:\\fakepath\\invoice.pdf")).toBe("invoice.pdf");
    expect(sanitiseFileName("../../etc/passwd")).toBe("passwd");
  });

  it("strips control characters and direction overrides, tidies spaces, drops leading dots", () => {
    expect(sanitiseFileName("in\u0000voice\r\n.pdf")).toBe("invoice.pdf");
    expect(sanitiseFileName("invoice\u202efdp.exe")).toBe("invoicefdp.exe");
    expect(sanitiseFileName("  March   spend .csv ")).toBe("March spend .csv");
    expect(sanitiseFileName("...hidden.csv")).toBe("hidden.csv");
  });

  it("calls a name that is left empty 'file'", () => {
    expect(sanitiseFileName("\u0001\u0002")).toBe("file");
    expect(sanitiseFileName("C:\\folder\\")).toBe("file");
  });

  it("shortens a long name, keeping its extension", () => {
    const long = `${"Very long invoice name ".repeat(20)}.pdf`;
    const short = sanitiseFileName(long);
    expect([...short].length).toBeLessThanOrEqual(MAX_FILE_NAME_LENGTH);
    expect([...short].length).toBeGreaterThan(MAX_FILE_NAME_LENGTH - 3);
    expect(short.endsWith("….pdf")).toBe(true);
    expect(sanitiseFileName("ü".repeat(200)).length).toBe(MAX_FILE_NAME_LENGTH);
  });
});

describe("the download's name", () => {
  it("is an attachment with the name in UTF-8 and an ASCII fallback", () => {
    expect(contentDisposition("invoice.pdf")).toBe(`attachment; filename="invoice.pdf"; filename*=UTF-8''invoice.pdf`);
    expect(contentDisposition('Café "März" 50%.pdf')).toBe(`attachment; filename="Caf_ _M_rz_ 50_.pdf"; filename*=UTF-8''Caf%C3%A9%20%22M%C3%A4rz%22%2050%25.pdf`);
    expect(contentDisposition("it's (1).png")).toBe(`attachment; filename="it's (1).png"; filename*=UTF-8''it%27s%20%281%29.png`);
  });
});

describe("sizes", () => {
  it.each([
    [1, "1 byte"],
    [512, "512 bytes"],
    [348_160, "340 KB"],
    [1_258_291, "1.2 MB"],
    [10 * 1024 * 1024, "10.0 MB"],
  ])("%i bytes is %s", (bytes, shown) => {
    expect(formatFileSize(bytes)).toBe(shown);
  });
});
