import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
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
    env: { PORT: String(PORT), DATABASE_PATH: "tests/.tmp/e2e/portal.db", SESSION_SECRET: "e2e-secret-not-for-production", COOKIE_SECURE: "0" },
  },
});
