import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { hashPassword } from "../app/auth/password.server";
import { concurrent, hydrationBytes, javascriptGzipBytes, sequential, Session, timed, type ConcurrentResult, type SequentialResult } from "./bench/client";
import { cpuSeconds, killAllPortals, startPortal, type Portal } from "./bench/portal";
import { discoverIds, fill, PAGES, ROLES, type Ids, type PageSpec, type Role } from "./bench/pages";

/**
 * `npm run bench` (decision record 037): builds, starts the demo and a national-scale database
 * (db/synthetic.ts) side by side, signs in as each role, measures each page at one client and at
 * twenty, and the PDFs, and writes the table to bench/results.md. `-- --quick` is a smoke run on
 * small data (written to data/bench/results-quick.md); `-- --no-build` uses the build there is.
 * Loopback only; every phase is bounded in time, and the portals are always stopped.
 */

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
    out: { type: "string" },
    // While working on a page: `--pages /bids,/review --no-pdfs` measures only the pages whose label
    // contains one of these; `--national FILE` uses that database (migrated on start) instead of the cache.
    pages: { type: "string" },
    "no-pdfs": { type: "boolean", default: false },
    national: { type: "string" },
  },
});
const pageFilter = args.pages ? args.pages.split(",").map((p) => p.trim()).filter(Boolean) : null;
const wanted = (spec: PageSpec) => (pageFilter ? pageFilter.some((p) => spec.label.includes(p)) : !quick || spec.quick);
const quick = args.quick!;

const SETTINGS = quick
  ? { scale: { csps: 30, years: 3, bids: 3_000 }, warmUp: 2, count: 5, seqMs: 2_000, clients: 20, concMs: 1_000, graceMs: 10_000, pdfCount: 3, pdfRefMs: 2_000, pdfBatch: 10, pagesMs: 60_000, hardMs: 4 * 60_000 }
  : { scale: { csps: 300, years: 10, bids: 60_000 }, warmUp: 5, count: 25, seqMs: 6_000, clients: 20, concMs: 3_000, graceMs: 15_000, pdfCount: 15, pdfRefMs: 8_000, pdfBatch: 100, pagesMs: 9 * 60_000, hardMs: 15 * 60_000 };
const PDF_CLIENTS = 5;
const PACK_TIMEOUT_MS = quick ? 10_000 : 30_000;
const out = args.out ?? (quick || args.pages || args["no-pdfs"] ? path.join(ROOT, "data", "bench", "results-quick.md") : path.join(ROOT, "bench", "results.md"));
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const log = (message: string) => console.log(`[bench ${elapsed()}] ${message}`);

// The demo's sign-ins (db/seed.ts), and one person of each role in the national copy, given a known password.
const DEMO_PASSWORD = "demo-portal-2023";
const DEMO_USERS: Record<Role, string> = {
  reviewer: "reviewer@demo.opcc.test",
  admin: "admin@demo.opcc.test",
  finance: "finance@demo.opcc.test",
  lead: "lead.melton@demo.opcc.test",
};
const NATIONAL_USERS: Record<Role, string> = {
  reviewer: "synthetic.reviewer@example.test",
  admin: "synthetic.admin@example.test",
  finance: "synthetic.finance@example.test",
  lead: "lead@synthetic-csp-1.example.test",
};
const NATIONAL_PASSWORD = "bench-national-2039";

// Cleaning up: the portals are ended and the run's directory removed however the bench ends.
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "opcc-bench-"));
const cleanUp = () => {
  killAllPortals();
  fs.rmSync(workDir, { recursive: true, force: true });
};
process.once("exit", cleanUp);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\nbench: ${signal}, stopping the portals`);
    process.exit(130);
  });
}
setTimeout(() => {
  console.error(`bench: over its time limit of ${SETTINGS.hardMs / 60_000} minutes, stopping`);
  process.exit(2);
}, SETTINGS.hardMs).unref();

function build() {
  if (args["no-build"]) {
    if (!fs.existsSync(path.join(ROOT, "build", "server", "index.js"))) throw new Error("--no-build, but there is no build: run `npm run build`");
    return;
  }
  log("building (remix vite:build)");
  execFileSync(path.join(ROOT, "node_modules", ".bin", "remix"), ["vite:build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"], timeout: 300_000 });
}

/** The national database, made once per version of db/synthetic.ts and the migrations, and per scale. */
async function nationalDatabase(): Promise<string> {
  if (args.national) return path.resolve(args.national);
  const hash = crypto.createHash("sha256");
  hash.update(fs.readFileSync(path.join(ROOT, "db", "synthetic.ts")));
  const migrations = path.join(ROOT, "db", "migrations");
  for (const file of fs.readdirSync(migrations, { recursive: true, encoding: "utf8" }).sort()) {
    const full = path.join(migrations, file);
    if (fs.statSync(full).isFile()) hash.update(file).update(fs.readFileSync(full));
  }
  hash.update(JSON.stringify(SETTINGS.scale));
  const { csps, years, bids } = SETTINGS.scale;
  const dir = path.join(ROOT, "data", "bench");
  const file = path.join(dir, `national-${csps}x${years}x${bids}-${hash.digest("hex").slice(0, 12)}.db`);
  if (fs.existsSync(file)) {
    log(`national database from the cache: ${path.relative(ROOT, file)}`);
    return file;
  }
  fs.mkdirSync(dir, { recursive: true });
  for (const old of fs.readdirSync(dir)) if (old.startsWith(`national-${csps}x${years}x${bids}-`)) fs.rmSync(path.join(dir, old), { force: true });
  log(`making the national database (${csps} CSPs × ${years} years × ${bids} bids; cached afterwards)`);
  const partial = path.join(workDir, "national-new.db");
  const { generateSynthetic } = await import("../db/synthetic");
  generateSynthetic(partial, SETTINGS.scale);
  fs.copyFileSync(partial, file);
  fs.rmSync(partial, { force: true });
  return file;
}

/** A copy of the cached database for this run (the portal writes sessions and audit), with known passwords. */
async function nationalCopy(cached: string): Promise<string> {
  const copy = path.join(workDir, "national", "portal.db");
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  fs.copyFileSync(cached, copy);
  const hash = await hashPassword(NATIONAL_PASSWORD);
  const sqlite = new Database(copy);
  try {
    const set = sqlite.prepare("update users set password_hash = ?, active = 1 where email = ?");
    for (const email of Object.values(NATIONAL_USERS)) {
      if (set.run(hash, email).changes !== 1) throw new Error(`No user ${email} in the national database`);
    }
  } finally {
    sqlite.close();
  }
  return copy;
}

interface PageResult {
  spec: PageSpec;
  portal: string;
  path: string | null;
  status: number | null;
  note?: string;
  htmlBytes?: number;
  /** A download's rows (its lines less the header): a whole list's CSV grows with the data, so its growth is a row's. */
  rows?: number;
  hydrationBytes?: number;
  jsFiles?: number;
  jsGzipBytes?: number;
  one?: SequentialResult;
  many?: ConcurrentResult;
}

interface Side {
  portal: Portal;
  sessions: Record<Role, Session>;
  ids: Ids;
}

async function signInAll(portal: Portal, users: Record<Role, string>, password: string): Promise<Record<Role, Session>> {
  const sessions = {} as Record<Role, Session>;
  for (const role of ROLES) {
    const session = new Session(portal.baseURL, users[role]);
    await session.signIn(users[role], password);
    sessions[role] = session;
  }
  return sessions;
}

async function measurePage(side: Side, spec: PageSpec): Promise<PageResult> {
  const url = fill(spec.path, side.ids);
  const result: PageResult = { spec, portal: side.portal.name, path: url, status: null };
  if (!url) return { ...result, note: "no id found" };
  const session = side.sessions[spec.role];
  const first = await timed(session, url, { keepBody: true, timeoutMs: 60_000 });
  result.status = first.status;
  if (first.status === 0) {
    // The server may still be working on it: the next page waits until it answers again.
    await recovered(side.portal);
    return { ...result, note: "no answer within 60 s" };
  }
  if (first.status !== 200) return { ...result, note: `answers ${first.status}` };
  result.htmlBytes = first.bytes;
  const text = first.body!.toString("utf8");
  if (/^\s*<!DOCTYPE html/i.test(text)) {
    result.hydrationBytes = hydrationBytes(text);
    const js = await javascriptGzipBytes(session, text);
    result.jsFiles = js.files;
    result.jsGzipBytes = js.bytes;
  } else if (url.split("?")[0].endsWith(".csv")) {
    result.rows = Math.max(1, text.split("\n").filter((line) => line.trim() !== "").length - 1);
  }
  // A page that takes seconds is warmed and counted less, so the run stays within its time.
  // One that takes more than five is not asked for by twenty clients at once (they would only time out).
  const slow = first.ms > 1_000;
  const verySlow = first.ms > 5_000;
  for (let i = 1; i < (slow ? 2 : SETTINGS.warmUp); i++) await timed(session, url);
  result.one = await sequential(session, url, side.portal.pid, { count: verySlow ? 3 : slow ? 5 : SETTINGS.count, maxMs: SETTINGS.seqMs });
  if (verySlow) return { ...result, note: `not run at ${SETTINGS.clients} clients: one request takes ${ms(first.ms)}` };
  result.many = await concurrent([session], url, side.portal.pid, { clients: SETTINGS.clients, ms: SETTINGS.concMs, graceMs: SETTINGS.graceMs });
  if (result.many.errors) await recovered(side.portal);
  return result;
}

/** Waits (at most two minutes) until the portal answers /healthz within two seconds again. */
async function recovered(portal: Portal) {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    const ok = await fetch(`${portal.baseURL}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
  }
  log(`${portal.name}: /healthz still not answering after two minutes`);
}

interface PdfResult {
  portal: string;
  bidPdf?: { p50: number | null; errors: number; cpuMs: number | null };
  reference?: { path: string; p95Without: number | null; p95With: number | null; pdfsDuring: number; pdfErrorsDuring: number };
  batch?: { count: number; clients: number; seconds: number; errors: number };
  pack?: { ms: number; status: number; bytes: number };
  note?: string;
}

async function measurePdfs(side: Side): Promise<PdfResult> {
  const result: PdfResult = { portal: side.portal.name };
  const session = side.sessions.reviewer;
  const bid = side.ids.bid;
  const bids = side.ids.roundBids.length ? side.ids.roundBids : bid ? [bid] : [];
  if (!bid || !side.ids.round) return { ...result, note: "no bid or round found" };
  await timed(session, `/bids/${bid}.pdf`, { timeoutMs: 60_000 });
  const one = await sequential(session, `/bids/${bid}.pdf`, side.portal.pid, { count: SETTINGS.pdfCount, maxMs: 30_000 });
  result.bidPdf = { p50: one.p50, errors: one.errors, cpuMs: one.cpuMsPerRequest };

  // A page's p95 at one client, alone and while five clients fetch the round's bid PDFs.
  const reference = `/bids/${bid}`;
  const alone = await sequential(session, reference, side.portal.pid, { count: 100_000, maxMs: SETTINGS.pdfRefMs });
  let stop = false;
  let pdfsDuring = 0;
  let pdfErrorsDuring = 0;
  const fetchers = Array.from({ length: PDF_CLIENTS }, async (_, c) => {
    for (let i = c; !stop; i += PDF_CLIENTS) {
      const t = await timed(session, `/bids/${bids[i % bids.length]}.pdf`, { timeoutMs: 60_000 });
      if (t.status === 200) pdfsDuring++;
      else pdfErrorsDuring++;
    }
  });
  await new Promise((r) => setTimeout(r, 300));
  const during = await sequential(session, reference, side.portal.pid, { count: 100_000, maxMs: SETTINGS.pdfRefMs });
  stop = true;
  await Promise.all(fetchers);
  result.reference = { path: reference, p95Without: alone.p95, p95With: during.p95, pdfsDuring, pdfErrorsDuring };

  // The round's first bids as PDFs, five at a time.
  const batch = Array.from({ length: SETTINGS.pdfBatch }, (_, i) => bids[i % bids.length]);
  const t0 = performance.now();
  let errors = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: PDF_CLIENTS }, async () => {
      while (next < batch.length) {
        const t = await timed(session, `/bids/${batch[next++]}.pdf`, { timeoutMs: 60_000 });
        if (t.status !== 200) errors++;
      }
    }),
  );
  result.batch = { count: batch.length, clients: PDF_CLIENTS, seconds: (performance.now() - t0) / 1000, errors };
  if (bids.length < batch.length) result.note = `the round lists ${bids.length} bids: some were fetched twice`;

  // Last of all (the national one at the very end of the run): one whose render outlasts the wait goes on in a worker until the portal stops.
  const pack = await timed(session, `/rounds/${side.ids.round}/pack.pdf`, { timeoutMs: PACK_TIMEOUT_MS });
  result.pack = { ms: pack.ms, status: pack.status, bytes: pack.bytes };
  return result;
}

// ---- Reporting ----

const ms = (v: number | null | undefined) => (v === null || v === undefined ? "–" : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 1 : 0)} ms`);
const kB = (v: number | undefined) => (v === undefined ? "–" : `${(v / 1024).toFixed(v < 10_240 ? 1 : 0)} kB`);
const num = (v: number | null | undefined, digits = 1) => (v === null || v === undefined ? "–" : v.toFixed(digits));

const times = (ratio: number) => `${ratio.toFixed(ratio < 0.95 ? 2 : 1)}×`;

function pageTable(results: PageResult[]): string {
  const rows = [
    "| role | page | data | p50 (1) | p95 (1) | CPU/req | p95 (20) | req/s (20) | errors | HTML | hydration | JS gzip | growth p50 |",
    "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const r of results) {
    const demo = results.find((d) => d.portal === "demo" && d.spec === r.spec);
    const growth =
      r.portal !== "national" || !demo?.one?.p50 || !r.one?.p50
        ? ""
        : r.rows && demo.rows
          ? // A whole list's download: the time a row, with how many rows each has.
            `${times((r.one.p50 / r.rows) / (demo.one.p50 / demo.rows))} a row (${demo.rows.toLocaleString("en-GB")} → ${r.rows.toLocaleString("en-GB")} rows)`
          : times(r.one.p50 / demo.one.p50);
    if (!r.one) {
      rows.push(`| ${r.spec.role} | \`${r.spec.label}\` | ${r.portal} | ${r.note ?? "–"} | | | | | | | | | |`);
      continue;
    }
    const many = r.many ?? { requests: 0, cpuMsPerRequest: 0, errors: 0, p95: null, perSecond: null };
    const cpu = r.one.cpuMsPerRequest !== null && many.cpuMsPerRequest !== null ? (r.one.cpuMsPerRequest * r.one.requests + many.cpuMsPerRequest * many.requests) / (r.one.requests + many.requests) : null;
    rows.push(
      `| ${r.spec.role} | \`${r.spec.label}\` | ${r.portal} | ${ms(r.one.p50)} | ${ms(r.one.p95)} | ${ms(cpu)} | ${r.many ? ms(many.p95) : "not run"} | ${num(many.perSecond)} | ${r.one.errors + many.errors} | ${kB(r.htmlBytes)} | ${kB(r.hydrationBytes)} | ${r.jsGzipBytes === undefined ? "–" : kB(r.jsGzipBytes)} | ${growth} |`,
    );
  }
  return rows.join("\n");
}

function pdfTable(results: PdfResult[]): string {
  const rows = [
    "| data | bid PDF p50 | CPU/PDF | page p95 alone | page p95 with 5 PDF clients | ratio | 100 bid PDFs (5 clients) | round pack PDF | errors | note |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|",
  ];
  for (const r of results) {
    const ratio = r.reference?.p95With && r.reference.p95Without ? `${(r.reference.p95With / r.reference.p95Without).toFixed(1)}×` : "–";
    const errors = (r.bidPdf?.errors ?? 0) + (r.reference?.pdfErrorsDuring ?? 0) + (r.batch?.errors ?? 0);
    const pack = r.pack ? (r.pack.status === 200 ? `${ms(r.pack.ms)} (${kB(r.pack.bytes)})` : r.pack.status ? `answers ${r.pack.status} after ${ms(r.pack.ms)}` : `no answer in ${PACK_TIMEOUT_MS / 1000} s`) : "–";
    rows.push(
      `| ${r.portal} | ${ms(r.bidPdf?.p50)} | ${ms(r.bidPdf?.cpuMs)} | ${ms(r.reference?.p95Without)} | ${ms(r.reference?.p95With)} | ${ratio} | ${r.batch ? `${r.batch.seconds.toFixed(1)} s (${r.batch.count})` : "–"} | ${pack} | ${errors} | ${r.note ?? ""} |`,
    );
  }
  return rows.join("\n");
}

function machine(): string {
  const cpus = os.cpus();
  return [
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpus.length} cores, ${cpus[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
    `- Node ${process.version} on ${os.type()} ${os.release()}`,
    `- Run: ${quick ? "`--quick`" : "full"}; national data ${SETTINGS.scale.csps} CSPs × ${SETTINGS.scale.years} years × ${SETTINGS.scale.bids.toLocaleString("en-GB")} bids (db/synthetic.ts); ` +
      `${SETTINGS.warmUp} warm-up requests, then up to ${SETTINGS.count} at one client (at most ${SETTINGS.seqMs / 1000} s), then ${SETTINGS.clients} clients for ${SETTINGS.concMs / 1000} s` +
      `${quick ? " (a few pages of each role)" : ""}; took ${elapsed()}`,
  ].join("\n");
}

function commit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

async function main() {
  build();
  const cached = await nationalDatabase();
  const nationalFile = await nationalCopy(cached);
  const demoFile = path.join(workDir, "demo", "portal.db");
  fs.mkdirSync(path.dirname(demoFile), { recursive: true });

  log("starting the demo and the national portal");
  const portals = await Promise.allSettled([
    startPortal({ name: "demo", root: ROOT, databasePath: demoFile, demo: true, startTimeoutMs: 180_000 }),
    startPortal({ name: "national", root: ROOT, databasePath: nationalFile, demo: false, startTimeoutMs: 180_000 }),
  ]);
  const failed = portals.find((p) => p.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
  const [demo, national] = portals.map((p) => (p as PromiseFulfilledResult<Portal>).value);
  try {
    log("signing in as each role and finding ids");
    const sides: Side[] = [];
    for (const [portal, users, password] of [
      [demo, DEMO_USERS, DEMO_PASSWORD],
      [national, NATIONAL_USERS, NATIONAL_PASSWORD],
    ] as const) {
      const sessions = await signInAll(portal, users, password);
      sides.push({ portal, sessions, ids: await discoverIds(sessions, SETTINGS.pdfBatch) });
    }
    for (const side of sides) log(`${side.portal.name} ids: ${JSON.stringify({ ...side.ids, roundBids: side.ids.roundBids.length })}`);

    // Each page on the demo, then on the national portal, one portal at a time (both share the cores).
    const results: PageResult[] = [];
    // The pages have a time of their own: a page that is not reached within it is listed as skipped.
    const pagesUntil = Date.now() + SETTINGS.pagesMs;
    for (const spec of PAGES.filter(wanted)) {
      for (const side of sides) {
        if (Date.now() > pagesUntil) {
          results.push({ spec, portal: side.portal.name, path: null, status: null, note: "skipped: out of time" });
          continue;
        }
        const r = await measurePage(side, spec);
        results.push(r);
        log(`${side.portal.name.padEnd(8)} ${spec.role.padEnd(8)} ${(r.path ?? spec.label).padEnd(28)} ${r.one ? `p50 ${ms(r.one.p50)}, p95(20) ${ms(r.many?.p95)}, ${num(r.many?.perSecond)} req/s` : r.note}`);
      }
    }

    log("PDFs");
    const pdfs: PdfResult[] = [];
    for (const side of args["no-pdfs"] ? [] : sides) {
      pdfs.push(await measurePdfs(side));
      log(`${side.portal.name} PDFs: ${JSON.stringify(pdfs.at(-1))}`);
    }

    const cpuOk = cpuSeconds(demo.pid) !== null;
    const markdown = [
      `# Benchmark results${quick ? " (quick run: small data, few requests — not figures to quote)" : ""}`,
      "",
      `\`npm run bench${quick ? " -- --quick" : ""}\` at commit ${commit()}. The columns are explained in README.md, section "Benchmark".`,
      "",
      machine(),
      cpuOk ? "" : "\n(No /proc here: CPU per request is not measured.)\n",
      "## Pages",
      "",
      pageTable(results),
      "",
      "## PDFs",
      "",
      pdfTable(pdfs),
      "",
    ].join("\n");
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, markdown);
    console.log(`\n${markdown}`);
    log(`written to ${path.relative(ROOT, out)}`);
    const errors = results.reduce((n, r) => n + (r.one?.errors ?? 0) + (r.many?.errors ?? 0), 0);
    if (errors) log(`${errors} requests failed (see the errors column)`);
  } catch (error) {
    console.error(`bench: ${(error as Error).message}\n--- demo portal output ---\n${demo.output().slice(-3000)}\n--- national portal output ---\n${national.output().slice(-3000)}`);
    throw error;
  } finally {
    await Promise.all([demo.stop(), national.stop()]);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
