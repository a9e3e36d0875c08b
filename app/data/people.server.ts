import { randomBytes } from "node:crypto";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { organisations, users, type Role } from "../../db/schema";
import { endSessionsOf } from "../auth/session.server";
import { lastAdministratorProblem, roleInWords } from "../domain/people-rules";
import { formatDate } from "../domain/financial-years";
import { recordAudit } from "./audit.server";
import { opccName } from "./opcc-settings.server";
import { db, type Tx } from "./db.server";
import { issueToken } from "./passwords.server";
import { portalUrl, queueMessage } from "./notifications.server";
import { normaliseEmail } from "./users.server";

/**
 * The people an administrator manages (decision record 034): the paged list, inviting someone by
 * e-mail (a one-time link valid 7 days to set their first password), changing a role, and
 * deactivating and reactivating. Every write checks the version the administrator saw and the
 * last-administrator rule inside its transaction, is audited, and e-mails the person.
 */

export const PEOPLE_PAGE_SIZE = 50;

/** A password hash no password matches (verifyPassword refuses anything not "scrypt$…"): an invited person's until they set one. */
export const unusablePasswordHash = () => `invited$${randomBytes(16).toString("base64url")}`;

export interface PeopleFilters {
  role?: Role;
  organisationId?: number;
  active?: "active" | "deactivated" | "invited";
  page: number;
}

/** The condition for "invited and not yet accepted": never signed in and no password ever set. */
const INVITED = sql`(${users.passwordHash} like 'invited$%')`;

export function listPeople(filters: PeopleFilters, pageSize = PEOPLE_PAGE_SIZE) {
  const where = and(
    filters.role ? eq(users.role, filters.role) : undefined,
    filters.organisationId ? eq(users.organisationId, filters.organisationId) : undefined,
    filters.active === "active" ? and(sql`${users.active} = 1`, sql`not ${INVITED}`) : filters.active === "deactivated" ? sql`${users.active} = 0` : filters.active === "invited" ? and(sql`${users.active} = 1`, INVITED) : undefined,
  );
  const total = db().select({ n: count() }).from(users).where(where).get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(filters.page, pages);
  const rows = db()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      active: users.active,
      lastSignedInAt: users.lastSignedInAt,
      invited: sql<number>`${INVITED}`,
      organisationName: organisations.name,
      atCsp: sql<number>`${organisations.kind} = 'csp'`,
    })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(where)
    .orderBy(asc(users.name), asc(users.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all()
    .map((r) => ({ ...r, invited: r.invited === 1, atCsp: r.atCsp === 1, roleWords: roleInWords(r.role, r.atCsp === 1) }));
  return { rows, count: total, page, pages };
}

/** The OPCC's own organisation: OPCC roles belong to it. */
export function opccOrganisation(tx: Tx | ReturnType<typeof db> = db()) {
  return tx.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.kind, "opcc")).orderBy(asc(organisations.id)).get() ?? null;
}

export function findPerson(id: number) {
  const row = db()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      organisationId: users.organisationId,
      organisationName: organisations.name,
      atCsp: sql<number>`${organisations.kind} = 'csp'`,
      active: users.active,
      createdAt: users.createdAt,
      lastSignedInAt: users.lastSignedInAt,
      deactivatedAt: users.deactivatedAt,
      version: users.version,
      invited: sql<number>`${INVITED}`,
      invitationExpiresAt: sql<string | null>`(select max(t.expires_at) from user_tokens t where t.user_id = ${users.id} and t.purpose = 'invitation' and t.used_at is null)`,
    })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, id))
    .get();
  if (!row) return null;
  return { ...row, atCsp: row.atCsp === 1, invited: row.invited === 1, roleWords: roleInWords(row.role, row.atCsp === 1) };
}

export type PersonFields = { name: string; email: string; role: Role; atCsp: boolean; partnershipId: number | null };

export type InviteResult = { kind: "invited"; userId: number; token: string } | { kind: "invalid"; errors: Record<string, string> };

/** Where a role belongs: the partnership chosen for a CSP role (it must be a CSP), the OPCC for the rest. */
function organisationFor(tx: Tx, fields: Pick<PersonFields, "atCsp" | "partnershipId">): { id: number } | { error: Record<string, string> } {
  if (fields.atCsp) {
    const csp = fields.partnershipId ? tx.select({ id: organisations.id }).from(organisations).where(and(eq(organisations.id, fields.partnershipId), eq(organisations.kind, "csp"))).get() : undefined;
    return csp ? { id: csp.id } : { error: { partnershipId: "Select the partnership this person works for" } };
  }
  const opcc = opccOrganisation(tx);
  return opcc ? { id: opcc.id } : { error: { role: "There is no OPCC organisation to add OPCC staff to" } };
}

function sendInvitation(tx: Tx, person: { id: number; name: string; email: string }, adminId: number, now: Date): string {
  const token = issueToken(tx, person.id, "invitation", adminId, now);
  // The name the OPCC gave itself at /settings/opcc, as the header and other e-mails use.
  const opcc = opccName();
  queueMessage(
    tx,
    {
      to: [person.email],
      subject: "You are invited to the community safety funding portal",
      body: [
        `Dear ${person.name},`,
        `${opcc} has invited you to its community safety funding portal. Set your password with this link. It works once, for 7 days:`,
        portalUrl(`/invitation/${token}`),
        "Then sign in with this e-mail address and the password you set.",
      ].join("\n\n"),
    },
    now.toISOString(),
  );
  return token;
}

/** Creates the person with a password nobody can use, and e-mails them an invitation link. */
export function invitePerson(adminId: number, fields: PersonFields, now = new Date()): InviteResult {
  const email = normaliseEmail(fields.email);
  return db().transaction(
    (tx): InviteResult => {
      const taken = tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
      if (taken) return { kind: "invalid", errors: { email: "Someone already has an account with this email address: find them in the list of people" } };
      const org = organisationFor(tx, fields);
      if ("error" in org) return { kind: "invalid", errors: org.error };
      const at = now.toISOString();
      const user = tx
        .insert(users)
        .values({ email, name: fields.name, role: fields.role, organisationId: org.id, passwordHash: unusablePasswordHash(), createdAt: at, active: true })
        .returning({ id: users.id })
        .get();
      const token = sendInvitation(tx, { id: user.id, name: fields.name, email }, adminId, now);
      recordAudit(tx, { userId: adminId, action: "user.invited", entityType: "user", entityId: user.id, cspId: fields.atCsp ? org.id : null, after: { name: fields.name, email, role: fields.role, organisation: organisationName(tx, org.id) } }, at);
      return { kind: "invited", userId: user.id, token };
    },
    { behavior: "immediate" },
  );
}

const organisationName = (tx: Tx, id: number) => tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, id)).get()?.name ?? null;

export type PersonChangeResult = { kind: "saved" } | { kind: "stale" } | { kind: "missing" } | { kind: "refused"; message: string } | { kind: "invalid"; errors: Record<string, string> };

/** The row a change starts from, read in the write: missing, or a stale copy, refuses it. */
function current(tx: Tx, userId: number, version: number) {
  const row = tx.select().from(users).where(eq(users.id, userId)).get();
  if (!row) return { kind: "missing" } as const;
  if (row.version !== version) return { kind: "stale" } as const;
  const kind = tx.select({ kind: organisations.kind }).from(organisations).where(eq(organisations.id, row.organisationId)).get()?.kind;
  return { kind: "ok", row, atCsp: kind === "csp" } as const;
}

const otherActiveAdmins = (tx: Tx, userId: number) =>
  tx.get<{ n: number }>(sql`select count(*) as n from users where role = 'admin' and active = 1 and id <> ${userId}`).n;

/** Sends the invitation again: a new link, valid 7 days; the old one stops working. Only for someone who has not yet accepted. */
export function resendInvitation(adminId: number, userId: number, version: number, now = new Date()): PersonChangeResult {
  return db().transaction(
    (tx): PersonChangeResult => {
      const found = current(tx, userId, version);
      if (found.kind !== "ok") return found;
      if (!found.row.passwordHash.startsWith("invited$")) return { kind: "refused", message: "This person has already accepted their invitation and set a password." };
      if (!found.row.active) return { kind: "refused", message: "This person is deactivated: reactivate them first." };
      sendInvitation(tx, found.row, adminId, now);
      tx.update(users).set({ version: sql`${users.version} + 1` }).where(eq(users.id, userId)).run();
      recordAudit(tx, { userId: adminId, action: "user.invitation_resent", entityType: "user", entityId: userId, cspId: found.atCsp ? found.row.organisationId : null, after: { email: found.row.email } }, now.toISOString());
      return { kind: "saved" };
    },
    { behavior: "immediate" },
  );
}

/** A new role (and, for a CSP role, partnership). Refused if it demotes the last active administrator. */
export function changeRole(adminId: number, userId: number, version: number, fields: Pick<PersonFields, "role" | "atCsp" | "partnershipId">, now = new Date()): PersonChangeResult {
  return db().transaction(
    (tx): PersonChangeResult => {
      const found = current(tx, userId, version);
      if (found.kind !== "ok") return found;
      const { row } = found;
      const org = organisationFor(tx, fields);
      if ("error" in org) return { kind: "invalid", errors: org.error };
      if (row.role === fields.role && row.organisationId === org.id) return { kind: "saved" };
      const problem = lastAdministratorProblem({ isActiveAdminNow: row.active && row.role === "admin", isActiveAdminAfter: row.active && fields.role === "admin", otherActiveAdmins: otherActiveAdmins(tx, userId), self: userId === adminId });
      if (problem) return { kind: "refused", message: problem };
      tx.update(users).set({ role: fields.role, organisationId: org.id, version: sql`${users.version} + 1` }).where(eq(users.id, userId)).run();
      // What they could see and do has changed: they sign in again to a session with the new role.
      endSessionsOf(userId, tx);
      const before = { role: row.role, organisation: organisationName(tx, row.organisationId) };
      const after = { role: fields.role, organisation: organisationName(tx, org.id) };
      recordAudit(tx, { userId: adminId, action: "user.role_changed", entityType: "user", entityId: userId, cspId: fields.atCsp ? org.id : found.atCsp ? row.organisationId : null, before, after }, now.toISOString());
      const words = roleInWords(fields.role, fields.atCsp);
      queueMessage(
        tx,
        {
          to: [row.email],
          subject: "Your role on the community safety funding portal has changed",
          body: `Dear ${row.name},\n\nAn administrator changed your role on the community safety funding portal on ${formatDate(now.toISOString().slice(0, 10) as never)}: you are now ${words === "Administrator" ? "an administrator" : words}${fields.atCsp ? ` for ${after.organisation}` : ""}. Sign in again to carry on:\n\n${portalUrl("/login")}`,
        },
        now.toISOString(),
      );
      return { kind: "saved" };
    },
    { behavior: "immediate" },
  );
}

/** Deactivates the person: their sessions end at once and they cannot sign in; their history stays. */
export function deactivatePerson(adminId: number, userId: number, version: number, now = new Date()): PersonChangeResult {
  return db().transaction(
    (tx): PersonChangeResult => {
      const found = current(tx, userId, version);
      if (found.kind !== "ok") return found;
      const { row } = found;
      if (!row.active) return { kind: "saved" };
      const problem = lastAdministratorProblem({ isActiveAdminNow: row.role === "admin", isActiveAdminAfter: false, otherActiveAdmins: otherActiveAdmins(tx, userId), self: userId === adminId });
      if (problem) return { kind: "refused", message: problem };
      const at = now.toISOString();
      tx.update(users).set({ active: false, deactivatedAt: at, version: sql`${users.version} + 1` }).where(eq(users.id, userId)).run();
      endSessionsOf(userId, tx);
      recordAudit(tx, { userId: adminId, action: "user.deactivated", entityType: "user", entityId: userId, cspId: found.atCsp ? row.organisationId : null, before: { active: true }, after: { active: false, sessionsEnded: true } }, at);
      queueMessage(
        tx,
        {
          to: [row.email],
          subject: "Your account on the community safety funding portal has been deactivated",
          body: `Dear ${row.name},\n\nAn administrator deactivated your account on the community safety funding portal on ${formatDate(at.slice(0, 10) as never)}: you can no longer sign in. If you think this is a mistake, ask your administrator.`,
        },
        at,
      );
      return { kind: "saved" };
    },
    { behavior: "immediate" },
  );
}

/** Lets a deactivated person sign in again (with the password they had, or their invitation if they never accepted it). */
export function reactivatePerson(adminId: number, userId: number, version: number, now = new Date()): PersonChangeResult {
  return db().transaction(
    (tx): PersonChangeResult => {
      const found = current(tx, userId, version);
      if (found.kind !== "ok") return found;
      if (found.row.active) return { kind: "saved" };
      const at = now.toISOString();
      tx.update(users).set({ active: true, deactivatedAt: null, version: sql`${users.version} + 1` }).where(eq(users.id, userId)).run();
      recordAudit(tx, { userId: adminId, action: "user.reactivated", entityType: "user", entityId: userId, cspId: found.atCsp ? found.row.organisationId : null, before: { active: false }, after: { active: true } }, at);
      return { kind: "saved" };
    },
    { behavior: "immediate" },
  );
}

/** What the invitation page may show: the person's name and the OPCC's, nothing else. */
export function invitationGreeting(userId: number) {
  const person = db().select({ name: users.name }).from(users).where(eq(users.id, userId)).get();
  return { name: person?.name ?? "", opcc: opccName() };
}
