/**
 * A portal of a spec's own (tests/support/own-portal.ts starts it): exactly what `npm start` does
 * after building (scripts/start.ts), with the environment the spec gives it, and one guard more.
 * Its standard input is a pipe from the spec's process: when that process ends, however it ends
 * (even killed outright, when no exit handler runs), the pipe closes and this server stops, so it
 * can never outlive the run. Its database's directory, made for it alone, goes when it stops.
 */
import fs from "node:fs";
import path from "node:path";

const dir = path.dirname(path.resolve(process.env.DATABASE_PATH!));
if (!path.basename(dir).startsWith("own-portal-")) throw new Error(`Not a directory of the spec's own: ${dir}`);
process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
await import("../../scripts/start");
