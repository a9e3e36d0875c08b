import { execFileSync } from "node:child_process";
import { defineConfig } from "@playwright/test";

/**
 * The portal under test listens on E2E_PORT, or on a port that is free when the run starts (never
 * a fixed one, which another program may hold). Playwright's workers inherit the environment, so
 * they all find the same server.
 */
process.env.E2E_PORT ??= freePort();
const PORT = Number(process.env.E2E_PORT);

function freePort(): string {
  const script = "const s=require('node:net').createServer();s.listen(0,()=>{process.stdout.write(String(s.address().port));s.close()})";
  return execFileSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 10_000 }).trim();
}

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  // No run may hang: the whole suite is stopped after 19 minutes. It takes 12–14 on CI's two
  // cores, more on a busy host; a limit it reaches while passing only turns slow into failed.
  globalTimeout: 19 * 60_000,
  expect: { timeout: 5_000 },
  reporter: [["list"]],
  // The settings specs change what every other spec relies on (the rubric a bid is scored against,
  // the reference format): they run first, put things back as they found them, and the journeys
  // start once they have finished.
  projects: [
    { name: "settings", testMatch: /settings[^/]*\.spec\.ts$/ },
    { name: "journeys", testIgnore: /settings[^/]*\.spec\.ts$/, dependencies: ["settings"] },
  ],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: {
    // A fresh database with the demo data, served from the production build.
    command: "tsx tests/support/e2e-server.ts",
    url: `http://localhost:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: { PORT: String(PORT), DATABASE_PATH: `tests/.tmp/e2e-${PORT}/portal.db`, SESSION_SECRET: "e2e-secret-not-for-production", COOKIE_SECURE: "0", PORTAL_JOBS: "0" },
  },
});
