import { and, count, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import nodemailer from "nodemailer";
import { OUTBOX_WAITING_SQL, organisations, outbox, users } from "../../db/schema";
import type { OutboxState } from "../forms/outbox-filters";
import { db, type Tx } from "./db.server";

/**
 * E-mails to the people concerned when a bid is submitted, sent back for changes, or decided.
 *
 * Each message is written to the outbox table inside the transaction that makes the change, so
 * it exists exactly when the change does. After the transaction, `deliverPending` sends what is
 * waiting through SMTP when SMTP_HOST is set; otherwise the messages stay in the outbox for an
 * administrator to read at /outbox. Sending never blocks or fails the user's action.
 */

export interface Message {
  to: string[];
  subject: string;
  body: string;
}

export function queueMessage(tx: Tx, message: Message, now = new Date().toISOString()) {
  for (const to of [...new Set(message.to)]) {
    tx.insert(outbox).values({ to, subject: message.subject, body: message.body, createdAt: now }).run();
  }
}

/** The active CSP leads (and, if asked, council finance officers) of a partnership. */
export function cspContacts(tx: Tx, cspId: number, { finance = false } = {}): string[] {
  const roles = finance ? (["csp_lead", "finance"] as const) : (["csp_lead"] as const);
  return tx
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.organisationId, cspId), eq(users.active, true), inArray(users.role, [...roles])))
    .all()
    .map((u) => u.email)
    .concat(partnershipInbox(tx, cspId));
}

/** The partnership's own contact address (its community safety team's inbox, /settings/partnerships), if it has one. */
function partnershipInbox(tx: Tx, cspId: number): string[] {
  const row = tx.select({ email: organisations.contactEmail }).from(organisations).where(eq(organisations.id, cspId)).get();
  return row?.email ? [row.email] : [];
}

/** The OPCC's active reviewers. */
export function reviewerContacts(tx: Tx): string[] {
  return tx
    .select({ email: users.email })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(users.role, "opcc_reviewer"), eq(users.active, true), eq(organisations.kind, "opcc")))
    .all()
    .map((u) => u.email);
}

/** The OPCC's active finance officers (finance users of the OPCC itself, not a council's). */
export function opccFinanceContacts(tx: Tx): string[] {
  return tx
    .select({ email: users.email })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(users.role, "finance"), eq(users.active, true), eq(organisations.kind, "opcc")))
    .all()
    .map((u) => u.email);
}

export const portalUrl = (path: string) => `${(process.env.PORTAL_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, "")}${path}`;

// One transport for the process, made again only if the SMTP settings change.
let transport: { settings: string; mailer: nodemailer.Transporter } | undefined;
function smtp(): nodemailer.Transporter | null {
  const host = process.env.SMTP_HOST;
  if (!host) return null;
  const options = {
    host,
    port: Number(process.env.SMTP_PORT ?? 587),
    secure: process.env.SMTP_SECURE === "1",
    auth: process.env.SMTP_USER ? { user: process.env.SMTP_USER, pass: process.env.SMTP_PASSWORD ?? "" } : undefined,
    connectionTimeout: 10_000,
  };
  const settings = JSON.stringify(options);
  if (transport?.settings !== settings) transport = { settings, mailer: nodemailer.createTransport(options) };
  return transport.mailer;
}

/** A sender that has held a message this long without sending it or recording why has stopped. */
export const CLAIM_EXPIRES_MS = 10 * 60_000;
const DELIVERY_BATCH = 50;

/**
 * Takes up to DELIVERY_BATCH waiting messages, oldest first, for this sender alone: one UPDATE …
 * RETURNING, which SQLite runs one writer at a time, so two deliveries (overlapping in one process
 * or in two server processes) never take the same message. An expired claim is taken again.
 */
export function claimWaiting(now = new Date()): (typeof outbox.$inferSelect)[] {
  const expired = new Date(now.getTime() - CLAIM_EXPIRES_MS).toISOString();
  const waiting = sql`select id from outbox where ${sql.raw(OUTBOX_WAITING_SQL)} and (claimed_at is null or claimed_at < ${expired}) order by id limit ${DELIVERY_BATCH}`;
  return db().update(outbox).set({ claimedAt: now.toISOString() }).where(sql`${outbox.id} in (${waiting})`).returning().all();
}

/**
 * Sends what is waiting in the outbox, when SMTP is set. Call it without awaiting after an action:
 * failures are recorded against the message, never thrown.
 */
export async function deliverPending(): Promise<void> {
  const mailer = smtp();
  if (!mailer) return;
  for (const message of claimWaiting()) {
    try {
      await mailer.sendMail({ from: process.env.SMTP_FROM ?? "funding-portal@localhost", to: message.to, subject: message.subject, text: message.body });
      db().update(outbox).set({ sentAt: new Date().toISOString() }).where(eq(outbox.id, message.id)).run();
    } catch (error) {
      db().update(outbox).set({ error: String(error).slice(0, 500) }).where(eq(outbox.id, message.id)).run();
    }
  }
}

/** Fire and forget, for actions. */
export function deliverInBackground() {
  deliverPending().catch(() => {});
}

export const OUTBOX_PAGE_SIZE = 25;

export interface OutboxFilters {
  /** Part of the recipient's address, in any case. */
  to?: string;
  state?: OutboxState;
  /** Written at or after this moment (an ISO timestamp). */
  writtenFrom?: string;
  /** Written before this moment. */
  writtenBefore?: string;
  page: number;
}

const STATE_SQL: Record<OutboxState, SQL> = {
  sent: isNotNull(outbox.sentAt)!,
  waiting: and(isNull(outbox.sentAt), isNull(outbox.error))!,
  failed: and(isNull(outbox.sentAt), isNotNull(outbox.error))!,
};

/**
 * One page of the outbox, newest first, filtered and counted in SQL. The order and the dates are
 * read through outbox_created_idx; see decision record 17 for the recipient and state filters.
 */
export function listOutbox(filters: OutboxFilters, pageSize = OUTBOX_PAGE_SIZE) {
  const where = and(
    // instr rather than like: a "%" or "_" in what was typed is matched as itself.
    filters.to ? sql`instr(lower(${outbox.to}), ${filters.to.toLowerCase()}) > 0` : undefined,
    filters.state ? STATE_SQL[filters.state] : undefined,
    filters.writtenFrom ? sql`${outbox.createdAt} >= ${filters.writtenFrom}` : undefined,
    filters.writtenBefore ? sql`${outbox.createdAt} < ${filters.writtenBefore}` : undefined,
  );
  const total = db().select({ n: count() }).from(outbox).where(where).get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(filters.page, pages);
  const rows = db()
    .select()
    .from(outbox)
    .where(where)
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all()
    .map((r) => ({ ...r, body: hideOneTimeLinks(r.body) }));
  return { rows, count: total, page, pages };
}

/**
 * A reset or invitation link in an e-mail opens its person's account, so the outbox shows it to no
 * one — except in the demo (PORTAL_DEMO on), where there is no real e-mail and the outbox is how a
 * reset is tried. Decision record 031.
 */
export function hideOneTimeLinks(body: string, demo = process.env.PORTAL_DEMO !== "0"): string {
  return demo ? body : body.replace(/\/(reset-password|invitation)\/[A-Za-z0-9_-]+/g, "/$1/[the link is sent only to its person]");
}
