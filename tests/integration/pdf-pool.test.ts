import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PdfUnavailableError, WorkerPool, closePdfPool, defaultPoolSize, pdfUnavailableResponse, type PoolOptions } from "../../app/pdf/pool.server";
import * as bidPdf from "../../app/routes/bids.$bidId[.pdf]";
import { request } from "../support/requests";
import { bidIdByTitle } from "./helpers";

/** The PDF worker pool (app/pdf/pool.server.ts, decision record 29), with a worker that misbehaves on request. */

const TEST_WORKER = path.resolve("tests/support/pdf-test-worker.ts");
const pools: WorkerPool[] = [];
function testPool(options: Partial<PoolOptions> = {}) {
  const pool = new WorkerPool({ workerFile: TEST_WORKER, size: 1, maxQueue: 4, timeoutMs: 10_000, ...options });
  pools.push(pool);
  return pool;
}
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

async function refusal(promise: Promise<unknown>): Promise<PdfUnavailableError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PdfUnavailableError);
  return error as PdfUnavailableError;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe("the PDF worker pool", () => {
  it("sizes itself from the cores, leaving one to the server, with at least one worker", () => {
    expect(defaultPoolSize(1)).toBe(1);
    expect(defaultPoolSize(2)).toBe(1);
    expect(defaultPoolSize(4)).toBe(3);
    expect(defaultPoolSize(64)).toBe(4);
    // Several server processes (PORTAL_WORKERS) share what is left after one core each.
    expect(defaultPoolSize(2, 2)).toBe(1);
    expect(defaultPoolSize(8, 3)).toBe(1);
    expect(defaultPoolSize(16, 2)).toBe(4);
    expect(defaultPoolSize(8, 2)).toBe(3);
  });

  it("answers in order through one worker, queueing what it cannot start yet", async () => {
    const pool = testPool({ size: 1 });
    const answers = await Promise.all(["one", "two", "three"].map((t) => pool.run("echo", { text: t })));
    expect(answers.map(text)).toEqual(["one", "two", "three"]);
    expect(pool.stats()).toMatchObject({ workers: 1, busy: 0, queued: 0, replaced: 0 });
  });

  it("uses up to its size of workers at once", async () => {
    const pool = testPool({ size: 2 });
    const started = Date.now();
    await Promise.all([pool.run("wait", { ms: 400 }), pool.run("wait", { ms: 400 })]);
    expect(pool.stats().workers).toBe(2);
    // Two at once: well under the 800 ms one after the other would take (plus two worker starts).
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("refuses at once when the queue is full", async () => {
    const pool = testPool({ size: 1, maxQueue: 1 });
    const running = pool.run("wait", { ms: 300 });
    const queued = pool.run("wait", { ms: 10 });
    const error = await refusal(pool.run("echo", {}));
    expect(error.reason).toBe("busy");
    expect(text(await running)).toBe("wait");
    expect(text(await queued)).toBe("wait");
  });

  it("refuses a request that crashes its worker, and replaces the worker", async () => {
    const pool = testPool();
    expect(text(await pool.run("echo", { text: "before" }))).toBe("before");
    expect((await refusal(pool.run("crash", {}))).reason).toBe("crashed");
    expect(text(await pool.run("echo", { text: "after" }))).toBe("after");
    expect(pool.stats()).toMatchObject({ workers: 1, replaced: 1 });
    expect((await refusal(pool.run("exit", {}))).reason).toBe("crashed");
    expect(text(await pool.run("echo", { text: "again" }))).toBe("again");
    expect(pool.stats().replaced).toBe(2);
  });

  it("hands the queue to the replacement of a worker that crashed", async () => {
    const pool = testPool({ size: 1 });
    const crashing = refusal(pool.run("crash", {}));
    const waiting = pool.run("echo", { text: "waited" });
    expect((await crashing).reason).toBe("crashed");
    expect(text(await waiting)).toBe("waited");
  });

  it("stops a worker that takes too long, refuses its request, and carries on", async () => {
    const pool = testPool({ size: 1, timeoutMs: 600 });
    const started = Date.now();
    const hung = refusal(pool.run("hang", {}));
    const queued = refusal(pool.run("echo", {}, { timeoutMs: 300 }));
    expect((await queued).reason).toBe("timed_out");
    expect((await hung).reason).toBe("timed_out");
    expect(Date.now() - started).toBeLessThan(5_000);
    // The replacement worker may take longer than the pool's short limit to start on a busy machine.
    expect(text(await pool.run("echo", { text: "next" }, { timeoutMs: 10_000 }))).toBe("next");
    expect(pool.stats().replaced).toBe(1);
  });

  it("refuses a request whose worker runs out of memory, and replaces it", async () => {
    const pool = testPool({ maxHeapMb: 64 });
    expect((await refusal(pool.run("oom", {}))).reason).toBe("crashed");
    expect(text(await pool.run("echo", { text: "fine" }))).toBe("fine");
  });

  it("passes on a document that cannot be rendered as a fault, keeping the worker", async () => {
    const pool = testPool();
    await expect(pool.run("fail", {})).rejects.toThrow(/could not be rendered: the document could not be laid out/);
    expect(text(await pool.run("echo", { text: "still here" }))).toBe("still here");
    expect(pool.stats().replaced).toBe(0);
  });

  it("refuses everything once closed", async () => {
    const pool = testPool();
    const running = refusal(pool.run("hang", {}));
    await pool.close();
    expect((await running).reason).toBe("closed");
    expect((await refusal(pool.run("echo", {}))).reason).toBe("closed");
  });

  it("answers a refusal as a 503 with a message and when to try again", async () => {
    const res = pdfUnavailableResponse(new PdfUnavailableError("busy", "16 waiting"));
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("60");
    expect(await res.text()).toBe("The portal is making too many PDFs at the moment. Try again in a minute.\n");
  });
});

describe("the PDF routes on the pool", () => {
  afterEach(async () => {
    delete process.env.PDF_TIMEOUT_MS;
    await closePdfPool();
  });

  it("answers 503 with a message, not a hang, when the PDF cannot be made in time", async () => {
    await closePdfPool();
    process.env.PDF_TIMEOUT_MS = "1";
    const bidId = bidIdByTitle("Drink Safe");
    const res = (await bidPdf.loader({ request: await request("meltonLead", `/bids/${bidId}.pdf`), params: { bidId: String(bidId) }, context: {} })) as Response;
    expect(res.status).toBe(503);
    expect(res.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(await res.text()).toMatch(/^The PDF took too long to make\. Try again in a minute\./);
  });

  it.runIf(process.platform === "linux")("renders at a lower priority than the pages: the worker's thread is nicer than the server's", async () => {
    const bidId = bidIdByTitle("Drink Safe");
    const res = (await bidPdf.loader({ request: await request("meltonLead", `/bids/${bidId}.pdf`), params: { bidId: String(bidId) }, context: {} })) as Response;
    expect(res.status).toBe(200);
    const niceness = fs.readdirSync(`/proc/${process.pid}/task`).map((tid) => {
      const stat = fs.readFileSync(`/proc/${process.pid}/task/${tid}/stat`, "utf8");
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
    });
    // Nice 10 (or the process's own, if that is already lower).
    expect(Math.max(...niceness)).toBe(Math.max(10, os.getPriority()));
  });

  it("renders the bid's PDF in a worker", async () => {
    const bidId = bidIdByTitle("Drink Safe");
    const res = (await bidPdf.loader({ request: await request("meltonLead", `/bids/${bidId}.pdf`), params: { bidId: String(bidId) }, context: {} })) as Response;
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });
});

describe("warming the pool", () => {
  it("starts one worker before any request, which then answers the first", async () => {
    const pool = testPool({ size: 2 });
    pool.warm();
    pool.warm();
    expect(pool.stats()).toMatchObject({ workers: 1, busy: 0 });
    expect(text(await pool.run("echo", { text: "warm" }))).toBe("warm");
    expect(pool.stats().workers).toBe(1);
  });
});
