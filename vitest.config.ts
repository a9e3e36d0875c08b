import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Separate from vite.config.ts so that tests do not load the Remix plugin.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    environment: "node",
    // The portal's own request log (server/request-log.ts) stays quiet in tests that start its server.
    env: { PORTAL_REQUEST_LOG: "0" },
    include: ["app/**/*.test.{ts,tsx}", "tests/integration/**/*.test.{ts,tsx}", "db/**/*.test.ts", "server/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/setup-database.ts"],
    pool: "forks",
    // One fork per core. Left to itself this vitest ran one fork on CI's two cores (3 min 8 s for
    // the suite; 2 min 10 s with two).
    maxWorkers: "100%",
    // Test files in one worker share its module cache (decision record 036): each still gets its
    // own database (tests/support/setup-database.ts), and the imports are paid once per worker.
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
