import fs from "node:fs";
import path from "node:path";
import { CSRF_FIELD } from "../../app/auth/csrf.server";
import { cookieFor, formTokenFor, type AnyDemoUser } from "./requests";

/**
 * Multipart uploads as a browser on the portal's page sends them (the CSRF token first, then the
 * file, then its description), and the files an evidence folder holds.
 */

/** "header": the session's token in X-CSRF-Token, as a script sends it, and none in the body. */
export type TokenChoice = "own" | "none" | "wrong" | "after-file" | "header" | "wrong-header";

export interface UploadOptions {
  file?: { name: string; data: Buffer | string; type?: string } | "none-chosen";
  description?: string;
  token?: TokenChoice;
  headers?: Record<string, string>;
}

export async function uploadRequest(who: AnyDemoUser | null, urlPath: string, { file, description, token = "own", headers: extra = {} }: UploadOptions): Promise<Request> {
  const headers = new Headers(extra);
  const cookie = await cookieFor(who);
  if (cookie) headers.set("Cookie", cookie);
  const form = new FormData();
  const own = await formTokenFor(new Headers(cookie ? { Cookie: cookie } : {}));
  if (token === "header") headers.set("X-CSRF-Token", own);
  if (token === "wrong-header") headers.set("X-CSRF-Token", "x".repeat(43));
  const tokenValue = token === "wrong" ? "x".repeat(43) : token === "own" || token === "after-file" ? own : null;
  if (tokenValue && token !== "after-file") form.append(CSRF_FIELD, tokenValue);
  if (file === "none-chosen") form.append("file", new File([], "", { type: "application/octet-stream" }));
  else if (file) form.append("file", new File([new Uint8Array(typeof file.data === "string" ? Buffer.from(file.data) : file.data)], file.name, { type: file.type ?? "application/octet-stream" }));
  if (tokenValue && token === "after-file") form.append(CSRF_FIELD, tokenValue);
  if (description !== undefined) form.append("description", description);
  return new Request(`http://localhost${urlPath}`, { method: "POST", headers, body: form });
}

/**
 * An upload whose file is `size` bytes, made as it is read (64 KB at a time) and never held whole:
 * for files past the limit. It starts like a PDF.
 */
export async function streamedUploadRequest(
  who: AnyDemoUser,
  urlPath: string,
  { fileName, size, end = "complete" }: { fileName: string; size: number; end?: "complete" | "cut-short" | "fails" },
): Promise<Request> {
  const cookie = (await cookieFor(who))!;
  const token = await formTokenFor(new Headers({ Cookie: cookie }));
  const boundary = `----portal-test-${Math.random().toString(36).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${CSRF_FIELD}"\r\n\r\n${token}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  chunk.write("%PDF-1.4\n");
  let sent = -1;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent < 0) {
        controller.enqueue(new Uint8Array(head));
        sent = 0;
      } else if (sent < size) {
        const n = Math.min(chunk.length, size - sent);
        controller.enqueue(new Uint8Array(chunk.subarray(0, n)));
        sent += n;
      } else if (end === "fails") {
        // The connection drops mid-upload.
        controller.error(new Error("Connection reset"));
      } else {
        // Cut short: the body ends without the closing boundary.
        if (end === "complete") controller.enqueue(new Uint8Array(tail));
        controller.close();
      }
    },
  });
  return new Request(`http://localhost${urlPath}`, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": `multipart/form-data; boundary=${boundary}` },
    body,
    duplex: "half",
  } as RequestInit);
}

/** Every file under a folder (not the folders), relative to it, sorted. */
export function filesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}
