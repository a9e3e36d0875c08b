#!/usr/bin/env node
// `npm test`: typecheck, unit and integration tests (vitest), build, then the browser journeys
// (Playwright with Debian's Chromium). A missing Chromium is a failure, never a silent skip.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(
    `\nChromium was not found at ${chromium}.\n` +
      "The end-to-end tests need Debian's Chromium: run `sudo apt-get install -y chromium` (or `bash .ci/run`, which installs it),\n" +
      "or set CHROMIUM_PATH to a Chromium binary. No tests were run.\n",
  );
  process.exit(1);
}

if (spawnSync("pdftotext", ["-v"], { stdio: "ignore" }).error) {
  console.error("\npdftotext was not found. The PDF tests read PDFs back with it: run `sudo apt-get install -y poppler-utils` (or `bash .ci/run`). No tests were run.\n");
  process.exit(1);
}

const steps = [
  ["Typecheck", "npx", ["tsc", "--noEmit"]],
  ["Unit and integration tests", "npx", ["vitest", "run"]],
  ["Build", "npx", ["remix", "vite:build"]],
  ["End-to-end tests", "npx", ["playwright", "test"]],
];

for (const [name, cmd, args] of steps) {
  console.log(`\n== ${name}: ${cmd} ${args.join(" ")}`);
  const result = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" } });
  if (result.status !== 0) {
    console.error(`\n${name} failed.`);
    process.exit(result.status ?? 1);
  }
}
console.log("\nAll tests passed.");
