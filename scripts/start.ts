import cluster, { type Worker } from "node:cluster";
import fs from "node:fs";
import path from "node:path";
import { pidFile } from "../db/backup";
import { developmentSecret } from "../app/auth/session-secret.server";
import { prepareDatabase, printDemoSignIns } from "../db/prepare";
import { serverProcesses } from "../server/processes";

/**
 * `npm start` after the build (and `npm run dev`, with DEV=1): migrate, seed the demo data into an
 * empty database, print the demo sign-ins, then serve the app (server/http.ts) and run the
 * scheduled jobs on start and every hour (app/jobs/scheduler.server.ts; PORTAL_JOBS=0 turns them off).
 *
 * With PORTAL_WORKERS above 1 (decision record 039) this process migrates and seeds, then forks
 * that many server processes, which share the port; it runs the scheduled jobs itself (so they run
 * in exactly one process), owns the pid file `npm run restore` checks, starts a server again if one
 * dies, and on SIGTERM or SIGINT stops them all before it exits.
 */

const production = process.env.NODE_ENV === "production";
const development = process.env.PORTAL_DEV === "1";
const databasePath = process.env.DATABASE_PATH ?? path.join("data", "portal.db");
process.env.DATABASE_PATH = databasePath;
const port = Number(process.env.PORT ?? "3000");

if (production && !process.env.SESSION_SECRET) {
  console.error("SESSION_SECRET must be set when NODE_ENV=production (a long random string, e.g. `openssl rand -hex 32`).");
  process.exit(1);
}
process.env.SESSION_SECRET ??= developmentSecret(path.dirname(path.resolve(databasePath)));
// Outside production the demo runs on plain http://localhost, where a Secure cookie may not be set.
process.env.COOKIE_SECURE ??= production ? "1" : "0";
// The built app reads NODE_ENV; the demo is served from the production build too.
if (!development) process.env.NODE_ENV = "production";
const workers = serverProcesses(process.env.PORTAL_WORKERS, { development });
// Read by every server process (and its PDF pool, app/pdf/pool.server.ts, to share the cores).
process.env.PORTAL_WORKERS = String(workers);

if (cluster.isPrimary) {
  const { demo } = await prepareDatabase({ demo: process.env.PORTAL_DEMO !== "0" });
  const ready = async () => {
    // `npm run restore` refuses while this file names a live process.
    fs.writeFileSync(pidFile(databasePath), String(process.pid));
    process.once("exit", () => fs.rmSync(pidFile(databasePath), { force: true }));
    if (demo) printDemoSignIns(port);
    else console.log(`Community safety funding portal: http://localhost:${port}${workers > 1 ? ` (${workers} server processes)` : ""}`);
    const { startJobs } = await import("../app/jobs/scheduler.server");
    startJobs();
  };
  if (workers > 1) superviseWorkers(workers, ready);
  else await serve(ready);
} else {
  await serve(() => {});
}

/** Serves the app in this process: the only one, or one of the primary's workers. */
async function serve(onReady: () => void | Promise<void>) {
  const { createPortalApp } = await import("../server/http");
  const { warmPdfPool } = await import("../app/pdf/pool.server");
  const app = await createPortalApp({ production, development, trustProxy: process.env.TRUST_PROXY });
  const onListening = () => {
    void onReady();
    // A PDF worker loads react-pdf and the documents once (about a second): before anyone waits for it.
    warmPdfPool();
  };
  // Without HOST: every address, IPv4 and IPv6.
  const server = process.env.HOST ? app.listen(port, process.env.HOST, onListening) : app.listen(port, onListening);
  server.on("error", (error: NodeJS.ErrnoException) => {
    console.error(error.code === "EADDRINUSE" ? `Port ${port} is in use: set PORT to another.` : error);
    process.exit(1);
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      server.close(() => process.exit(0));
      // Open keep-alive connections would otherwise hold the process for minutes.
      server.closeAllConnections();
    });
  }
}

/**
 * Forks `count` servers and keeps them running. A server that dies is started again, unless five
 * have died within a minute (something is wrong that restarting will not mend): then all stop.
 */
function superviseWorkers(count: number, onReady: () => void | Promise<void>) {
  let stopping = false;
  let listening = 0;
  const deaths: number[] = [];
  const fork = () => {
    const worker = cluster.fork();
    worker.once("listening", () => {
      if (++listening === count) void onReady();
    });
    return worker;
  };
  for (let i = 0; i < count; i++) fork();
  cluster.on("exit", (worker: Worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    const now = Date.now();
    deaths.push(now);
    while (deaths.length && deaths[0] < now - 60_000) deaths.shift();
    console.error(`Server process ${worker.process.pid} stopped (${signal ?? `exit code ${code}`})${deaths.length >= 5 ? ": too many in a minute, stopping" : ", starting another"}.`);
    if (deaths.length >= 5) stopAll(1);
    else fork();
  });
  const stopAll = (code: number) => {
    stopping = true;
    const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w));
    if (alive.length === 0) process.exit(code);
    for (const worker of alive) worker.process.kill("SIGTERM");
    // A server that does not stop in time is ended.
    setTimeout(() => process.exit(code), 10_000).unref();
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stopAll(0));
  // However the primary ends (process.exit from the bench's guard, say), no server outlives it.
  process.once("exit", () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
  });
}
