import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { killAllPortals } from "./bench/portal";
import { ensureBuild } from "./load/portal-run";
import { runLoad } from "./load/run-load";

/**
 * `npm run test:load` (decision record 038): 50 clients × 60 s of mixed reads and writes on a
 * portal of its own (loopback only); fails on any error or SQLITE_BUSY. `-- --clients 10
 * --seconds 5` is the short version `npm test` runs; `-- --no-build` uses the build there is.
 * PORTAL_WORKERS, if set, is passed on to the portal.
 */

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const { values: args } = parseArgs({
  options: {
    clients: { type: "string", default: "50" },
    seconds: { type: "string", default: "60" },
    seed: { type: "string", default: "1" },
    "no-build": { type: "boolean", default: false },
  },
});
const clients = Number(args.clients);
const seconds = Number(args.seconds);
if (!(Number.isInteger(clients) && clients >= 1 && clients <= 500) || !(seconds > 0 && seconds <= 3600)) {
  console.error("load: --clients must be 1–500 and --seconds 1–3600");
  process.exit(2);
}
const started = Date.now();
const log = (message: string) => console.log(`[load ${((Date.now() - started) / 1000).toFixed(0)} s] ${message}`);

// Bounded: the build, the portal's start and the run, with room to spare; the portal always ends.
process.once("exit", killAllPortals);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));
const limitMs = seconds * 1000 + 8 * 60_000;
setTimeout(() => {
  console.error(`load: over its time limit of ${(limitMs / 60_000).toFixed(0)} minutes, stopping`);
  process.exit(2);
}, limitMs).unref();

try {
  ensureBuild(ROOT, !args["no-build"], log);
  const result = await runLoad({ root: ROOT, clients, seconds, graceMs: 30_000, seed: Number(args.seed), log });
  const { tally, busy } = result;
  console.log(`\n${clients} clients × ${result.seconds.toFixed(1)} s${process.env.PORTAL_WORKERS ? `, PORTAL_WORKERS=${process.env.PORTAL_WORKERS}` : ""}: ${tally.requests} requests (${(tally.requests / result.seconds).toFixed(0)}/s), ${tally.errors} errors, ${busy.length} SQLITE_BUSY\n`);
  console.log(tally.table());
  if (tally.reasons.length) console.log(`\nFirst errors:\n${tally.reasons.map((r) => `  ${r}`).join("\n")}`);
  if (busy.length) console.log(`\nThe server reported the database busy:\n${busy.slice(0, 10).map((l) => `  ${l}`).join("\n")}`);
  const failed = tally.errors > 0 || busy.length > 0 || tally.requests === 0;
  if (failed) console.log(`\n--- server output (last lines) ---\n${result.output.slice(-3000)}`);
  console.log(failed ? "\nload: FAILED" : "\nload: passed (0 errors, 0 SQLITE_BUSY)");
  process.exit(failed ? 1 : 0);
} catch (error) {
  console.error(`load: ${(error as Error).stack ?? error}`);
  process.exit(1);
}
