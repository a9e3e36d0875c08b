import { eq } from "drizzle-orm";
import { jobRuns } from "../../db/schema";
import { db } from "../data/db.server";
import { deliverInBackground } from "../data/notifications.server";
import { optimizeSearchIndex } from "../data/search.server";
import { sendReturnReminders } from "./return-reminders.server";

/**
 * A small scheduler inside the server process, enough for one OPCC: `startJobs` runs every job once
 * the server has started and then every hour (an unref'd timer: it never keeps the process alive);
 * `npm run jobs` runs them once (scripts/jobs.ts). PORTAL_JOBS=0 turns the timer off (the tests'
 * servers run with it off).
 *
 * The job_runs table says when each job last started and finished, and its last error. A job runs
 * when it has not started within (nine tenths of) its interval, claimed in a write transaction, so
 * two servers on one database take turns rather than both running it; `force` runs it anyway. A
 * job must be safe to run twice (the reminders are: see return-reminders.server.ts).
 */

export interface Job {
  name: string;
  everyMinutes: number;
  /** Does the work and says what it did. */
  run: (now: Date) => string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const JOBS: readonly Job[] = [
  {
    name: "return-reminders",
    everyMinutes: 60,
    run: (now) => {
      const r = sendReturnReminders(now);
      return `${plural(r.dueSoon, "due-soon reminder", "due-soon reminders")} and ${plural(r.overdue, "overdue reminder", "overdue reminders")} sent (${plural(r.considered, "return", "returns")} looked at)`;
    },
  },
  {
    // Searches read a word's rows from every segment of the index (app/data/search.server.ts).
    name: "search-index",
    everyMinutes: 24 * 60,
    run: () => {
      const { segments } = optimizeSearchIndex(db().$client);
      return segments > 1 ? `search index merged from ${segments} segments into one` : "search index already in one segment";
    },
  },
];

export interface JobReport {
  name: string;
  status: "ran" | "skipped" | "failed";
  summary: string;
}

/** Claims the job for a run at `at`, unless (without `force`) it started less than its interval ago. */
function claim(job: Job, at: Date, force: boolean): string | null {
  return db().transaction(
    (tx) => {
      const row = tx.select().from(jobRuns).where(eq(jobRuns.name, job.name)).get();
      if (!force && row?.lastStartedAt) {
        const since = at.getTime() - Date.parse(row.lastStartedAt);
        if (since >= 0 && since < job.everyMinutes * 60_000 * 0.9) return row.lastStartedAt;
      }
      const startedAt = at.toISOString();
      tx.insert(jobRuns).values({ name: job.name, lastStartedAt: startedAt }).onConflictDoUpdate({ target: jobRuns.name, set: { lastStartedAt: startedAt } }).run();
      return null;
    },
    { behavior: "immediate" },
  );
}

/** Runs every job that is due (every job, with `force`) as at `now`, and says what each did. Never throws for a job's failure. */
export function runDueJobs(now = new Date(), { force = false, jobs = JOBS }: { force?: boolean; jobs?: readonly Job[] } = {}): JobReport[] {
  return jobs.map((job): JobReport => {
    const startedBefore = claim(job, now, force);
    if (startedBefore) return { name: job.name, status: "skipped", summary: `it last started at ${startedBefore}` };
    const started = Date.now();
    const finishedAt = () => new Date(now.getTime() + (Date.now() - started)).toISOString();
    try {
      const summary = job.run(now);
      db().update(jobRuns).set({ lastFinishedAt: finishedAt(), lastError: null }).where(eq(jobRuns.name, job.name)).run();
      return { name: job.name, status: "ran", summary };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      db().update(jobRuns).set({ lastFinishedAt: finishedAt(), lastError: message.slice(0, 1000) }).where(eq(jobRuns.name, job.name)).run();
      return { name: job.name, status: "failed", summary: message };
    }
  });
}

/** What a job says when it had nothing to do. */
const QUIET_SUMMARY = /^0 due-soon reminders and 0 overdue|^search index already in one segment/;

export const jobsEnabled = () => process.env.PORTAL_JOBS !== "0";

/**
 * Runs the jobs now (once the caller has started serving) and then every `everyMs`, unless
 * PORTAL_JOBS=0. Returns a function that stops the timer.
 */
export function startJobs({ everyMs = 60 * 60_000, log = (line: string) => console.log(line) }: { everyMs?: number; log?: (line: string) => void } = {}): () => void {
  if (!jobsEnabled()) return () => {};
  const tick = () => {
    try {
      for (const report of runDueJobs()) {
        // Quiet unless something happened: an hourly "nothing to do" would only fill the log.
        if (report.status === "failed") log(`Job ${report.name} failed: ${report.summary}`);
        else if (report.status === "ran" && !QUIET_SUMMARY.test(report.summary)) log(`Job ${report.name}: ${report.summary}`);
      }
      deliverInBackground();
    } catch (error) {
      log(`Jobs could not run: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const first = setTimeout(tick, 0);
  first.unref();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
