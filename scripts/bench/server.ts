/**
 * One portal of `npm run bench` (scripts/bench/portal.ts starts it): exactly what `npm start`
 * does after building (scripts/start.ts), with the environment the bench gives it, and one guard
 * more. Its standard input is a pipe from the bench: when the bench ends, however it ends (even
 * killed outright, when no exit handler runs), the pipe closes and this server stops, so it can
 * never outlive the run.
 */
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
await import("../start");

export {};
