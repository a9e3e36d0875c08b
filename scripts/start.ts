import { spawn } from "node:child_process";
import path from "node:path";
import { createRequire } from "node:module";
import { developmentSecret } from "../app/auth/session-secret.server";
import { prepareDatabase, printDemoSignIns } from "../db/prepare";

/**
 * `npm start` after the build: migrate, seed the demo data into an empty database, print the demo
 * sign-ins, then serve the built app with remix-serve.
 */

const production = process.env.NODE_ENV === "production";
const databasePath = process.env.DATABASE_PATH ?? path.join("data", "portal.db");
process.env.DATABASE_PATH = databasePath;
const port = process.env.PORT ?? "3000";

if (production && !process.env.SESSION_SECRET) {
  console.error("SESSION_SECRET must be set when NODE_ENV=production (a long random string, e.g. `openssl rand -hex 32`).");
  process.exit(1);
}

const { demo } = await prepareDatabase({ demo: process.env.PORTAL_DEMO !== "0" });
if (demo) printDemoSignIns(port);
else console.log(`Community safety funding portal: http://localhost:${port}`);

const require = createRequire(import.meta.url);
const remixServe = path.join(path.dirname(require.resolve("@remix-run/serve/package.json")), "dist", "cli.js");
const child = spawn(process.execPath, [remixServe, "./build/server/index.js"], {
  stdio: "inherit",
  env: {
    ...process.env,
    NODE_ENV: "production",
    PORT: port,
    DATABASE_PATH: databasePath,
    SESSION_SECRET: process.env.SESSION_SECRET ?? developmentSecret(path.dirname(path.resolve(databasePath))),
    // Outside production the demo runs on plain http://localhost, where a Secure cookie may not be set.
    COOKIE_SECURE: process.env.COOKIE_SECURE ?? (production ? "1" : "0"),
  },
});
const stop = (signal: NodeJS.Signals) => child.kill(signal);
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
child.on("exit", (code) => process.exit(code ?? 0));
