import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { and, eq, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/data/db.server";
import { evidenceDir, storedPath, sweepIncoming } from "../../app/data/evidence-files.server";
import { addEvidence, countEvidence } from "../../app/data/evidence.server";
import { EVIDENCE_MESSAGES, MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES } from "../../app/domain/evidence-rules";
import * as evidencePage from "../../app/routes/grants.$grantId_.returns.$returnId_.evidence";
import * as evidenceFile from "../../app/routes/grants.$grantId_.returns.$returnId_.evidence.$evidenceId";
import { sampleCsv, sampleDocx, sampleJpeg, samplePdf, samplePng, sampleXlsx } from "../../db/evidence-samples";
import { auditLog, grantReturns, grants, returnEvidence } from "../../db/schema";
import { acceptedGrantForTest } from "../support/accepted-return";
import { EICAR, closedPort, startFakeClamd, type FakeClamd } from "../support/fake-clamd";
import { cookieFor, formTokenFor, request, run, userId, type DemoUser } from "../support/requests";
import { filesIn, streamedUploadRequest, uploadRequest, type UploadOptions } from "../support/uploads";

/**
 * Evidence files on a return, through the routes as a browser would use them: uploads of every
 * type taken, refusals (a type renamed, too large, too many, empty, none chosen, a forged form, a
 * virus) that store nothing, not a row, not a file, not a stray temporary file, downloads and who
 * may have them, removal, and the audit. The returns come from tests/support/accepted-return.ts
 * (an offer marked accepted and its returns made with syncReturnsForGrant).
 */

const melton = acceptedGrantForTest("Play Close CCTV");
const charnwood = acceptedGrantForTest("Loughborough night-time economy street pastors");
// Play Close runs July to December 2023: Q2 and Q3. Q2 takes the uploads; Q3 is filled to the limit.
const [Q2, Q3] = melton.returnIds;
const OTHER = charnwood.returnIds[0];

const pagePath = (grantId: number, returnId: number) => `/grants/${grantId}/returns/${returnId}/evidence`;
const params = (grantId: number, returnId: number, evidenceId?: number) => ({ grantId: String(grantId), returnId: String(returnId), ...(evidenceId ? { evidenceId: String(evidenceId) } : {}) });
const MELTON_Q2 = { grantId: melton.grantId, returnId: Q2 };

async function upload(who: DemoUser, options: UploadOptions, at = MELTON_Q2) {
  return run<any>(evidencePage.action, await uploadRequest(who, pagePath(at.grantId, at.returnId), options), params(at.grantId, at.returnId));
}
async function openPage(who: DemoUser, at = MELTON_Q2) {
  return run<any>(evidencePage.loader, await request(who, pagePath(at.grantId, at.returnId)), params(at.grantId, at.returnId));
}
async function download(who: DemoUser, evidenceId: number, at = MELTON_Q2): Promise<Response> {
  const req = await request(who, `${pagePath(at.grantId, at.returnId)}/${evidenceId}`);
  try {
    return (await evidenceFile.loader({ request: req, params: params(at.grantId, at.returnId, evidenceId), context: {} })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    const d = thrown as { init?: { status?: number } };
    return new Response(null, { status: d.init?.status ?? 500 });
  }
}
async function remove(who: DemoUser, evidenceId: number | string, at = MELTON_Q2) {
  return run<any>(evidencePage.action, await request(who, pagePath(at.grantId, at.returnId), { intent: "remove", evidenceId: String(evidenceId) }), params(at.grantId, at.returnId));
}

const rowsOf = (returnId: number) => db().select().from(returnEvidence).where(eq(returnEvidence.returnId, returnId)).all();
const evidenceAudit = () => db().select().from(auditLog).where(like(auditLog.action, "evidence.%")).all();
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const uploadedId = (location: string | null | undefined) => Number(/\?uploaded=(\d+)$/.exec(location ?? "")?.[1]);

/** Everything stored about evidence: the rows, the audit, and every file in the folder. */
const stored = () => ({ rows: db().get<{ n: number }>(sql`select count(*) as n from return_evidence`).n, audit: evidenceAudit().length, files: filesIn(evidenceDir()) });

const SAMPLES = {
  pdf: { name: "WCCTV invoice 0423.pdf", data: samplePdf(["INVOICE 0423", "CCTV camera, supply and installation: £4,843.00"]), mime: "application/pdf" },
  png: { name: "Camera on the pole.png", data: samplePng(), mime: "image/png" },
  jpeg: { name: "Skate park.jpg", data: sampleJpeg(), mime: "image/jpeg" },
  xlsx: { name: "Spend Q2.xlsx", data: sampleXlsx([["Item", "Cost"], ["Camera", 4843]]), mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  docx: { name: "Letter from the Town Estate.docx", data: sampleDocx(["The Town Estate agrees the site."]), mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
  csv: { name: "spend.csv", data: sampleCsv([["Date", "Item", "Amount"], ["2023-08-14", "Camera (£)", "4843.00"]]), mime: "text/csv" },
} as const;

describe("the returns the tests use", () => {
  it("exist: two for Play Close CCTV, four for the Charnwood street pastors", () => {
    expect(melton.returnIds).toHaveLength(2);
    expect(charnwood.returnIds).toHaveLength(4);
  });

  it("store their files beside the database unless EVIDENCE_PATH says otherwise, never under public/", () => {
    const saved = process.env.EVIDENCE_PATH;
    delete process.env.EVIDENCE_PATH;
    try {
      expect(evidenceDir()).toBe(path.join(path.dirname(path.resolve(process.env.DATABASE_PATH!)), "evidence"));
    } finally {
      process.env.EVIDENCE_PATH = saved;
    }
    expect(evidenceDir()).toBe(path.resolve(saved!));
    expect(evidenceDir()).not.toContain(`${path.sep}public`);
  });
});

describe("uploading each type taken", () => {
  it.each(Object.entries(SAMPLES))("a %s is kept under a random name, with its type from the content, its size, hash and who sent it, and audited", async (_kind, sample) => {
    const res = await upload("meltonLead", { file: { name: sample.name, data: sample.data, type: "application/octet-stream" }, description: `The ${sample.name}` });
    expect(res.status, JSON.stringify(res.data)).toBe(302);
    const id = uploadedId(res.location);
    expect(res.location).toBe(`${pagePath(melton.grantId, Q2)}?uploaded=${id}`);
    const row = rowsOf(Q2).find((r) => r.id === id)!;
    expect(row).toMatchObject({ fileName: sample.name, contentType: sample.mime, sizeBytes: sample.data.length, sha256: sha(sample.data), scan: "not_scanned", description: `The ${sample.name}`, uploadedBy: userId("meltonLead"), removedAt: null });
    expect(row.storedName).toMatch(/^[0-9a-f-]{36}$/);
    expect(fs.readFileSync(storedPath(row.storedName)).equals(sample.data)).toBe(true);
    expect(filesIn(evidenceDir()).some((f) => f.includes(sample.name))).toBe(false);
    const audit = evidenceAudit().find((a) => a.entityId === id)!;
    expect(audit).toMatchObject({ action: "evidence.uploaded", entityType: "evidence", userId: userId("meltonLead") });
    expect(JSON.parse(audit.after!)).toMatchObject({ returnId: Q2, fileName: sample.name, sha256: sha(sample.data) });

    // The page says so and lists it.
    const page = await openPage("meltonLead");
    expect(page.data.banner).toBe(null);
    const listed = page.data.files.find((f: any) => f.id === id);
    expect(listed).toMatchObject({ fileName: sample.name, contentType: sample.mime, sizeBytes: sample.data.length, scan: "not_scanned", uploadedByName: expect.any(String) });
  });

  it("the page after an upload says which file was uploaded, and lists every file for the lead with the upload form", async () => {
    const id = rowsOf(Q2)[0].id;
    const page = await run<any>(evidencePage.loader, await request("meltonLead", `${pagePath(melton.grantId, Q2)}?uploaded=${id}`), params(melton.grantId, Q2));
    expect(page.status).toBe(200);
    expect(page.data.banner).toBe(`${SAMPLES.pdf.name} has been uploaded`);
    expect(page.data.files.map((f: any) => f.fileName)).toEqual(Object.values(SAMPLES).map((s) => s.name));
    expect(page.data).toMatchObject({ canChange: true, remaining: MAX_EVIDENCE_FILES - 6, ret: { status: "Not started" }, grant: { title: "Play Close CCTV" } });
  });

  it("keeps the user's name only as display text: path parts, direction overrides and control characters gone", async () => {
    const res = await upload("meltonLead", { file: { name: "C:\\fakepath\\in\u202evoice.pdf", data: SAMPLES.pdf.data } });
    expect(res.status, JSON.stringify(res.data)).toBe(302);
    const row = rowsOf(Q2).find((r) => r.id === uploadedId(res.location))!;
    expect(row.fileName).toBe("invoice.pdf");
    expect(storedPath(row.storedName)).not.toContain("invoice");
    // A control character in a part's header is not even multipart (busboy refuses it): through the data function.
    const kept = await addEvidence(Readable.from([SAMPLES.pdf.data]), { returnId: Q2, userId: userId("meltonLead"), fileName: "../../in\u0007voice\r\n.pdf" });
    expect(kept.kind).toBe("saved");
    expect(rowsOf(Q2).find((r) => kept.kind === "saved" && r.id === kept.id)!.fileName).toBe("invoice.pdf");
  });

  it("a part header busboy cannot read is a clear refusal, and nothing is kept", async () => {
    const before = stored();
    const res = await upload("meltonLead", { file: { name: "bad\u0007name.pdf", data: SAMPLES.pdf.data } });
    expect(res.status).toBe(400);
    expect(res.data.errors.file).toBe("The selected file could not be uploaded: try again");
    expect(stored()).toEqual(before);
  });

  it("gives a name with no extension the one its content calls for", async () => {
    const res = await upload("meltonLead", { file: { name: "scan", data: SAMPLES.pdf.data } });
    expect(rowsOf(Q2).find((r) => r.id === uploadedId(res.location))!.fileName).toBe("scan.pdf");
  });
});

describe("a refused upload stores nothing: no row, no file, no temporary file, no audit", () => {
  let before: ReturnType<typeof stored>;
  beforeEach(() => {
    before = stored();
  });
  const refusedWith = (res: { status: number; data?: any }, field: string, message: string | RegExp) => {
    expect(res.status, JSON.stringify(res.data)).toBe(400);
    if (typeof message === "string") expect(res.data.errors[field]).toBe(message);
    else expect(res.data.errors[field]).toMatch(message);
    expect(stored()).toEqual(before);
  };

  it("a program renamed .pdf", async () => {
    const exe = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", "latin1"), Buffer.alloc(600)]);
    exe.write("PE\0\0", 0x80, "latin1");
    exe.writeUInt32LE(0x80, 0x3c);
    refusedWith(await upload("meltonLead", { file: { name: "invoice.pdf", data: exe, type: "application/pdf" }, description: "Kept" }), "file", `The selected file's name ends .pdf but its content is not PDF. ${EVIDENCE_MESSAGES.wrongType}`);
  });

  it("a web page renamed .pdf, keeping the description typed", async () => {
    const res = await upload("meltonLead", { file: { name: "invoice.pdf", data: "<!DOCTYPE html><html><script>alert(document.cookie)</script></html>", type: "application/pdf" }, description: "March invoice" });
    refusedWith(res, "file", /content is not PDF\./);
    expect(res.data.values).toEqual({ description: "March invoice" });
  });

  it("a web page renamed .csv", async () => {
    refusedWith(await upload("meltonLead", { file: { name: "spend.csv", data: "\n <html><body onload=alert(1)>" } }), "file", /content is not CSV\./);
  });

  it("a CSV saved in Windows-1252, not UTF-8, told how to save it", async () => {
    refusedWith(await upload("meltonLead", { file: { name: "spend.csv", data: Buffer.from("item,cost\nmirror,\xa338.39\n", "latin1") } }), "file", EVIDENCE_MESSAGES.notUtf8);
  });

  it("a zip renamed .xlsx, and a real PDF named .png", async () => {
    const zip = Buffer.from("504b0304140000000000000000000000000000000000000000000500000061", "hex");
    refusedWith(await upload("meltonLead", { file: { name: "spend.xlsx", data: Buffer.concat([zip, Buffer.alloc(40)]) } }), "file", /content is not XLSX\./);
    refusedWith(await upload("meltonLead", { file: { name: "photo.png", data: SAMPLES.pdf.data } }), "file", "The selected file is a PDF but its name ends .png: rename it to end .pdf and upload it again");
  });

  it("a type not taken (a GIF, a text file)", async () => {
    refusedWith(await upload("meltonLead", { file: { name: "clip.gif", data: Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00;", "latin1") } }), "file", EVIDENCE_MESSAGES.wrongType);
    refusedWith(await upload("meltonLead", { file: { name: "notes.txt", data: "notes" } }), "file", EVIDENCE_MESSAGES.wrongType);
  });

  it("an empty file", async () => {
    refusedWith(await upload("meltonLead", { file: { name: "invoice.pdf", data: "" } }), "file", EVIDENCE_MESSAGES.empty);
  });

  it("no file chosen (the empty, nameless part a browser sends), or no file part at all", async () => {
    refusedWith(await upload("meltonLead", { file: "none-chosen", description: "Forgot the file" }), "file", EVIDENCE_MESSAGES.noFile);
    refusedWith(await upload("meltonLead", { description: "No file part" }), "file", EVIDENCE_MESSAGES.noFile);
  });

  it("a description that is too long", async () => {
    const res = await upload("meltonLead", { file: { name: SAMPLES.pdf.name, data: SAMPLES.pdf.data }, description: "x".repeat(501) });
    refusedWith(res, "description", EVIDENCE_MESSAGES.descriptionTooLong);
  });

  it("a file one byte over 10 MB, streamed in and cut off, never held whole", async () => {
    const res = await run<any>(evidencePage.action, await streamedUploadRequest("meltonLead", pagePath(melton.grantId, Q2), { fileName: "big.pdf", size: MAX_EVIDENCE_BYTES + 1 }), params(melton.grantId, Q2));
    refusedWith(res, "file", EVIDENCE_MESSAGES.tooLarge);
  });

  it("a body far past any file's limit is not read to its end", async () => {
    const res = await run<any>(evidencePage.action, await streamedUploadRequest("meltonLead", pagePath(melton.grantId, Q2), { fileName: "huge.pdf", size: 3 * MAX_EVIDENCE_BYTES }), params(melton.grantId, Q2));
    refusedWith(res, "file", EVIDENCE_MESSAGES.tooLarge);
  });

  it.each(["cut-short", "fails"] as const)("a body that is %s mid-file", async (end) => {
    const res = await run<any>(evidencePage.action, await streamedUploadRequest("meltonLead", pagePath(melton.grantId, Q2), { fileName: "half.pdf", size: 300_000, end }), params(melton.grantId, Q2));
    refusedWith(res, "file", "The selected file could not be uploaded: try again");
  });

  it("a form without the session's token, with a made-up one, or with it after the file, is refused (403) before anything is written", async () => {
    for (const token of ["none", "wrong", "after-file"] as const) {
      const res = await upload("meltonLead", { file: { name: SAMPLES.pdf.name, data: SAMPLES.pdf.data }, token });
      expect(res.status, token).toBe(403);
      expect(res.data).toEqual({ refused: "form" });
      expect(stored()).toEqual(before);
    }
  });

  it("a script's upload may carry the token in the header instead; a wrong one is refused (403), a garbled body is a 400", async () => {
    const wrong = await upload("meltonLead", { file: { name: SAMPLES.pdf.name, data: SAMPLES.pdf.data }, token: "wrong-header" });
    expect(wrong.status).toBe(403);
    expect(stored()).toEqual(before);
    for (const type of ["multipart/form-data; boundary=zzz", "multipart/form-data"]) {
      const cookie = (await cookieFor("meltonLead"))!;
      const headers = { Cookie: cookie, "Content-Type": type, "X-CSRF-Token": await formTokenFor(new Headers({ Cookie: cookie })) };
      const res = await run<any>(evidencePage.action, new Request(`http://localhost${pagePath(melton.grantId, Q2)}`, { method: "POST", headers, body: "--zzz\r\nnot really" }), params(melton.grantId, Q2));
      expect(res.status, type).toBe(400);
      expect(res.data.errors.file).toBe("The selected file could not be uploaded: try again");
    }
    expect(stored()).toEqual(before);
    const good = await upload("meltonLead", { file: { name: "from a script.pdf", data: SAMPLES.pdf.data }, token: "header" });
    expect(good.status).toBe(302);
    expect((await remove("meltonLead", uploadedId(good.location))).status).toBe(302);
  });

  it("a form from another site is refused (403)", async () => {
    const res = await upload("meltonLead", { file: { name: SAMPLES.pdf.name, data: SAMPLES.pdf.data }, headers: { Origin: "https://evil.example" } });
    expect(res.status).toBe(403);
    expect(stored()).toEqual(before);
  });
});

describe("a file exactly 10 MB", () => {
  it("is taken", async () => {
    const res = await run<any>(evidencePage.action, await streamedUploadRequest("meltonLead", pagePath(melton.grantId, Q2), { fileName: "ten.pdf", size: MAX_EVIDENCE_BYTES }), params(melton.grantId, Q2));
    expect(res.status, JSON.stringify(res.data)).toBe(302);
    const row = rowsOf(Q2).find((r) => r.id === uploadedId(res.location))!;
    expect(row.sizeBytes).toBe(MAX_EVIDENCE_BYTES);
    expect(fs.statSync(storedPath(row.storedName)).size).toBe(MAX_EVIDENCE_BYTES);
    expect((await remove("meltonLead", row.id)).status).toBe(302);
  });
});

describe("at most 20 files on a return", () => {
  const Q3_AT = { grantId: melton.grantId, returnId: Q3 };
  beforeAll(async () => {
    for (let i = 1; i <= MAX_EVIDENCE_FILES; i++) {
      const kept = await addEvidence(Readable.from([samplePng(8, 8, i)]), { returnId: Q3, userId: userId("meltonLead"), fileName: `photo ${i}.png` });
      expect(kept.kind).toBe("saved");
    }
  });

  it("the 21st is refused, with the form still on the page for the error summary's link, and nothing is stored", async () => {
    const before = stored();
    const res = await upload("meltonLead", { file: { name: "one more.pdf", data: SAMPLES.pdf.data } }, Q3_AT);
    expect(res.status).toBe(400);
    expect(res.data.errors.file).toBe(EVIDENCE_MESSAGES.tooMany);
    expect(stored()).toEqual(before);
    expect((await openPage("meltonLead", Q3_AT)).data.remaining).toBe(0);
  });

  it("a removed file does not count: once one is removed, another may be uploaded", async () => {
    const first = rowsOf(Q3)[0];
    expect((await remove("meltonLead", first.id, Q3_AT)).status).toBe(302);
    expect(countEvidence(Q3)).toBe(MAX_EVIDENCE_FILES - 1);
    expect((await upload("meltonLead", { file: { name: "one more.pdf", data: SAMPLES.pdf.data } }, Q3_AT)).status).toBe(302);
    expect(countEvidence(Q3)).toBe(MAX_EVIDENCE_FILES);
  });
});

describe("downloading", () => {
  it("is an attachment of the type found at upload, named in UTF-8, not sniffed, not cached, streamed from disk", async () => {
    const res = await upload("meltonLead", { file: { name: "Reçu – août.pdf", data: SAMPLES.pdf.data } });
    const id = uploadedId(res.location);
    const file = await download("meltonLead", id);
    expect(file.status).toBe(200);
    expect(file.headers.get("Content-Type")).toBe("application/pdf");
    expect(file.headers.get("Content-Disposition")).toBe(`attachment; filename="Re_u _ ao_t.pdf"; filename*=UTF-8''Re%C3%A7u%20%E2%80%93%20ao%C3%BBt.pdf`);
    expect(file.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(file.headers.get("Cache-Control")).toBe("private, no-store");
    expect(file.headers.get("Content-Length")).toBe(String(SAMPLES.pdf.data.length));
    expect(file.body).toBeInstanceOf(ReadableStream);
    expect(Buffer.from(await file.arrayBuffer()).equals(SAMPLES.pdf.data)).toBe(true);
  });

  it("a CSV comes as text/csv, never as a page", async () => {
    const id = rowsOf(Q2).find((r) => r.fileName === SAMPLES.csv.name)!.id;
    const file = await download("meltonFinance", id);
    expect(file.headers.get("Content-Type")).toBe("text/csv");
    expect(file.headers.get("Content-Disposition")).toMatch(/^attachment;/);
  });

  it("a file id of another return, a made-up id or garbage is not found", async () => {
    const id = rowsOf(Q2)[0].id;
    expect((await download("meltonLead", id, { grantId: melton.grantId, returnId: Q3 })).status).toBe(404);
    expect((await download("meltonLead", 99_999_999)).status).toBe(404);
    const res = await run(evidenceFile.loader, await request("meltonLead", `${pagePath(melton.grantId, Q2)}/abc`), { ...params(melton.grantId, Q2), evidenceId: "abc" });
    expect(res.status).toBe(404);
  });
});

describe("who may see, upload and remove", () => {
  const someFile = () => rowsOf(Q2).find((r) => r.removedAt === null)!;

  it("another partnership's lead gets 404 for the page, the download, an upload and a removal, and nothing is stored", async () => {
    const before = stored();
    const rowsBefore = rowsOf(Q2);
    expect((await openPage("charnwoodLead")).status).toBe(404);
    expect((await download("charnwoodLead", someFile().id)).status).toBe(404);
    expect((await upload("charnwoodLead", { file: { name: SAMPLES.pdf.name, data: SAMPLES.pdf.data } })).status).toBe(404);
    expect((await remove("charnwoodLead", someFile().id)).status).toBe(404);
    expect(stored()).toEqual(before);
    expect(rowsOf(Q2)).toEqual(rowsBefore);
  });

  it("a return put under another grant in the address is not found, even for its own partnership", async () => {
    expect((await openPage("meltonLead", { grantId: charnwood.grantId, returnId: Q2 })).status).toBe(404);
    expect((await download("meltonLead", someFile().id, { grantId: charnwood.grantId, returnId: Q2 })).status).toBe(404);
  });

  it("Melton's council finance officer reads the list and downloads, but may not upload or remove (403)", async () => {
    const before = stored();
    const page = await openPage("meltonFinance");
    expect(page.status).toBe(200);
    expect(page.data.files.length).toBeGreaterThan(0);
    expect(page.data.canChange).toBe(false);
    expect((await download("meltonFinance", someFile().id)).status).toBe(200);
    expect((await upload("meltonFinance", { file: { name: SAMPLES.pdf.name, data: SAMPLES.pdf.data } })).status).toBe(403);
    expect((await remove("meltonFinance", someFile().id)).status).toBe(403);
    expect(stored()).toEqual(before);
  });

  it.each(["reviewer", "finance", "admin"] as const)("OPCC staff (%s) read the list and download, but may not upload or remove (403)", async (who) => {
    const before = stored();
    const page = await openPage(who);
    expect(page.status).toBe(200);
    expect(page.data.canChange).toBe(false);
    expect((await download(who, someFile().id)).status).toBe(200);
    expect((await upload(who, { file: { name: SAMPLES.pdf.name, data: SAMPLES.pdf.data } })).status).toBe(403);
    expect((await remove(who, someFile().id)).status).toBe(403);
    expect(stored()).toEqual(before);
  });

  it("the Charnwood lead uses their own return", async () => {
    const at = { grantId: charnwood.grantId, returnId: OTHER };
    expect((await upload("charnwoodLead", { file: { name: "patrol.png", data: SAMPLES.png.data } }, at)).status).toBe(302);
    expect((await openPage("meltonLead", at)).status).toBe(404);
  });
});

describe("removing a file", () => {
  it("marks it removed, deletes it from disk, audits it; it is no longer listed or downloadable; twice is refused", async () => {
    const row = rowsOf(Q2).find((r) => r.fileName === SAMPLES.docx.name && r.removedAt === null)!;
    const res = await remove("meltonLead", row.id);
    expect(res.status).toBe(302);
    expect(res.location).toBe(`${pagePath(melton.grantId, Q2)}?removed=${row.id}`);
    const after = rowsOf(Q2).find((r) => r.id === row.id)!;
    expect(after.removedAt).not.toBeNull();
    expect(fs.existsSync(storedPath(row.storedName))).toBe(false);
    const audit = evidenceAudit().filter((a) => a.entityId === row.id).map((a) => a.action);
    expect(audit).toEqual(["evidence.uploaded", "evidence.removed"]);
    const page = await run<any>(evidencePage.loader, await request("meltonLead", `${pagePath(melton.grantId, Q2)}?removed=${row.id}`), params(melton.grantId, Q2));
    expect(page.data.banner).toBe(`${SAMPLES.docx.name} has been removed`);
    expect(page.data.files.some((f: any) => f.id === row.id)).toBe(false);
    expect((await download("meltonLead", row.id)).status).toBe(404);
    const again = await remove("meltonLead", row.id);
    expect(again.status).toBe(409);
    expect(again.data.formError).toBe(EVIDENCE_MESSAGES.alreadyRemoved);
  });

  it("a removal naming no file, or garbage, is a 400", async () => {
    expect((await remove("meltonLead", "")).status).toBe(400);
    expect((await remove("meltonLead", "__proto__")).status).toBe(400);
    const res = await run(evidencePage.action, await request("meltonLead", pagePath(melton.grantId, Q2), { intent: "upload" }), params(melton.grantId, Q2));
    expect(res.status).toBe(400);
  });
});

describe("once the return has been submitted", () => {
  const setStatus = (status: "submitted" | "queried" | "not_started" | "in_progress") => db().update(grantReturns).set({ status }).where(eq(grantReturns.id, Q2)).run();
  afterAll(() => setStatus("not_started"));

  it("no file can be added or removed (409), the page offers neither, and everyone may still download", async () => {
    setStatus("submitted");
    const before = stored();
    const res = await upload("meltonLead", { file: { name: SAMPLES.pdf.name, data: SAMPLES.pdf.data } });
    expect(res.status).toBe(409);
    expect(res.data.formError).toBe(EVIDENCE_MESSAGES.notEditable);
    const row = rowsOf(Q2).find((r) => r.removedAt === null)!;
    expect((await remove("meltonLead", row.id)).status).toBe(409);
    expect(stored()).toEqual(before);
    const page = await openPage("meltonLead");
    expect(page.data.canChange).toBe(false);
    expect(page.data.ret.status).toBe("Submitted");
    expect((await download("reviewer", row.id)).status).toBe(200);
  });

  it("a forged upload to a submitted return is still refused as forged (403)", async () => {
    setStatus("submitted");
    const res = await upload("meltonLead", { file: { name: SAMPLES.pdf.name, data: SAMPLES.pdf.data }, token: "none" });
    expect(res.status).toBe(403);
  });

  it("on a withdrawn grant, no file can be added or removed, whatever the return's status", async () => {
    setStatus("in_progress");
    db().update(grants).set({ withdrawnAt: "2024-01-10T10:00:00.000Z" }).where(eq(grants.id, melton.grantId)).run();
    try {
      const before = stored();
      expect((await upload("meltonLead", { file: { name: SAMPLES.pdf.name, data: SAMPLES.pdf.data } })).status).toBe(409);
      expect((await remove("meltonLead", rowsOf(Q2).find((r) => r.removedAt === null)!.id)).status).toBe(409);
      expect(stored()).toEqual(before);
      const page = await openPage("meltonLead");
      expect(page.data).toMatchObject({ canChange: false, ret: { withdrawn: true } });
    } finally {
      db().update(grants).set({ withdrawnAt: null }).where(eq(grants.id, melton.grantId)).run();
    }
  });

  it("once the OPCC queries it, files may be added again", async () => {
    setStatus("queried");
    expect((await upload("meltonLead", { file: { name: "answer to the query.pdf", data: SAMPLES.pdf.data } })).status).toBe(302);
  });
});

describe("with a virus scanner (CLAMAV_HOST)", () => {
  let clamd: FakeClamd;
  beforeAll(async () => {
    clamd = await startFakeClamd();
    process.env.CLAMAV_HOST = "127.0.0.1";
    process.env.CLAMAV_PORT = String(clamd.port);
    process.env.CLAMAV_TIMEOUT_MS = "500";
  });
  afterAll(async () => {
    delete process.env.CLAMAV_HOST;
    delete process.env.CLAMAV_PORT;
    delete process.env.CLAMAV_TIMEOUT_MS;
    await clamd.close();
  });

  it("a clean file is scanned, kept and shown as checked for viruses", async () => {
    clamd.mode = "normal";
    const res = await upload("meltonLead", { file: { name: "scanned.pdf", data: SAMPLES.pdf.data } });
    expect(res.status).toBe(302);
    expect(clamd.scanned.at(-1)!.equals(SAMPLES.pdf.data)).toBe(true);
    const row = rowsOf(Q2).find((r) => r.id === uploadedId(res.location))!;
    expect(row.scan).toBe("clean");
  });

  it("an infected file is refused and nothing is stored", async () => {
    clamd.mode = "normal";
    const before = stored();
    const res = await upload("meltonLead", { file: { name: "eicar.csv", data: `name,value\n${EICAR},1\n` } });
    expect(res.status).toBe(400);
    expect(res.data.errors.file).toBe(EVIDENCE_MESSAGES.infected);
    expect(stored()).toEqual(before);
  });

  it("a scan that fails or gets no answer refuses the file, saying to try again", async () => {
    const before = stored();
    clamd.mode = "silent";
    expect((await upload("meltonLead", { file: { name: "slow.pdf", data: SAMPLES.pdf.data } })).data.errors.file).toBe(EVIDENCE_MESSAGES.scanFailed);
    clamd.mode = "error";
    expect((await upload("meltonLead", { file: { name: "error.pdf", data: SAMPLES.pdf.data } })).data.errors.file).toBe(EVIDENCE_MESSAGES.scanFailed);
    const port = process.env.CLAMAV_PORT;
    process.env.CLAMAV_PORT = String(await closedPort());
    expect((await upload("meltonLead", { file: { name: "nobody.pdf", data: SAMPLES.pdf.data } })).data.errors.file).toBe(EVIDENCE_MESSAGES.scanFailed);
    process.env.CLAMAV_PORT = port;
    expect(stored()).toEqual(before);
  });
});

describe("temporary files left by a server that stopped mid-upload", () => {
  it("are swept once they are an hour old; newer ones (an upload under way) are left", async () => {
    const incoming = path.join(evidenceDir(), ".incoming");
    fs.mkdirSync(incoming, { recursive: true });
    const old = path.join(incoming, "00000000-0000-4000-a000-000000000000.part");
    const recent = path.join(incoming, "11111111-1111-4111-a111-111111111111.part");
    fs.writeFileSync(old, "half an upload");
    fs.writeFileSync(recent, "an upload under way");
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    fs.utimesSync(old, twoHoursAgo, twoHoursAgo);
    expect(await sweepIncoming()).toBe(1);
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(recent)).toBe(true);
    fs.rmSync(recent);
  });
});

describe("afterwards", () => {
  it("the folder holds exactly the files of the rows not removed, and no temporary file", () => {
    const kept = db()
      .select({ storedName: returnEvidence.storedName })
      .from(returnEvidence)
      .where(and(sql`${returnEvidence.removedAt} is null`))
      .all()
      .map((r) => path.relative(evidenceDir(), storedPath(r.storedName)))
      .sort();
    expect(filesIn(evidenceDir())).toEqual(kept);
  });
});
