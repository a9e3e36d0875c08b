import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { closeDb, db } from "../../app/data/db.server";
import { JOBS, runDueJobs, type Job } from "../../app/jobs/scheduler.server";
import { auditLog, fundingStreams, grants, jobRuns, outbox, returnReminders, rounds } from "../../db/schema";
import { acceptedGrant, returnsAccepted, returnsOf } from "../support/accepted-grant";
import { DEMO } from "../support/requests";
import { annualRoundId } from "./helpers";

const exec = promisify(execFile);

/**
 * The reminder job, run as the server's scheduler would at chosen moments of 2023-24: e-mails go
 * to the partnership's lead and council finance officer five working days before a return is due
 * and the day after it falls overdue, once each, across runs, restarts and two processes at once.
 *
 * The grants: Play Close CCTV (returns due 30 days after each quarter: Q2 on Monday 30 October
 * 2023, Q3 on Tuesday 30 January 2024); the Safer Communities and Partnership Officer, accepted in
 * June while the stream gave 60 days (Q1 due Tuesday 29 August 2023, the day after the summer bank
 * holiday; Q3 on Thursday 29 February 2024); the DISC app, withdrawn after acceptance.
 */

let cctv: number;
let officer: number;
let disc: number;

const at = (iso: string) => new Date(iso);
const remindersFor = (returnId: number) => db().select({ kind: returnReminders.kind, sentAt: returnReminders.sentAt }).from(returnReminders).where(eq(returnReminders.returnId, returnId)).all();
const mailWith = (subject: string) => db().select().from(outbox).where(eq(outbox.subject, subject)).all();
const reminderCount = () => db().get<{ n: number }>(sql`select count(*) as n from return_reminders`).n;
const reminderJob = JOBS.filter((job) => job.name === "return-reminders");
const runAt = (iso: string, force = true) => runDueJobs(at(iso), { force, jobs: reminderJob });

beforeAll(() => {
  const streamId = db().select({ id: rounds.streamId }).from(rounds).where(eq(rounds.id, annualRoundId())).get()!.id;
  db().update(fundingStreams).set({ returnDueDays: 60 }).where(eq(fundingStreams.id, streamId)).run();
  // Decided and accepted before its first quarter ended, so that quarter's return is due 60 days after it.
  officer = acceptedGrant("Safer Communities and Partnership Officer", { decidedOn: "2023-06-20", at: "2023-06-21T10:00:00.000Z", acceptedAt: "2023-06-28T10:00:00.000Z" });
  db().update(fundingStreams).set({ returnDueDays: 30 }).where(eq(fundingStreams.id, streamId)).run();
  cctv = acceptedGrant("Play Close CCTV");
  disc = acceptedGrant("DISC app for Safer Melton Against Retail Theft (SMART)", { paymentBasis: "advance" });
  db().update(grants).set({ withdrawnAt: "2023-07-22T10:00:00.000Z" }).where(eq(grants.id, disc)).run();
});

describe("the due-soon reminder", () => {
  it("the returns are as the test expects", () => {
    expect(returnsOf(cctv).map((r) => [r.quarter, r.dueOn])).toEqual([[2, "2023-10-30"], [3, "2024-01-30"]]);
    expect(returnsOf(officer).map((r) => r.dueOn)).toEqual(["2023-08-29", "2023-11-29", "2024-02-29", "2024-05-30"]);
  });

  it("is not sent before five working days before the due date", () => {
    const [q2] = returnsOf(cctv);
    expect(runAt("2023-10-20T09:00:00Z")).toEqual([{ name: "return-reminders", status: "ran", summary: expect.stringMatching(/^0 due-soon reminders and 0 overdue reminders sent/) }]);
    expect(remindersFor(q2.id)).toEqual([]);
  });

  it("is sent on the fifth working day before, to the lead and the council finance officer, and audited", () => {
    const [q2] = returnsOf(cctv);
    const [report] = runAt("2023-10-23T07:30:00Z", false);
    expect(report).toMatchObject({ status: "ran", summary: expect.stringMatching(/^1 due-soon reminder and 0 overdue reminders sent/) });
    expect(remindersFor(q2.id)).toEqual([{ kind: "due_soon", sentAt: "2023-10-23T07:30:00.000Z" }]);
    const mail = mailWith("Quarterly return due on Monday 30 October 2023: Play Close CCTV");
    expect(mail.map((m) => m.to).sort()).toEqual([DEMO.meltonLead, DEMO.meltonFinance].sort());
    expect(mail[0].body).toContain('The 2023-24 Q2 (July to September 2023) return for "Play Close CCTV" is due on Monday 30 October 2023.');
    expect(mail[0].body).toContain(`/grants/${cctv}/returns/${q2.id}`);
    const audit = db().select().from(auditLog).where(and(eq(auditLog.action, "return.reminder_sent"), eq(auditLog.entityId, q2.id))).all();
    expect(audit).toHaveLength(1);
    expect(audit[0].userId).toBeNull();
    expect(JSON.parse(audit[0].after!)).toMatchObject({ kind: "due_soon", dueOn: "2023-10-30" });
  });

  it("is sent once: not again an hour later, the next day, or after a restart with a scheduler that remembers nothing", () => {
    const [q2] = returnsOf(cctv);
    const subject = "Quarterly return due on Monday 30 October 2023: Play Close CCTV";
    // Ten minutes later the job is not due again; an hour later it runs and finds nothing to send.
    expect(runAt("2023-10-23T07:40:00Z", false)[0]).toMatchObject({ status: "skipped" });
    expect(runAt("2023-10-23T08:30:00Z", false)[0]).toMatchObject({ status: "ran", summary: expect.stringMatching(/^0 due-soon/) });
    expect(runAt("2023-10-24T09:00:00Z", false)[0]).toMatchObject({ status: "ran", summary: expect.stringMatching(/^0 due-soon/) });
    // A restart: a new connection, and no memory of when the job last ran.
    closeDb();
    db().delete(jobRuns).run();
    expect(runAt("2023-10-24T09:05:00Z", false)[0]).toMatchObject({ status: "ran", summary: expect.stringMatching(/^0 due-soon/) });
    expect(remindersFor(q2.id)).toHaveLength(1);
    expect(mailWith(subject)).toHaveLength(2);
  });

  it("counts working days over a bank holiday: due the day after the summer bank holiday, it goes a week before", () => {
    const [q1] = returnsOf(officer);
    // Five working days before Tuesday 29 August 2023, Monday 28 August a bank holiday: Monday 21 August.
    runAt("2023-08-18T09:00:00Z");
    expect(remindersFor(q1.id)).toEqual([]);
    runAt("2023-08-21T08:00:00Z");
    expect(remindersFor(q1.id).map((r) => r.kind)).toEqual(["due_soon"]);
    expect(mailWith("Quarterly return due on Tuesday 29 August 2023: Safer Communities and Partnership Officer")).toHaveLength(2);
  });
});

describe("the overdue reminder", () => {
  it("is sent the day after the due date, once, saying payments are held", () => {
    const [q2] = returnsOf(cctv);
    runAt("2023-10-30T20:00:00Z");
    expect(remindersFor(q2.id).map((r) => r.kind)).toEqual(["due_soon"]);
    runAt("2023-10-31T09:00:00Z");
    runAt("2023-11-01T09:00:00Z");
    expect(remindersFor(q2.id).map((r) => r.kind).sort()).toEqual(["due_soon", "overdue"]);
    const mail = mailWith("Quarterly return overdue: Play Close CCTV");
    expect(mail.map((m) => m.to).sort()).toEqual([DEMO.meltonLead, DEMO.meltonFinance].sort());
    expect(mail[0].body).toContain("was due on Monday 30 October 2023 and has not been submitted");
    expect(mail[0].body).toContain("Payments under the grant are held while it is overdue.");
  });

  it("is not sent for a return submitted on time, nor its due-soon reminder once submitted", () => {
    const [, q3] = returnsOf(cctv);
    returnsAccepted(cctv, "2024-01-30");
    runAt("2024-01-25T09:00:00Z");
    runAt("2024-02-02T09:00:00Z");
    expect(remindersFor(q3.id)).toEqual([]);
  });

  it("nothing for the returns of a withdrawn grant", () => {
    const ids = returnsOf(disc).map((r) => r.id);
    expect(ids.length).toBeGreaterThan(0);
    runAt("2023-07-25T09:00:00Z");
    runAt("2023-08-01T09:00:00Z");
    expect(db().select().from(returnReminders).where(inArray(returnReminders.returnId, ids)).all()).toEqual([]);
  });
});

describe("two processes at once", () => {
  it("npm run jobs in two processes at the same moment sends each reminder once, and each says what it did", async () => {
    const [, , q3] = returnsOf(officer);
    const before = reminderCount();
    const env = { ...process.env };
    const args = ["tsx", "scripts/jobs.ts", "--now", "2024-02-22T09:00:00Z"];
    const [a, b] = await Promise.all([exec("npx", args, { env }), exec("npx", args, { env })]);
    const said = [a.stdout, b.stdout].join("");
    expect(said).toMatch(/^return-reminders: ran, 1 due-soon reminder and 0 overdue reminders sent \(\d+ returns? looked at\)$/m);
    expect(said.match(/1 due-soon reminder /g)).toHaveLength(1);
    expect(remindersFor(q3.id).map((r) => r.kind)).toEqual(["due_soon"]);
    expect(reminderCount()).toBe(before + 1);
    expect(mailWith("Quarterly return due on Thursday 29 February 2024: Safer Communities and Partnership Officer")).toHaveLength(2);
  }, 60_000);
});

describe("the scheduler", () => {
  it("records a job's failure in job_runs and carries on with the next job, never throwing", () => {
    const failing: Job = { name: "test-failing", everyMinutes: 60, run: () => { throw new Error("The mail server is down"); } };
    const working: Job = { name: "test-working", everyMinutes: 60, run: () => "did it" };
    const reports = runDueJobs(at("2024-03-01T09:00:00Z"), { jobs: [failing, working] });
    expect(reports).toEqual([
      { name: "test-failing", status: "failed", summary: "The mail server is down" },
      { name: "test-working", status: "ran", summary: "did it" },
    ]);
    expect(db().select().from(jobRuns).where(eq(jobRuns.name, "test-failing")).get()).toMatchObject({ lastStartedAt: "2024-03-01T09:00:00.000Z", lastError: "The mail server is down" });
    expect(db().select().from(jobRuns).where(eq(jobRuns.name, "test-working")).get()).toMatchObject({ lastError: null, lastFinishedAt: expect.any(String) });
    // Within the hour it is not due; forced, it runs.
    expect(runDueJobs(at("2024-03-01T09:30:00Z"), { jobs: [working] })[0].status).toBe("skipped");
    expect(runDueJobs(at("2024-03-01T09:30:00Z"), { jobs: [working], force: true })[0].status).toBe("ran");
  });
});
