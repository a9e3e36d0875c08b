import { format } from "date-fns";
import { and, between, eq, inArray, isNull, sql } from "drizzle-orm";
import { bids, grantReturns, grants, returnReminders } from "../../db/schema";
import { recordAudit } from "../data/audit.server";
import { db } from "../data/db.server";
import { cspContacts, portalUrl, queueMessage } from "../data/notifications.server";
import { parseIsoDate } from "../domain/financial-years";
import { remindersOwed, reminderWindow, type ReminderKind } from "../domain/return-reminders";
import { returnPeriodLabel } from "../domain/return-periods";
import { ukDate } from "../domain/round-window";

/**
 * The reminder job: e-mails a partnership's lead and council finance officer five working days
 * before a return is due, and when it becomes overdue, once each (the rules: app/domain/return-reminders.ts).
 *
 * Once each, however often and wherever the job runs: a reminder is a row of return_reminders,
 * unique on (return, kind), written in the same transaction as its e-mail in the outbox. A second
 * run, a restarted server or a second process finds the row (or loses the insert) and sends
 * nothing; a run that fails part-way leaves neither the row nor the e-mail.
 *
 * The returns looked at are those never submitted with a due date in the window around today, read
 * through grant_returns_status_due_idx (status, due_on): a run costs the same at national scale.
 */

export interface ReminderRun {
  considered: number;
  dueSoon: number;
  overdue: number;
}

const longDate = (iso: string) => format(parseIsoDate(iso), "EEEE d MMMM yyyy");

export function sendReturnReminders(now = new Date()): ReminderRun {
  const today = ukDate(now);
  const at = now.toISOString();
  const { dueFrom, dueTo } = reminderWindow(today);
  const candidates = db()
    .select({
      returnId: grantReturns.id,
      grantId: grantReturns.grantId,
      startYear: grantReturns.startYear,
      quarter: grantReturns.quarter,
      periodEnd: grantReturns.periodEnd,
      dueOn: grantReturns.dueOn,
      firstSubmittedAt: grantReturns.firstSubmittedAt,
      cspId: grants.cspId,
      bidId: grants.bidId,
      title: bids.title,
      sent: sql<string | null>`(select group_concat(rr.kind) from return_reminders rr where rr.return_id = ${grantReturns.id})`,
    })
    .from(grantReturns)
    .innerJoin(grants, eq(grants.id, grantReturns.grantId))
    .innerJoin(bids, eq(bids.id, grants.bidId))
    // Never submitted: a return is not_started or in_progress until its first submission (a reopened
    // one is in_progress again, but was submitted: the rule leaves it out).
    .where(and(inArray(grantReturns.status, ["not_started", "in_progress"]), between(grantReturns.dueOn, dueFrom, dueTo), isNull(grants.withdrawnAt), eq(grants.offerStatus, "accepted")))
    .all();

  const run: ReminderRun = { considered: candidates.length, dueSoon: 0, overdue: 0 };
  for (const c of candidates) {
    const owed = remindersOwed({ ...c, grantWithdrawn: false, offerAccepted: true, sent: (c.sent?.split(",") ?? []) as ReminderKind[] }, today);
    for (const kind of owed) {
      if (sendOne(c, kind, at)) run[kind === "due_soon" ? "dueSoon" : "overdue"] += 1;
    }
  }
  return run;
}

interface Candidate {
  returnId: number;
  grantId: number;
  startYear: number;
  quarter: number;
  dueOn: string;
  cspId: number;
  bidId: number;
  title: string;
}

/** One reminder and its e-mail, or nothing if it was sent already (or the return was submitted meanwhile). */
function sendOne(c: Candidate, kind: ReminderKind, at: string): boolean {
  return db().transaction(
    (tx) => {
      const fresh = tx.select({ firstSubmittedAt: grantReturns.firstSubmittedAt }).from(grantReturns).where(eq(grantReturns.id, c.returnId)).get();
      if (!fresh || fresh.firstSubmittedAt !== null) return false;
      const inserted = tx.insert(returnReminders).values({ returnId: c.returnId, kind, sentAt: at }).onConflictDoNothing().returning({ returnId: returnReminders.returnId }).all();
      if (inserted.length === 0) return false;
      const label = returnPeriodLabel(c.startYear, c.quarter);
      const url = portalUrl(`/grants/${c.grantId}/returns/${c.returnId}`);
      const to = cspContacts(tx, c.cspId, { finance: true });
      queueMessage(
        tx,
        kind === "due_soon"
          ? {
              to,
              subject: `Quarterly return due on ${longDate(c.dueOn)}: ${c.title}`,
              body: [
                `The ${label} return for "${c.title}" is due on ${longDate(c.dueOn)}. It has not been submitted yet.`,
                `Write and submit it in the portal: ${url}`,
                "Payments under the grant are held while a return is overdue.",
              ].join("\n\n"),
            }
          : {
              to,
              subject: `Quarterly return overdue: ${c.title}`,
              body: [
                `The ${label} return for "${c.title}" was due on ${longDate(c.dueOn)} and has not been submitted.`,
                "Payments under the grant are held while it is overdue.",
                `Submit it in the portal: ${url}`,
              ].join("\n\n"),
            },
        at,
      );
      recordAudit(tx, { userId: null, action: `return.reminder_sent`, entityType: "return", entityId: c.returnId, bidId: c.bidId, cspId: c.cspId, after: { kind, dueOn: c.dueOn, to } }, at);
      return true;
    },
    { behavior: "immediate" },
  );
}
