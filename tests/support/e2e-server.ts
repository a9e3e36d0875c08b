import fs from "node:fs";
import path from "node:path";

// Start from an empty database every run, then do exactly what `npm start` does after building.
// The database goes when the server stops, so runs on many ports leave nothing behind.
const dir = path.dirname(path.resolve(process.env.DATABASE_PATH ?? "tests/.tmp/e2e/portal.db"));
fs.rmSync(dir, { recursive: true, force: true });
process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
await import("../../scripts/start");
