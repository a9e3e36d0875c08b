import fs from "node:fs";
import { closeDb, databasePath } from "../app/data/db.server";
import { deliverPending } from "../app/data/notifications.server";
import { runDueJobs } from "../app/jobs/scheduler.server";

/**
 * `npm run jobs`: runs the scheduled jobs once, now, against the database at DATABASE_PATH, and
 * prints what each did (the server runs them on start and every hour; see app/jobs/scheduler.server.ts).
 *   --due-only     run only the jobs whose interval has passed, as the server's timer does
 *   --now <time>   act as at another moment (an ISO timestamp), e.g. to see the demo's reminders
 */

const args = process.argv.slice(2);
const nowArg = args.includes("--now") ? args[args.indexOf("--now") + 1] : undefined;
const now = nowArg ? new Date(nowArg) : new Date();
if (Number.isNaN(now.getTime())) {
  console.error(`--now needs an ISO timestamp, like 2024-04-25T09:00:00Z (not "${nowArg}")`);
  process.exit(1);
}
if (!fs.existsSync(databasePath())) {
  console.error(`No database at ${databasePath()}: start the portal once (npm start) or set DATABASE_PATH.`);
  process.exit(1);
}

let failed = false;
for (const report of runDueJobs(now, { force: !args.includes("--due-only") })) {
  console.log(`${report.name}: ${report.status}, ${report.summary}`);
  failed ||= report.status === "failed";
}
await deliverPending();
closeDb();
process.exit(failed ? 1 : 0);
