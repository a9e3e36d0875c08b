import fs from "node:fs";
import os from "node:os";
import { parentPort } from "node:worker_threads";
import { createElement, type FunctionComponent } from "react";
import { PDF_DOCUMENTS, type PdfKind } from "./documents";
import { renderPdf } from "./render.server";

/** How much lower than the server a PDF worker runs (nice 10: it gets about a tenth of a contested core). */
const PDF_THREAD_NICENESS = 10;

/**
 * A PDF worker (started by pool.server.ts with tsx, so it loads the .tsx documents as they are in
 * the repository): it takes one { id, kind, props } at a time, renders the document and answers
 * { id, ok: true, bytes } with the bytes transferred, or { id, ok: false, message } when the
 * document cannot be rendered. It reads nothing else: no database, no session.
 */

export interface RenderRequest {
  id: number;
  kind: string;
  props: unknown;
}

export type RenderReply = { id: number; ok: true; bytes: Uint8Array } | { id: number; ok: false; message: string };

const port = parentPort;
if (!port) throw new Error("app/pdf/worker.ts runs in a worker thread started by app/pdf/pool.server.ts");

lowerThisThreadsPriority();

/**
 * A PDF waits a little for a page, not a page for a PDF: on Linux a thread has a priority of its
 * own, so this worker's thread (found through /proc/thread-self) is made "nicer" than the server's
 * event loop. On a two-core machine the worker otherwise took a whole core from the pages while
 * it laid a pack out (decision record 046). Elsewhere, or if the system refuses, nothing changes.
 */
function lowerThisThreadsPriority() {
  try {
    const tid = Number(fs.readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, PDF_THREAD_NICENESS);
  } catch {
    // Not Linux, or not allowed: the worker runs at the server's priority.
  }
}

port.on("message", (message: RenderRequest) => {
  void render(message).then(({ reply, transfer }) => port.postMessage(reply, transfer));
});

async function render({ id, kind, props }: RenderRequest): Promise<{ reply: RenderReply; transfer: ArrayBuffer[] }> {
  try {
    if (!Object.hasOwn(PDF_DOCUMENTS, kind)) throw new Error(`There is no PDF document of kind "${kind}"`);
    const component = PDF_DOCUMENTS[kind as PdfKind] as FunctionComponent<unknown>;
    const pdf = await renderPdf(createElement(component, props as object));
    // A copy of its own, so the whole buffer can be handed over rather than copied again.
    const bytes = new Uint8Array(pdf.byteLength);
    bytes.set(pdf);
    return { reply: { id, ok: true, bytes }, transfer: [bytes.buffer] };
  } catch (error) {
    return { reply: { id, ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, transfer: [] };
  }
}
