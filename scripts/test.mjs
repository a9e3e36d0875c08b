#!/usr/bin/env node
// `npm test`: typecheck, unit and integration tests (vitest), build, short load and crash tests, then the browser journeys
// (Playwright with Debian's Chromium). A missing Chromium is a failure, never a silent skip.
// Every step has a time limit: a step that overruns is stopped, with everything it started.
import { existsSync } from "node:fs";
import { spawn, spawnSync } from "node:child_process";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(
    `\nChromium was not found at ${chromium}.\n` +
      "The end-to-end tests need Debian's Chromium: run `sudo apt-get install -y chromium` (or `bash .ci/run`, which installs it),\n" +
      "or set CHROMIUM_PATH to a Chromium binary. No tests were run.\n",
  );
  process.exit(1);
}

if (spawnSync("pdftotext", ["-v"], { stdio: "ignore", timeout: 10_000 }).error) {
  console.error("\npdftotext was not found. The PDF tests read PDFs back with it: run `sudo apt-get install -y poppler-utils` (or `bash .ci/run`). No tests were run.\n");
  process.exit(1);
}

const minutes = (n) => n * 60_000;
// Each step: a name, a command, its time limit; `alongside` starts it with the steps after it, and
// the run waits for it before the browser journeys. Typecheck is one process on one core, and the
// build, load and crash steps leave the other one mostly idle: together they take 20–30 s less.
const steps = [
  ["Unit and integration tests", "npx", ["vitest", "run"], minutes(8)],
  ["Typecheck", "npx", ["tsc", "--noEmit"], minutes(4), { alongside: true }],
  ["Build", "npx", ["remix", "vite:build"], minutes(4)],
  ["Browser bundle check", "node", ["scripts/check-client-bundle.mjs"], minutes(1)],
  // The short versions of `npm run test:load` and `npm run test:crash` (decision record 038): they
  // need the build, and start portals of their own, so they run here rather than in vitest.
  ["Load test (short)", "npx", ["tsx", "scripts/load.ts", "--no-build", "--clients", "10", "--seconds", "5"], minutes(4)],
  ["Crash test (short)", "npx", ["tsx", "scripts/crash.ts", "--no-build", "--rounds", "3"], minutes(5)],
  ["End-to-end tests", "npx", ["playwright", "test"], minutes(20), { waitForAlongside: true }],
];

/** How to stop each step still running, with everything it started. */
const running = new Set();

/**
 * Runs one step in a process group of its own, so a timeout can stop it and all it started. A step
 * run alongside others keeps its output until it ends, so that it does not break into theirs.
 */
function run(name, cmd, args, limit, { quiet = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit", detached: true, env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" } });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    const stopGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      console.error(`\n${name} took longer than ${limit / 60_000} minutes and was stopped.`);
      stopGroup("SIGTERM");
      setTimeout(() => stopGroup("SIGKILL"), 5_000).unref();
    }, limit);
    const forward = (signal) => stopGroup(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    running.add(stopGroup);
    child.on("exit", () => {
      clearTimeout(timer);
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      // Nothing a step started may outlive it (a server, a browser).
      stopGroup("SIGKILL");
      running.delete(stopGroup);
    });
    child.on("close", (code, signal) => {
      if (quiet) console.log(`\n== ${name} finished${output.trim() ? ":\n" + output.trimEnd() : " (no output)."}`);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

const alongside = [];
const fail = (name, status) => {
  console.error(`\n${name} failed.`);
  for (const stopGroup of running) stopGroup("SIGKILL");
  process.exit(status || 1);
};
for (const [name, cmd, args, limit, { alongside: inBackground = false, waitForAlongside = false } = {}] of steps) {
  if (waitForAlongside) for (const [other, finished] of alongside.splice(0)) {
    const status = await finished;
    if (status !== 0) fail(other, status);
  }
  console.log(`\n== ${name}${inBackground ? " (alongside the next steps)" : ""}: ${cmd} ${args.join(" ")}`);
  if (inBackground) {
    const finished = run(name, cmd, args, limit, { quiet: true });
    // A failure alongside stops the run as soon as it is known, not only when it is waited for.
    finished.then((status) => status !== 0 && fail(name, status));
    alongside.push([name, finished]);
    continue;
  }
  const status = await run(name, cmd, args, limit);
  if (status !== 0) fail(name, status);
}
console.log("\nAll tests passed.");
