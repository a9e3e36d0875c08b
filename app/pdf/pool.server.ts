import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { PdfKind, PdfProps } from "./documents";
import { pdfResponse } from "./render.server";
import type { RenderReply, RenderRequest } from "./worker";

/**
 * PDFs are rendered off the request event loop, in a small pool of worker threads (decision
 * record 29). react-pdf lays a document out synchronously: a meeting pack of a few hundred bids
 * takes seconds, and in the server's own thread every other user's page would wait for it.
 *
 * - Each worker is app/pdf/worker.ts started with `--import tsx`, the way the app itself runs
 *   (scripts/start.ts under tsx; vitest in tests), so it loads the .tsx documents from the
 *   repository without a build step of its own. It is sent plain data (the document's kind and
 *   props) and answers with the bytes.
 * - The pool has as many workers as the machine has cores to spare (at least one; PDF_WORKERS
 *   sets it), started when first needed and kept; an idle worker does not keep the process alive.
 * - At most `maxQueue` requests wait for a worker; one more is refused at once as busy.
 * - A request that has not been answered within its time-out is refused; a worker still rendering
 *   it is stopped and replaced.
 * - A worker that crashes (or runs out of memory) is replaced; the request it held is refused.
 * Every refusal is a PdfUnavailableError, which the PDF routes answer with a 503 and a message.
 */

export type PdfRefusal = "busy" | "timed_out" | "crashed" | "closed";

const REFUSAL_MESSAGES: Record<PdfRefusal, string> = {
  busy: "The portal is making too many PDFs at the moment.",
  timed_out: "The PDF took too long to make.",
  crashed: "Something went wrong while the PDF was being made.",
  closed: "The portal is shutting down.",
};

export class PdfUnavailableError extends Error {
  constructor(readonly reason: PdfRefusal, detail?: string) {
    super(detail ? `${REFUSAL_MESSAGES[reason]} (${detail})` : REFUSAL_MESSAGES[reason]);
    this.name = "PdfUnavailableError";
  }
}

/**
 * A refusal from the pool, whichever copy of this module made the pool (see portalPool): the class
 * of the bundle's copy is not the class of the source's, so this asks by name, not instanceof.
 */
export function isPdfUnavailable(error: unknown): error is PdfUnavailableError {
  return error instanceof Error && error.name === "PdfUnavailableError" && typeof (error as { reason?: unknown }).reason === "string";
}

export interface PoolOptions {
  /** The worker's entry file (a .ts file, run with tsx). */
  workerFile: string;
  /** How many workers at most. */
  size: number;
  /** How many requests may wait for a worker. */
  maxQueue: number;
  /** The default time-out for one request, from when it is made, in milliseconds. */
  timeoutMs: number;
  /** Heap limit for each worker, in megabytes: a runaway document crashes its worker, not the server. */
  maxHeapMb?: number;
}

let workerEntry: string | null = null;
const WORKER_ENTRY_NAME = "worker-entry.mjs";

interface Job {
  id: number;
  kind: string;
  props: unknown;
  resolve: (bytes: Uint8Array) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  slot?: Slot;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  gone: boolean;
}

export interface PoolStats {
  workers: number;
  busy: number;
  queued: number;
  /** Workers replaced after a crash or a time-out since the pool started. */
  replaced: number;
}

export class WorkerPool {
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private nextId = 1;
  private replaced = 0;
  private closed = false;

  constructor(private readonly options: PoolOptions) {}

  /** Renders one document in a worker: its bytes, or a PdfUnavailableError. */
  run(kind: string, props: unknown, { timeoutMs = this.options.timeoutMs }: { timeoutMs?: number } = {}): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new PdfUnavailableError("closed"));
    const idle = this.slots.find((s) => !s.job && !s.gone);
    if (!idle && this.slots.length >= this.options.size && this.queue.length >= this.options.maxQueue) {
      return Promise.reject(new PdfUnavailableError("busy", `${this.queue.length} waiting`));
    }
    return new Promise<Uint8Array>((resolve, reject) => {
      const job: Job = { id: this.nextId++, kind, props, resolve, reject, timer: setTimeout(() => this.timeOut(job), timeoutMs) };
      job.timer.unref();
      const slot = idle ?? (this.slots.length < this.options.size ? this.spawn() : null);
      if (slot) this.dispatch(slot, job);
      else this.queue.push(job);
    });
  }

  /** Starts a worker if none is running, ready for the first request. */
  warm(): void {
    if (!this.closed && this.slots.length === 0) this.spawn();
  }

  stats(): PoolStats {
    return { workers: this.slots.length, busy: this.slots.filter((s) => s.job).length, queued: this.queue.length, replaced: this.replaced };
  }

  /** Stops every worker; waiting and running requests are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.settle(job, new PdfUnavailableError("closed"));
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      slot.gone = true;
      if (slot.job) this.settle(slot.job, new PdfUnavailableError("closed"));
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    // worker-entry.mjs registers tsx, which then compiles the worker and the documents it imports.
    const worker = new Worker((workerEntry ??= pdfSourceFile(WORKER_ENTRY_NAME)), {
      workerData: { entry: pathToFileURL(this.options.workerFile).href },
      execArgv: [],
      resourceLimits: this.options.maxHeapMb ? { maxOldGenerationSizeMb: this.options.maxHeapMb } : undefined,
    });
    const slot: Slot = { worker, job: null, gone: false };
    worker.unref();
    worker.on("message", (reply: RenderReply) => this.answered(slot, reply));
    // 'error' (an uncaught exception, or out of memory) is followed by 'exit'; either ends the slot.
    worker.on("error", (error) => this.lost(slot, error.message));
    worker.on("exit", (code) => this.lost(slot, `the worker stopped with exit code ${code}`));
    this.slots.push(slot);
    return slot;
  }

  private dispatch(slot: Slot, job: Job) {
    slot.job = job;
    job.slot = slot;
    slot.worker.ref();
    const message: RenderRequest = { id: job.id, kind: job.kind, props: job.props };
    try {
      slot.worker.postMessage(message);
    } catch (error) {
      // Props that cannot be cloned (a function, a class instance): a programming error.
      slot.job = null;
      slot.worker.unref();
      this.settle(job, error instanceof Error ? error : new Error(String(error)));
      this.next(slot);
    }
  }

  private answered(slot: Slot, reply: RenderReply) {
    const job = slot.job;
    if (!job || job.id !== reply.id) return;
    slot.job = null;
    slot.worker.unref();
    this.settle(job, reply.ok ? reply.bytes : new Error(`The PDF "${job.kind}" could not be rendered: ${reply.message}`));
    this.next(slot);
  }

  /** A worker crashed, ran out of memory or was stopped: its request is refused, and it is replaced. */
  private lost(slot: Slot, detail: string) {
    if (slot.gone) return;
    slot.gone = true;
    this.slots = this.slots.filter((s) => s !== slot);
    if (this.closed) return;
    this.replaced++;
    if (slot.job) this.settle(slot.job, new PdfUnavailableError("crashed", detail));
    slot.job = null;
    // The replacement starts when there is work for it (at once if requests are waiting), so a
    // worker that cannot start at all does not restart in a loop.
    const waiting = this.queue.shift();
    if (waiting) this.dispatch(this.spawn(), waiting);
  }

  private timeOut(job: Job) {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(job, new PdfUnavailableError("timed_out", "it waited too long for a free worker"));
      return;
    }
    const slot = job.slot;
    this.settle(job, new PdfUnavailableError("timed_out"));
    if (slot && slot.job === job && !slot.gone) {
      // The worker is still laying the document out and cannot be interrupted: stop it, and
      // let no request reach it while it stops.
      slot.job = null;
      this.lost(slot, "stopped after the time-out");
      void slot.worker.terminate();
    }
  }

  private next(slot: Slot) {
    const waiting = this.queue.shift();
    if (waiting) this.dispatch(slot, waiting);
  }

  private settle(job: Job, outcome: Uint8Array | Error) {
    clearTimeout(job.timer);
    job.slot = undefined;
    if (outcome instanceof Error) job.reject(outcome);
    else job.resolve(outcome);
  }
}

// ---------------------------------------------------------------------------------------------
// The portal's pool

/**
 * A file of app/pdf in the repository. The app runs from the repository root, as the fonts are
 * found (fonts.server.ts); the module's own location is the fallback (the source, under vitest).
 */
function pdfSourceFile(name: string): string {
  const candidates = [path.resolve(process.cwd(), "app/pdf", name)];
  try {
    candidates.push(fileURLToPath(new URL(`./${name}`, import.meta.url)));
  } catch {
    // Not a file URL: the working directory must do.
  }
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) throw new Error(`The PDF worker's ${name} was not found at: ${candidates.join(", ")}`);
  return found;
}

/** The portal's worker: app/pdf/worker.ts. */
export const pdfWorkerFile = () => pdfSourceFile("worker.ts");

function positiveInteger(value: string | undefined): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * One core is left to each server process's own thread, and the rest shared between the processes
 * (PORTAL_WORKERS, scripts/start.ts); at least one worker a process, at most four.
 */
export function defaultPoolSize(cores = os.availableParallelism(), processes = positiveInteger(process.env.PORTAL_WORKERS) ?? 1): number {
  return Math.max(1, Math.min(4, Math.floor((cores - processes) / processes)));
}

/**
 * One pool for the process, kept on globalThis: scripts/start.ts (the source, under tsx) and the
 * built server bundle each have their own copy of this module, and must share the workers.
 */
const POOL_KEY = Symbol.for("opcc-portal.pdf-pool");
const holder = globalThis as typeof globalThis & { [POOL_KEY]?: WorkerPool | null };

function portalPool(): WorkerPool {
  let pool = holder[POOL_KEY];
  if (!pool) {
    const size = positiveInteger(process.env.PDF_WORKERS) ?? defaultPoolSize();
    pool = holder[POOL_KEY] = new WorkerPool({
      workerFile: pdfWorkerFile(),
      size,
      maxQueue: positiveInteger(process.env.PDF_QUEUE) ?? size * 8,
      timeoutMs: positiveInteger(process.env.PDF_TIMEOUT_MS) ?? 60_000,
      maxHeapMb: 1024,
    });
  }
  return pool;
}

/** Renders one of the portal's documents (app/pdf/documents.ts) in the pool. */
export function renderPdfDocument<K extends PdfKind>(kind: K, props: PdfProps<K>, options?: { timeoutMs?: number }): Promise<Uint8Array> {
  return portalPool().run(kind, props, options);
}

/** Starts one worker now, so the first PDF anyone asks for does not wait for it to load (scripts/start.ts). */
export function warmPdfPool(): void {
  portalPool().warm();
}

export function pdfPoolStats(): PoolStats | null {
  return holder[POOL_KEY]?.stats() ?? null;
}

/** Stops the portal's workers (tests; a server shutting down need not: its threads end with it). */
export async function closePdfPool(): Promise<void> {
  const current = holder[POOL_KEY];
  holder[POOL_KEY] = null;
  await current?.close();
}

/** A PDF the pool refused, as the browser gets it: 503, in words, with when to try again. */
export function pdfUnavailableResponse(error: PdfUnavailableError): Response {
  return new Response(`${error.message.replace(/ \(.*\)$/, "")} Try again in a minute.\n`, {
    status: 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "60", "Cache-Control": "no-store" },
  });
}

/**
 * A PDF route's answer: the document rendered in the pool as an inline download (pdfResponse), or
 * the 503 the pool's refusal calls for. Any other failure is a fault and is thrown.
 */
export async function pdfDocumentResponse<K extends PdfKind>(kind: K, props: PdfProps<K>, filename: string, options?: { timeoutMs?: number }): Promise<Response> {
  try {
    return pdfResponse(await renderPdfDocument(kind, props, options), filename);
  } catch (error) {
    if (isPdfUnavailable(error)) return pdfUnavailableResponse(error);
    throw error;
  }
}
