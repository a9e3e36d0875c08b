import fs from "node:fs";
import path from "node:path";
import { pidFile } from "../db/backup";
import { developmentSecret } from "../app/auth/session-secret.server";
import { prepareDatabase, printDemoSignIns } from "../db/prepare";

/**
 * `npm start` after the build (and `npm run dev`, with DEV=1): migrate, seed the demo data into an
 * empty database, print the demo sign-ins, then serve the app (server/http.ts) and run the
 * scheduled jobs on start and every hour (app/jobs/scheduler.server.ts; PORTAL_JOBS=0 turns them off).
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

const { demo } = await prepareDatabase({ demo: process.env.PORTAL_DEMO !== "0" });

const { createPortalApp } = await import("../server/http");
const { startJobs } = await import("../app/jobs/scheduler.server");
const { warmPdfPool } = await import("../app/pdf/pool.server");
const app = await createPortalApp({ production, development, trustProxy: process.env.TRUST_PROXY });
const onListening = () => {
  // `npm run restore` refuses while this file names a live process.
  fs.writeFileSync(pidFile(databasePath), String(process.pid));
  process.once("exit", () => fs.rmSync(pidFile(databasePath), { force: true }));
  if (demo) printDemoSignIns(port);
  else console.log(`Community safety funding portal: http://localhost:${port}`);
  startJobs();
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
