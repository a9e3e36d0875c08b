import { createHash } from "node:crypto";
import type Database from "better-sqlite3";

type Sqlite = Database.Database;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * The rest of the OPCC's team (made after the partnerships' people, so every id made before stays
 * as it was): more reviewers to share the national review load, a second administrator who has
 * turned on two-factor sign-in (with recovery codes, two of them used), and a second finance
 * officer. The bench's accounts keep their one-factor sign-in. Returns the reviewers' ids, the
 * bench's reviewer first.
 */
export function addSyntheticOpccStaff(sqlite: Sqlite, o: { opccId: number; reviewer: number; admin: number; random: () => number; now: string }): number[] {
  const user = sqlite.prepare(
    "insert into users (email, name, role, organisation_id, active, password_hash, created_at, totp_secret, totp_enabled_at) values (?, ?, ?, ?, 1, 'scrypt$1$1$1$x$x', ?, ?, ?)",
  );
  const reviewers = [o.reviewer];
  const names = ["Aisha Rahman", "Gareth Lloyd", "Helen McKenzie", "Imran Siddiqui", "Joanna Kowalski", "Kwame Mensah", "Lucy Fairbanks"];
  names.forEach((name, i) => reviewers.push(Number(user.run(`reviewer${i + 2}@synthetic-opcc.example.test`, name, "opcc_reviewer", o.opccId, o.now, null, null).lastInsertRowid)));
  user.run("finance2@synthetic-opcc.example.test", "Martin O'Neill", "finance", o.opccId, o.now, null, null);
  const secret = Array.from({ length: 32 }, () => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[Math.floor(o.random() * 32)]).join("");
  const admin2 = Number(user.run("admin2@synthetic-opcc.example.test", "Nadia Hussain", "admin", o.opccId, o.now, secret, o.now).lastInsertRowid);
  const code = sqlite.prepare("insert into recovery_codes (user_id, code_hash, created_at, used_at) values (?, ?, ?, ?)");
  for (let i = 0; i < 10; i++) code.run(admin2, sha256(`synthetic-recovery-${o.random()}`), o.now, i < 2 ? o.now : null);
  const audit = sqlite.prepare("insert into audit_log (at, user_id, action, entity_type, entity_id, before, after) values (?, ?, ?, 'user', ?, null, ?)");
  for (const id of reviewers.slice(1)) audit.run(o.now, o.admin, "user.created", id, JSON.stringify({ role: "opcc_reviewer" }));
  audit.run(o.now, admin2, "user.two_factor_turned_on", admin2, JSON.stringify({ recoveryCodes: 10 }));
  return reviewers;
}

/**
 * What the accounts of a live service carry: an invitation (valid a week) for each person invited
 * and not yet signed up, a few password resets asked for, and signed-in sessions for one
 * partnership lead in five; with the audit of the invitations and departures. The tokens are
 * random (their hashes only are kept), so none of them can be used.
 */
export function addSyntheticAccounts(sqlite: Sqlite, o: { admin: number; random: () => number; now: Date }) {
  const hex = () => Array.from({ length: 64 }, () => Math.floor(o.random() * 16).toString(16)).join("");
  const at = (hours: number) => new Date(o.now.getTime() + hours * 3_600_000).toISOString();
  const invited = sqlite.prepare("select id from users where password_hash like 'invited$%' order by id").all() as { id: number }[];
  const token = sqlite.prepare("insert into user_tokens (user_id, purpose, token_hash, created_at, expires_at, used_at, created_by) values (?, ?, ?, ?, ?, ?, ?)");
  for (const { id } of invited) token.run(id, "invitation", hex(), at(-48), at(7 * 24 - 48), null, o.admin);
  const leads = sqlite.prepare("select id from users where role = 'csp_lead' and active = 1 and password_hash not like 'invited$%' order by id").all() as { id: number }[];
  leads.forEach(({ id }, i) => {
    if (i % 25 === 3) token.run(id, "password_reset", hex(), at(-30), at(-29), i % 50 === 3 ? at(-29.5) : null, null);
  });
  const session = sqlite.prepare("insert into sessions (token_hash, user_id, created_at, expires_at, last_seen_at) values (?, ?, ?, ?, ?)");
  leads.forEach(({ id }, i) => {
    if (i % 5 === 0) session.run(hex(), id, at(-2), at(10), at(-0.25));
  });
  sqlite.exec(`
    insert into audit_log (at, user_id, action, entity_type, entity_id, csp_id, before, after)
    select t.created_at, t.created_by, 'user.invited', 'user', u.id, u.organisation_id, null, json_object('email', u.email, 'role', u.role)
      from user_tokens t join users u on u.id = t.user_id where t.purpose = 'invitation'
    union all
    select u.deactivated_at, ${Number(o.admin)}, 'user.deactivated', 'user', u.id, u.organisation_id, json_object('active', json('true')), json_object('active', json('false'))
      from users u where u.active = 0 and u.deactivated_at is not null
    order by 1`);
}

/**
 * The OPCC's own names (a real installation names itself: /settings/opcc), and the funding formula
 * of every annual round: population, recorded crime and deprivation for each partnership, with the
 * weights the OPCC set; and the audit of each round's creation.
 */
export function addSyntheticSettingsAndFormula(sqlite: Sqlite, o: { admin: number; annualRoundIds: number[] }) {
  const setting = sqlite.prepare("insert or replace into settings (key, value) values (?, ?)");
  for (const [key, value] of [
    ["opcc_name", "Synthetic Police and Crime Commissioner"],
    ["opcc_office_name", "Office of the Synthetic Police and Crime Commissioner"],
    ["pcc_title", "Police and Crime Commissioner for Synthetic County"],
    ["pcc_name", "Alex Morgan"],
    ["offer_address", "Synthetic OPCC, 1 Example Street, Synthetic Town, SY1 1AA"],
    ["offer_contact", "grants@synthetic-opcc.example.test"],
  ]) setting.run(key, value);
  const indicator = sqlite.prepare("insert into formula_indicators (round_id, key, label, weight, position) values (?, ?, ?, ?, ?)");
  const values = sqlite.prepare(
    `insert into formula_values (indicator_id, csp_id, value)
     select @indicator, o.id, case @key when 'population' then 60000 + (o.id * 7919) % 240000
                                        when 'recorded_crime' then 3000 + (o.id * 104729 + @round * 13) % 22000
                                        else round(8 + ((o.id * 31 + @round) % 320) / 10.0, 1) end
       from organisations o where o.kind = 'csp'`,
  );
  for (const round of o.annualRoundIds) {
    [
      ["population", "Population (ONS mid-year estimate)", 0.5],
      ["recorded_crime", "Recorded crime (last 12 months)", 0.3],
      ["deprivation", "Index of Multiple Deprivation (average score)", 0.2],
    ].forEach(([key, label, weight], position) => {
      const id = Number(indicator.run(round, key, label, weight, position).lastInsertRowid);
      values.run({ indicator: id, key, round });
    });
  }
  sqlite
    .prepare(
      `insert into audit_log (at, user_id, action, entity_type, entity_id, before, after)
       select date(r.opens_on, '-60 days') || 'T10:00:00.000Z', @admin, 'round.created', 'round', r.id, null,
              json_object('name', r.name, 'opensOn', r.opens_on, 'closesOn', r.closes_on, 'totalPotPence', r.total_pot_pence, 'status', 'draft')
         from rounds r order by r.opens_on, r.id`,
    )
    .run({ admin: o.admin });
}
