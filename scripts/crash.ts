import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { killAllPortals } from "./bench/portal";
import { ensureBuild } from "./load/portal-run";
import { runCrash } from "./load/run-crash";

/**
 * `npm run test:crash` (decision record 038): 20 rounds of writes interrupted by kill -9, each
 * followed by PRAGMA integrity_check, foreign_key_check and a look-up of every acknowledged
 * write. `-- --rounds 3` is the short version `npm test` runs; `-- --no-build` uses the build
 * there is. PORTAL_WORKERS, if set, is passed on to the portal. Loopback only, bounded in time.
 */

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const { values: args } = parseArgs({
  options: {
    rounds: { type: "string", default: "20" },
    clients: { type: "string", default: "6" },
    seed: { type: "string", default: String(Date.now() % 100_000) },
    "no-build": { type: "boolean", default: false },
  },
});
const rounds = Number(args.rounds);
const clients = Number(args.clients);
const seed = Number(args.seed);
if (!(Number.isInteger(rounds) && rounds >= 1 && rounds <= 200) || !(Number.isInteger(clients) && clients >= 1 && clients <= 50) || !Number.isInteger(seed)) {
  console.error("crash: --rounds must be 1–200, --clients 1–50, --seed a whole number");
  process.exit(2);
}
const started = Date.now();
const log = (message: string) => console.log(`[crash ${((Date.now() - started) / 1000).toFixed(0)} s] ${message}`);

process.once("exit", killAllPortals);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));
// Each round: a start (a few seconds idle, a minute on a machine shared with much else), up to
// 2.5 s of writes after the first, the checks; with plenty of room.
const limitMs = 5 * 60_000 + rounds * 90_000;
setTimeout(() => {
  console.error(`crash: over its time limit of ${(limitMs / 60_000).toFixed(0)} minutes, stopping`);
  process.exit(2);
}, limitMs).unref();

try {
  ensureBuild(ROOT, !args["no-build"], log);
  log(`${rounds} rounds, ${clients} writing clients, seed ${seed} (-- --seed ${seed} repeats the kill times)${process.env.PORTAL_WORKERS ? `, PORTAL_WORKERS=${process.env.PORTAL_WORKERS}` : ""}`);
  const result = await runCrash({ root: ROOT, rounds, clients, killAfterMs: [100, 2_500], seed, log });
  const failures = result.rounds.flatMap((r) => r.problems.map((p) => `round ${r.round}: ${p}`));
  if (failures.length) console.log(`\n${failures.slice(0, 20).join("\n")}`);
  console.log(result.failed ? `\ncrash: FAILED` : `\ncrash: passed (${result.rounds.length} rounds, ${result.acknowledged} acknowledged writes, all present; integrity and foreign keys ok)`);
  process.exit(result.failed ? 1 : 0);
} catch (error) {
  console.error(`crash: ${(error as Error).stack ?? error}`);
  process.exit(1);
}
