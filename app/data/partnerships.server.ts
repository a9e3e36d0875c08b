import { and, eq, ne, sql } from "drizzle-orm";
import { organisations, priorities } from "../../db/schema";
import { recordAudit } from "./audit.server";
import { db, type DbOrTx, type Tx } from "./db.server";

/**
 * The Community Safety Partnerships an administrator keeps at /settings/partnerships (issue 12):
 * each with its accountable council (name, ONS code, org-id), its contact address and its own
 * priorities. A partnership is retired, never deleted: a retired one is offered no allocation in a
 * new round and starts no bid, and its history stays. Decision record 032.
 */

export const PARTNERSHIPS_PER_PAGE = 50;

export interface PartnershipInput {
  name: string;
  code: string;
  accountableCouncil: string;
  councilGssCode: string;
  councilOrgId: string;
  contactEmail: string;
}

export interface PartnershipRow {
  id: number;
  name: string;
  code: string;
  accountableCouncil: string;
  councilGssCode: string | null;
  councilOrgId: string | null;
  contactEmail: string | null;
  retiredAt: string | null;
  priorities: number;
}

/** One page of partnerships, by name, with how many priorities of their own each offers (organisations_kind_name_idx; priorities_csp_idx). */
export function listPartnerships(page = 1) {
  const total = db().get<{ n: number }>(sql`select count(*) as n from organisations where kind = 'csp'`).n;
  const pages = Math.max(1, Math.ceil(total / PARTNERSHIPS_PER_PAGE));
  const current = Math.min(Math.max(1, page), pages);
  const rows = db().all<PartnershipRow>(sql`
    select o.id, o.name, o.code, o.accountable_council as accountableCouncil, o.council_gss_code as councilGssCode,
           o.council_org_id as councilOrgId, o.contact_email as contactEmail, o.retired_at as retiredAt,
           (select count(*) from priorities p where p.csp_id = o.id and p.retired_at is null) as priorities
      from organisations o
     where o.kind = 'csp'
     order by o.name, o.id
     limit ${PARTNERSHIPS_PER_PAGE} offset ${(current - 1) * PARTNERSHIPS_PER_PAGE}`);
  return { rows, total, page: current, pages };
}

/** A partnership and its own priorities (retired ones too, last), or null when there is no such partnership. */
export function findPartnership(id: number) {
  const partnership = db()
    .select()
    .from(organisations)
    .where(and(eq(organisations.id, id), eq(organisations.kind, "csp")))
    .get();
  if (!partnership) return null;
  const own = db()
    .select({ id: priorities.id, name: priorities.name, retiredAt: priorities.retiredAt, version: priorities.version })
    .from(priorities)
    .where(and(eq(priorities.kind, "csp"), eq(priorities.cspId, id)))
    .orderBy(sql`${priorities.retiredAt} is not null`, priorities.position, priorities.id)
    .all();
  return { partnership, priorities: own };
}

export type PartnershipResult =
  | { kind: "saved"; id: number }
  | { kind: "refused"; field?: string; message: string }
  | { kind: "stale" }
  | { kind: "missing" };

const columns = (input: PartnershipInput) => ({
  name: input.name,
  code: input.code,
  accountableCouncil: input.accountableCouncil,
  councilGssCode: input.councilGssCode || null,
  councilOrgId: input.councilOrgId || null,
  contactEmail: input.contactEmail || null,
});

/** Why a code or name cannot be used: another organisation has it. Codes are unique across every organisation (organisations_code_unique). */
function clash(tx: Tx, input: PartnershipInput, exceptId: number | null): PartnershipResult | null {
  const codeTaken = tx
    .select({ name: organisations.name })
    .from(organisations)
    .where(exceptId === null ? eq(organisations.code, input.code) : and(eq(organisations.code, input.code), ne(organisations.id, exceptId)))
    .get();
  if (codeTaken) return { kind: "refused", field: "code", message: `The code ${input.code} is already used by ${codeTaken.name}: choose another` };
  const nameTaken = tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(
      exceptId === null
        ? and(eq(organisations.kind, "csp"), sql`lower(${organisations.name}) = lower(${input.name})`)
        : and(eq(organisations.kind, "csp"), sql`lower(${organisations.name}) = lower(${input.name})`, ne(organisations.id, exceptId)),
    )
    .get();
  if (nameTaken) return { kind: "refused", field: "name", message: `There is already a partnership called ${input.name}` };
  return null;
}

/** Adds a partnership, audited. */
export function createPartnership(userId: number, input: PartnershipInput, now = new Date().toISOString()): PartnershipResult {
  return db().transaction(
    (tx) => {
      const refused = clash(tx, input, null);
      if (refused) return refused;
      const row = tx.insert(organisations).values({ kind: "csp", ...columns(input) }).returning().get();
      recordAudit(tx, { userId, action: "partnership.created", entityType: "organisation", entityId: row.id, cspId: row.id, after: row }, now);
      return { kind: "saved", id: row.id };
    },
    { behavior: "immediate" },
  );
}

/** Changes a partnership's details, if nobody has changed it since the page showed `expectedVersion`; audited. */
export function updatePartnership(userId: number, id: number, expectedVersion: number, input: PartnershipInput, now = new Date().toISOString()): PartnershipResult {
  return db().transaction(
    (tx) => {
      const before = tx.select().from(organisations).where(and(eq(organisations.id, id), eq(organisations.kind, "csp"))).get();
      if (!before) return { kind: "missing" };
      if (before.version !== expectedVersion) return { kind: "stale" };
      const refused = clash(tx, input, id);
      if (refused) return refused;
      const after = tx
        .update(organisations)
        .set({ ...columns(input), version: before.version + 1 })
        .where(eq(organisations.id, id))
        .returning()
        .get();
      recordAudit(tx, { userId, action: "partnership.changed", entityType: "organisation", entityId: id, cspId: id, before, after }, now);
      return { kind: "saved", id };
    },
    { behavior: "immediate" },
  );
}

/** Retires a partnership (it bids no more and is offered no allocation in a new round) or brings it back; audited. */
export function setPartnershipRetired(userId: number, id: number, expectedVersion: number, retired: boolean, now = new Date().toISOString()): PartnershipResult {
  return db().transaction(
    (tx) => {
      const before = tx.select().from(organisations).where(and(eq(organisations.id, id), eq(organisations.kind, "csp"))).get();
      if (!before) return { kind: "missing" };
      if (before.version !== expectedVersion) return { kind: "stale" };
      if ((before.retiredAt !== null) === retired) return { kind: "saved", id };
      const after = tx
        .update(organisations)
        .set({ retiredAt: retired ? now : null, version: before.version + 1 })
        .where(eq(organisations.id, id))
        .returning()
        .get();
      recordAudit(tx, { userId, action: retired ? "partnership.retired" : "partnership.restored", entityType: "organisation", entityId: id, cspId: id, before, after }, now);
      return { kind: "saved", id };
    },
    { behavior: "immediate" },
  );
}

export const RETIRED_PARTNERSHIP_MESSAGE = "The OPCC has retired your partnership, so it cannot start new bids.";

/** Why the partnership cannot start a bid: it has been retired (null when it may). */
export function retiredPartnershipMessage(cspId: number): string | null {
  return partnershipRetired(db(), cspId) ? RETIRED_PARTNERSHIP_MESSAGE : null;
}

/** Whether a partnership has been retired (checked where a bid is started). */
export function partnershipRetired(tx: DbOrTx, cspId: number): boolean {
  return tx.select({ retiredAt: organisations.retiredAt }).from(organisations).where(eq(organisations.id, cspId)).get()?.retiredAt != null;
}

// ---------------------------------------------------------------------------------------------
// The partnership's own priorities

function priorityNameTaken(tx: Tx, cspId: number, name: string, exceptId: number | null) {
  return (
    tx
      .select({ id: priorities.id })
      .from(priorities)
      .where(
        and(
          eq(priorities.kind, "csp"),
          eq(priorities.cspId, cspId),
          sql`lower(${priorities.name}) = lower(${name})`,
          exceptId === null ? sql`1 = 1` : ne(priorities.id, exceptId),
        ),
      )
      .get() !== undefined
  );
}

/** Adds one of the partnership's own priorities, offered on its new bids; audited. */
export function addPartnershipPriority(userId: number, cspId: number, name: string, now = new Date().toISOString()): PartnershipResult {
  return db().transaction(
    (tx) => {
      if (!tx.select({ id: organisations.id }).from(organisations).where(and(eq(organisations.id, cspId), eq(organisations.kind, "csp"))).get()) return { kind: "missing" };
      if (priorityNameTaken(tx, cspId, name, null)) return { kind: "refused", field: "priority", message: `The partnership already has a priority called ${name}` };
      const position = tx.get<{ p: number }>(sql`select coalesce(max(position), 0) + 1 as p from priorities where csp_id = ${cspId}`).p;
      const row = tx.insert(priorities).values({ kind: "csp", cspId, name, position }).returning().get();
      recordAudit(tx, { userId, action: "priority.created", entityType: "priority", entityId: row.id, cspId, after: row }, now);
      return { kind: "saved", id: row.id };
    },
    { behavior: "immediate" },
  );
}

/**
 * Renames or retires (or brings back) one of the partnership's own priorities, if unchanged since
 * the page showed `expectedVersion`; audited. Bids that chose it keep it, under its new name.
 */
export function changePartnershipPriority(
  userId: number,
  cspId: number,
  priorityId: number,
  expectedVersion: number,
  change: { name: string } | { retired: boolean },
  now = new Date().toISOString(),
): PartnershipResult {
  return db().transaction(
    (tx) => {
      const before = tx
        .select()
        .from(priorities)
        .where(and(eq(priorities.id, priorityId), eq(priorities.kind, "csp"), eq(priorities.cspId, cspId)))
        .get();
      if (!before) return { kind: "missing" };
      if (before.version !== expectedVersion) return { kind: "stale" };
      let set: { name?: string; retiredAt?: string | null };
      let action: string;
      if ("name" in change) {
        if (change.name === before.name) return { kind: "saved", id: priorityId };
        if (priorityNameTaken(tx, cspId, change.name, priorityId)) return { kind: "refused", field: "newName", message: `The partnership already has a priority called ${change.name}` };
        set = { name: change.name };
        action = "priority.renamed";
      } else {
        if ((before.retiredAt !== null) === change.retired) return { kind: "saved", id: priorityId };
        set = { retiredAt: change.retired ? now : null };
        action = change.retired ? "priority.retired" : "priority.restored";
      }
      const after = tx
        .update(priorities)
        .set({ ...set, version: before.version + 1 })
        .where(eq(priorities.id, priorityId))
        .returning()
        .get();
      recordAudit(tx, { userId, action, entityType: "priority", entityId: priorityId, cspId, before, after }, now);
      return { kind: "saved", id: priorityId };
    },
    { behavior: "immediate" },
  );
}
