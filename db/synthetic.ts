import { parseArgs } from "node:util";
import type Database from "better-sqlite3";
import { openDatabase } from "../app/data/db.server";
import { optimizeSearchIndex } from "../app/data/search.server";
import { financialYearBounds } from "../app/domain/financial-years";
import { paymentSchedule } from "../app/domain/payment-schedule";
import { returnTransition, type ReturnStatus } from "../app/domain/return-lifecycle";
import { returnPeriods } from "../app/domain/return-periods";
import { spendProfile } from "../app/domain/spend-profile";
import { migrateDatabase } from "./migrate";
import { addSyntheticAudit, addSyntheticPayments, addSyntheticRecoveries, addSyntheticScrutinyReports, addSyntheticUnderspends, addSyntheticVariations } from "./synthetic-data/after-award";
import { addSyntheticBidLifecycle } from "./synthetic-data/bid-review";
import { closeSyntheticYears, syntheticEvidence } from "./synthetic-data/evidence-and-year-end";
import { DAY, isoDay, msOf, type People } from "./synthetic-data/shared";
import { addSyntheticAccounts, addSyntheticOpccStaff, addSyntheticSettingsAndFormula } from "./synthetic-data/people-and-settings";

/**
 * A national-scale database shaped like the live service, for checking that lists and totals stay
 * fast: ten years of rounds as the OPCC leaves them (past years' closed, only the synthetic today's
 * year's open); bids in every state with their lines, match funding, priorities, outcomes,
 * milestones, risks and submissions; the reviewers' assignments, score sheets and comments; PCC
 * decisions (approved, part-approved, rejected, each following its moderated score) and grants
 * (offers accepted with a declaration, declined, lapsed or extended) with their instalments;
 * quarterly returns in every state with actuals, forecasts, outcomes, milestones, certification
 * where the stream asks, submission snapshots and the OPCC's reviews (every return of a closed
 * year accepted); evidence rows; payments, hold releases, reminders, variations, underspends and
 * clawbacks, and a few amounts to recover after a correcting decision (a closed year's grants
 * settled as its checklist asks: paid what was evidenced, clawed back what was not); the audit trail of all
 * that; people of every role (some invited, some gone, one administrator with two-factor sign-in),
 * sessions, the OPCC's settings and funding formula; a day of sign-in attempts and years of e-mail:
 *   npx tsx db/synthetic.ts --file data/synthetic.db --csps 300 --years 10 --bids 60000
 * Deterministic (seeded generators, and choices by id in the set-based SQL), written in one
 * transaction; about thirty seconds at national scale. The parts by aggregate are in db/synthetic-data/.
 */

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function generateSynthetic(file: string, { csps = 300, years = 10, bids = 60_000, signIns = 30_000, messages = 100_000, seed = 2023 } = {}) {
  const { db, sqlite } = openDatabase(file);
  migrateDatabase(db);
  const random = rng(seed);
  const pick = <T,>(list: T[]) => list[Math.floor(random() * list.length)];
  const now = new Date().toISOString();

  sqlite.transaction(() => {
    const org = sqlite.prepare("insert into organisations (kind, name, code, accountable_council, council_gss_code, council_org_id, contact_email) values (?, ?, ?, ?, ?, ?, ?)");
    const opccId = Number(org.run("opcc", "Synthetic OPCC", "synthetic-opcc", null, null, null, null).lastInsertRowid);
    const cspIds: number[] = [];
    for (let i = 1; i <= csps; i++) {
      cspIds.push(Number(org.run("csp", `Synthetic CSP ${i}`, `synthetic-csp-${i}`, `Synthetic Council ${i}`, `E0${String(7000000 + i)}`, `GB-LAE-S${String(i).padStart(2, "0")}`, `community.safety@synthetic-csp-${i}.example.test`).lastInsertRowid));
    }
    // The OPCC's administrator, reviewer and finance officer; each partnership's lead and its council's finance officer.
    const user = sqlite.prepare("insert into users (email, name, role, organisation_id, active, password_hash, created_at) values (?, ?, ?, ?, 1, 'scrypt$1$1$1$x$x', ?)");
    const addUser = (email: string, name: string, role: string, organisationId: number) => Number(user.run(email, name, role, organisationId, now).lastInsertRowid);
    const userId = addUser("synthetic.admin@example.test", "Synthetic Admin", "admin", opccId);
    const people: People = {
      admin: userId,
      reviewer: addUser("synthetic.reviewer@example.test", "Synthetic Reviewer", "opcc_reviewer", opccId),
      finance: addUser("synthetic.finance@example.test", "Synthetic Finance Officer", "finance", opccId),
      leads: new Map(),
      councilFinance: new Map(),
    };
    cspIds.forEach((csp, i) => {
      const lead = personName(2 * i);
      const finance = personName(2 * i + 1);
      people.leads.set(csp, { id: addUser(`lead@synthetic-csp-${i + 1}.example.test`, lead, "csp_lead", csp), name: lead });
      people.councilFinance.set(csp, { id: addUser(`finance@synthetic-csp-${i + 1}.example.test`, finance, "finance", csp), name: finance });
    });
    // Some people an administrator has invited who have not yet set a password, and some who have left (deactivated): /settings/people filters them.
    const other = sqlite.prepare("insert into users (email, name, role, organisation_id, active, password_hash, created_at, deactivated_at) values (?, ?, 'csp_lead', ?, ?, ?, ?, ?)");
    cspIds.forEach((csp, i) => {
      if (i % 10 === 0) other.run(`invited@synthetic-csp-${i + 1}.example.test`, personName(2 * csps + i), csp, 1, `invited$synthetic${i}`, now, null);
      if (i % 15 === 0) other.run(`former@synthetic-csp-${i + 1}.example.test`, personName(3 * csps + i), csp, 0, "scrypt$1$1$1$x$x", now, now);
    });
    // The rest of the OPCC's team, after everyone above so that their ids are as they always were.
    const reviewers = addSyntheticOpccStaff(sqlite, { opccId, reviewer: people.reviewer, admin: people.admin, random: rng(seed + 17), now });
    const streamInsert = sqlite.prepare(
      `insert into funding_streams (code, name, description, may_span_years, max_duration_months, match_funding_required, tolerance_basis_points, certification_required)
       values (?, ?, ?, 0, 12, 0, ?, ?)`,
    );
    const stream = Number(streamInsert.run("synthetic-annual", "Annual CSP allocation", "", 1000, 0).lastInsertRowid);
    // A competitive capital fund whose returns the council's finance officer certifies, with a tighter tolerance.
    const capitalStream = Number(
      streamInsert.run("synthetic-capital", "Safer neighbourhoods capital fund", "CCTV, lighting and target hardening; the council certifies each quarter's spend.", 500, 1).lastInsertRowid,
    );
    const fyIds: number[] = [];
    const roundIds: number[] = [];
    const capitalRoundIds: number[] = [];
    const firstYear = 2030;
    const roundInsert = sqlite.prepare("insert into rounds (stream_id, financial_year_id, name, opens_on, closes_on, total_pot_pence, status) values (?, ?, ?, ?, ?, ?, ?)");
    for (let y = 0; y < years; y++) {
      const b = financialYearBounds(firstYear + y);
      // As the OPCC leaves them: past years' rounds closed, the synthetic today's year's open, later ones still drafts.
      const roundStatus = b.endsOn < SYNTHETIC_TODAY ? "closed" : b.startsOn <= SYNTHETIC_TODAY ? "open" : "draft";
      const fy = Number(sqlite.prepare("insert into financial_years (label, starts_on, ends_on, status) values (?, ?, ?, 'open')").run(b.label, b.startsOn, b.endsOn).lastInsertRowid);
      fyIds.push(fy);
      const round = Number(roundInsert.run(stream, fy, `Annual allocation ${b.label}`, b.startsOn, b.endsOn, csps * 3_000_000, roundStatus).lastInsertRowid);
      roundIds.push(round);
      capitalRoundIds.push(Number(roundInsert.run(capitalStream, fy, `Safer neighbourhoods capital ${b.label}`, b.startsOn, b.endsOn, csps * 1_000_000, roundStatus).lastInsertRowid));
      const alloc = sqlite.prepare("insert into allocations (round_id, csp_id, amount_pence) values (?, ?, ?)");
      for (const csp of cspIds) alloc.run(round, csp, 3_000_000);
    }
    const priority = sqlite.prepare("insert into priorities (kind, name, position) values ('police_and_crime_plan', ?, ?)");
    const priorityIds = [1, 2, 3, 4, 5].map((n) => Number(priority.run(`Priority ${n}`, n).lastInsertRowid));

    const bid = sqlite.prepare(
      `insert into bids (round_id, csp_id, status, version, title, created_by, created_at, updated_by, updated_at, start_date, end_date, submitted_at, summary, delivery_partners)
       values (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const line = sqlite.prepare(
      "insert into bid_cost_lines (bid_id, position, description, quantity_hundredths, unit_price_ten_thousandths, expenditure_type, recurrence, financial_year_id) values (?, ?, ?, ?, ?, ?, 'one_off', ?)",
    );
    const match = sqlite.prepare("insert into bid_match_funding (bid_id, position, source, kind, amount_pence) values (?, 0, 'Council', 'cash', ?)");
    const bp = sqlite.prepare("insert into bid_priorities (bid_id, priority_id) values (?, ?)");
    const statuses = ["draft", "submitted", "submitted", "submitted", "withdrawn"];
    for (let i = 0; i < bids; i++) {
      const y = i % years;
      const b = financialYearBounds(firstYear + y);
      const at = bidCreatedAt(firstYear + y, Math.floor(random() * 300));
      const status = pick(statuses);
      const csp = pick(cspIds);
      const lead = people.leads.get(csp)!.id;
      // One bid in five is for the capital fund, in every year (chosen by number, so the random sequence is the same as ever).
      const capital = Math.floor(i / years) % 5 === 2;
      // Every bid past draft was submitted once (a withdrawn one too: the OPCC still sees it).
      const id = Number(bid.run(capital ? capitalRoundIds[y] : roundIds[y], csp, status, `Synthetic bid ${i + 1}`, lead, at, lead, at, b.startsOn, b.endsOn, status === "draft" ? null : at, ...searchableText(i)).lastInsertRowid);
      const lines = 1 + Math.floor(random() * 5);
      for (let l = 0; l < lines; l++) {
        const quantity = (1 + Math.floor(random() * 50)) * 100;
        const price = 10_000 + Math.floor(random() * 5_000_000);
        const kind = random() < (capital ? 0.85 : 0.5) ? "capital" : "revenue";
        line.run(id, l, LINE_DESCRIPTIONS[kind][(i + l) % LINE_DESCRIPTIONS[kind].length], quantity, price, kind, fyIds[y]);
      }
      if (random() < 0.2) match.run(id, 100 + Math.floor(random() * 100_000));
      bp.run(id, pick(priorityIds));
    }
    addOutcomesAndMilestones(sqlite);

    addGrantsAndReturns(sqlite, { seed, people });
    // The rest of the bids' life-cycle: rejections, withdrawals, reviews, submissions, risks and their audit.
    addSyntheticBidLifecycle(sqlite, { reviewers, admin: people.admin, today: SYNTHETIC_TODAY });

    // A busy day of sign-ins (the throttle keeps a day): accounts across the country, many
    // clients, a few in ten mistyped.
    const attempt = sqlite.prepare("insert into sign_in_attempts (at, account, client, succeeded) values (?, ?, ?, ?)");
    const dayAgo = Date.now() - 86_400_000;
    for (let i = 0; i < signIns; i++) {
      const at = new Date(dayAgo + Math.floor(random() * 86_000_000)).toISOString();
      attempt.run(at, `user${Math.floor(random() * (csps * 10))}@csp.example`, `198.${Math.floor(random() * 64)}.${Math.floor(random() * 256)}.1`, random() < 0.9 ? 1 : 0);
    }

    // Years of e-mail in the outbox, some not sent and some failed.
    // A sent or failed message was claimed by its sender when it was written (decision record 043).
    const mail = sqlite.prepare('insert into outbox ("to", subject, body, created_at, sent_at, error, claimed_at) values (?, ?, ?, ?, ?, ?, ?)');
    for (let i = 0; i < messages; i++) {
      const y = i % years;
      const at = new Date(Date.UTC(firstYear + y, 4, 1) + Math.floor(random() * 300 * 86_400_000)).toISOString();
      const state = random();
      const message = syntheticMessage(i);
      mail.run(`lead${Math.floor(random() * csps)}@csp${Math.floor(random() * csps)}.example`, message.subject, message.body, at, state < 0.95 ? at : null, state > 0.98 ? "Connection refused" : null, state < 0.95 || state > 0.98 ? at : null);
    }

    // Judged on the synthetic service's own "today", so instalments and returns before it are past.
    addSyntheticPayments(sqlite, people.finance, new Date(`${SYNTHETIC_TODAY}T12:00:00.000Z`));
    addSyntheticRecoveries(sqlite, people.admin, SYNTHETIC_TODAY);
    addSyntheticVariations(sqlite, people, SYNTHETIC_TODAY);
    addSyntheticUnderspends(sqlite, people.finance, SYNTHETIC_TODAY);
    // One decision in twenty withheld from publication under an FOI exemption: /transparency and
    // the 360Giving files leave them out (decision record 027).
    sqlite.prepare("update decisions set publishable = 0, foi_exemption = 'Section 43 (commercial interests)' where id % 20 = 0").run();
    // Issue 11: the partnerships' introductions to their scrutiny reports.
    addSyntheticScrutinyReports(sqlite, people, SYNTHETIC_TODAY);
    // After the returns and payments, so that it finds every return made above.
    syntheticEvidence(sqlite, random, userId);
    addSyntheticAudit(sqlite);
    addSyntheticAccounts(sqlite, { admin: people.admin, random: rng(seed + 23), now: new Date(now) });
    addSyntheticSettingsAndFormula(sqlite, { admin: people.admin, annualRoundIds: roundIds });
    // Last of all (brief C): the years long past are closed, so nothing above is refused by the lock.
    closeSyntheticYears(sqlite, people.finance, SYNTHETIC_TODAY);
  })();
  // As the portal's daily job leaves it: a bulk load writes the search index in many segments.
  optimizeSearchIndex(sqlite);
  sqlite.pragma("optimize");
  sqlite.close();
}

/**
 * When a bid of a year was started: `day` days after the 1st of May, but never on or after the
 * synthetic service's today (nothing after it has happened): a bid of the current year that would
 * be later is started as many days into the year as fit before today, wrapped round.
 */
function bidCreatedAt(year: number, day: number): string {
  const start = Date.UTC(year, 4, 1);
  const today = msOf(SYNTHETIC_TODAY, 0);
  const fit = Math.floor((today - start) / 86_400_000);
  const wrapped = start + day * 86_400_000 >= today && fit > 0 ? day % fit : day;
  return new Date(start + wrapped * 86_400_000).toISOString();
}

/**
 * The kinds of e-mail the portal sends, by turns (no random draws, so the rest is as it was): bids
 * submitted and sent back, decisions, offers, returns due and overdue, queried and accepted, payments
 * and invitations, worded as the portal words them.
 */
const MESSAGES: ((n: number) => { subject: string; body: string })[] = [
  (n) => ({ subject: `Bid submitted: Synthetic bid ${n}`, body: `Synthetic bid ${n} has been submitted to the OPCC for review.\n\nYou can see it in the portal: /bids/${n}` }),
  (n) => ({ subject: `PCC decision SYN/${n % 1000}: Synthetic bid ${n}`, body: `The Police and Crime Commissioner has decided on "Synthetic bid ${n}": approved.\n\nReasons: Meets the plan.` }),
  (n) => ({ subject: `Grant offer to accept: Synthetic bid ${n}`, body: `Please accept or decline the grant offer for "Synthetic bid ${n}" by the date on the offer letter.` }),
  (n) => ({ subject: "Quarterly return due in 7 days", body: `The quarterly return for grant ${n} is due in 7 days. Enter the quarter's spend and progress in the portal.` }),
  (n) => ({ subject: "Quarterly return overdue", body: `The quarterly return for grant ${n} is overdue. Payments may be held until it is submitted.` }),
  (n) => ({ subject: "Quarterly return queried", body: `The OPCC has queried the quarterly return for grant ${n}: Please send the invoices for this quarter's spend on the largest line.` }),
  (n) => ({ subject: "Quarterly return accepted", body: `The OPCC has accepted the quarterly return for grant ${n}.` }),
  (n) => ({ subject: "Changes requested to your bid", body: `The OPCC has asked for changes to "Synthetic bid ${n}": Please add the evidence of need for the area.` }),
  (n) => ({ subject: "Payment made", body: `A payment has been made for grant ${n}; the finance reference is SYN-AP-${n}.` }),
  (n) => ({ subject: "You have been invited to the OPCC funding portal", body: "Set your password within 7 days to start using the portal." }),
];
const syntheticMessage = (i: number) => MESSAGES[i % MESSAGES.length](i + 1);

const FIRST_NAMES = ["Amira", "Ben", "Chloe", "Daniel", "Ella", "Farhan", "Grace", "Harry", "Isla", "Jack", "Keira", "Liam", "Maya", "Noah", "Olivia", "Priya", "Rhys", "Sophie", "Tom", "Zara", "Callum"];
const LAST_NAMES = ["Patel", "Smith", "Jones", "Khan", "Williams", "Brown", "Taylor", "Davies", "Evans", "Wilson", "Thomas", "Roberts", "Walker", "Wright", "Hughes", "Green", "Begum"];
const personName = (n: number) => `${FIRST_NAMES[n % FIRST_NAMES.length]} ${LAST_NAMES[(n * 7 + Math.floor(n / FIRST_NAMES.length)) % LAST_NAMES.length]}`;

/**
 * A bid's summary and delivery partners, chosen by its number (no random draws, so the rest of
 * the data is as it always was): words that recur across thousands of bids and words that few
 * share, as a search at national scale meets them (tests/integration/scale.test.ts).
 */
const SUMMARY_TOPICS = ["Youth diversion", "Street lighting", "Domestic abuse support", "Retail crime radio scheme", "Night-time economy patrols", "Knife crime education", "Rural crime watch", "Hate crime reporting", "Anti-social behaviour outreach", "Drug awareness"];
const SUMMARY_PLACES = ["the town centre", "the market square", "three housing estates", "the railway station", "local schools", "the park", "village halls", "the retail park"];
const DELIVERY_PARTNERS = ["District council", "Police neighbourhood team", "Fire and rescue service", "Youth charity", "Victim support service", "Housing association", "Business improvement district"];
function searchableText(i: number): [summary: string, partners: string] {
  const topic = SUMMARY_TOPICS[i % SUMMARY_TOPICS.length];
  const place = SUMMARY_PLACES[Math.floor(i / SUMMARY_TOPICS.length) % SUMMARY_PLACES.length];
  return [`${topic} in ${place}, project ${i + 1}.`, `${DELIVERY_PARTNERS[i % DELIVERY_PARTNERS.length]}; ${DELIVERY_PARTNERS[(i + 3) % DELIVERY_PARTNERS.length]}`];
}

const LINE_DESCRIPTIONS = {
  capital: ["CCTV cameras and installation", "LED street lighting", "Alley gates", "Bike shelters with locks", "Mobile CCTV unit", "Door and window locks for repeat victims"],
  revenue: ["Youth outreach worker", "Street pastors' training", "Diversion sessions", "Neighbourhood watch materials", "Domestic abuse advocate", "Evaluation"],
} as const;

/**
 * Every bid's outcomes (one or two) and milestones (three, through its year), set-based and chosen
 * by id, as a bid has them when submitted: what its returns then report against.
 */
function addOutcomesAndMilestones(sqlite: Database.Database) {
  sqlite.exec(`
    insert into bid_outcomes (bid_id, position, measure, unit, baseline, target, target_date)
    select b.id, n.n - 1,
           case (b.id + n.n) % 5 when 0 then 'Young people taking part in diversion sessions' when 1 then 'Reported incidents of anti-social behaviour in the area'
                when 2 then 'Repeat victims given target hardening' when 3 then 'Residents who feel safe after dark (survey)' else 'Volunteers trained' end,
           case (b.id + n.n) % 5 when 0 then 'people' when 1 then 'incidents' when 2 then 'households' when 3 then 'per cent' else 'people' end,
           cast(case (b.id + n.n) % 5 when 1 then 120 + b.id % 80 when 3 then 40 + b.id % 20 else b.id % 10 end as text),
           cast(case (b.id + n.n) % 5 when 1 then 60 + b.id % 40 when 3 then 60 + b.id % 25 else 40 + b.id % 160 end as text),
           b.end_date
      from bids b join (select 1 as n union all select 2) n on n.n <= 1 + b.id % 2;
    insert into bid_milestones (bid_id, position, financial_year_id, quarter, description)
    select b.id, m.n - 1, r.financial_year_id, m.quarter, m.description
      from bids b join rounds r on r.id = b.round_id
      join (select 1 as n, 1 as quarter, 'Partners and suppliers appointed' as description
            union all select 2, 2, 'Equipment installed and sessions under way'
            union all select 3, 4, 'Evaluation reported to the partnership board') m;
  `);
}

/**
 * The synthetic service's "today": the synthetic years run 2030-31 to 2039-40 and this falls in
 * the last of them, so that nearly everything after the award is history (offers answered,
 * returns mostly accepted, a few still waiting, queried or overdue, instalments paid) while the
 * current year's quarters are in progress or still to come. Nothing after it has happened: a bid
 * that would be decided later is still waiting for its decision. Pass it as `today` to whatever
 * judges a return overdue or an offer lapsed.
 */
export const SYNTHETIC_TODAY = "2039-11-15";

const DECLINE_REASONS = [
  "The partnership could not secure the match funding in time.",
  "The venue is no longer available, so the project cannot go ahead.",
  "The council's cabinet did not approve the project.",
];
const LEAD_ROLES = ["Chair of the Community Safety Partnership", "Head of Community Safety", "Community Safety Partnership Manager"];
const FINANCE_ROLES = ["Chief Finance Officer (Section 151)", "Finance Business Partner", "Deputy Section 151 Officer"];
const QUERY_COMMENTS = [
  "Please send the invoices for this quarter's spend on the largest line.",
  "The actual on the second line is well below its profile: please explain why and when it will be spent.",
  "The delivery rating is green but a milestone is late: please check the ratings.",
  "Please attach the council's ledger extract for the quarter.",
];
const ACCEPT_COMMENTS = ["", "", "Thank you: accepted.", "Accepted; please keep the invoices for audit."];
const REOPEN_REASONS = [
  "Reopened: the council's year-end ledger shows different spend on the equipment line.",
  "Reopened at the partnership's request: an invoice was entered twice.",
];
const WENT_WELL = ["Sessions ran as planned and attendance grew.", "The cameras went live on time and partners use the footage.", "Volunteers were recruited faster than expected."];
const DID_NOT_GO_WELL = ["One supplier was late.", "Recruitment of the outreach worker took longer than planned.", "Bad weather delayed the installation."];
const NEXT_STEPS = ["Carry on as planned.", "Finish the installation next quarter.", "Evaluate the first phase with the partnership board."];
const SPEND_RAG_REASONS = { green: "Spend is close to the profile.", amber: "Some spend has slipped to next quarter.", red: "Spend is well away from the profile." } as const;
const DELIVERY_RAG_REASONS = { green: "Delivery as planned.", amber: "One milestone is at risk.", red: "Delivery is behind: recruitment is late." } as const;
const VARIANCE_EXPLANATIONS = {
  under: ["Invoices fell in a different quarter from the profile.", "The supplier delivered late; the spend moves to next quarter.", "The post was vacant for part of the quarter."],
  over: ["Prices rose since the bid; the council covers the difference if needed.", "Work planned for next quarter was brought forward."],
};

type Sqlite = Database.Database;
type ReturnEventKind = "save" | "certify" | "submit" | "query" | "accept" | "reopen";


/**
 * Half the submitted bids, in every year (chosen by id / 10: the bids' years follow id % 10), and
 * decided by SYNTHETIC_TODAY, approved by the PCC (about one in eight part-approved, each line at
 * 80%), each with its grant and its instalments (the domain's payment schedule: quarterly in arrears,
 * the capital fund in advance). Most offers accepted with the lead's declaration, a few declined
 * with a reason, a few never answered (lapsed, some extended; those decided within the accept-by
 * days before SYNTHETIC_TODAY still open). Every accepted grant has a return for each quarter,
 * whose story (saved, certified where the stream asks, submitted early or late, queried and
 * resubmitted, accepted, now and then reopened) is cut at SYNTHETIC_TODAY and whose status is
 * what the return life-cycle makes of it: returns in every state in realistic proportions. A
 * return once saved has its actuals (around the profile; some grants under- or overspending; an
 * explanation where beyond tolerance), its forecasts for the grant's later quarters, its ratings
 * and narrative; each submission its snapshot; the OPCC's reviews their comments. The outcomes and
 * milestones a return reports follow, set-based. Its own random sequence, so the bids made before
 * it are the same as ever.
 */
function addGrantsAndReturns(sqlite: Sqlite, o: { seed: number; people: People }) {
  const random = rng(o.seed + 9);
  const chance = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const today = SYNTHETIC_TODAY;
  const todayMs = msOf(today, 0);
  const recently = isoDay(todayMs - 90 * DAY);
  // The years closeSyntheticYears closes: those that ended more than a year before today.
  const settledBefore = isoDay(Date.UTC(Number(today.slice(0, 4)) - 1, Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10))));
  const approved = sqlite
    .prepare(
      `select b.id, b.csp_id as cspId, b.start_date as startDate, b.end_date as endDate, b.submitted_at as submittedAt, r.financial_year_id as fy, fy.label, fy.ends_on as yearEnd,
              fs.code as stream, fs.certification_required as certified, fs.tolerance_basis_points as tolerance, fs.return_due_days as dueDays, fs.accept_by_days as acceptByDays,
              (select coalesce(sum(m.amount_pence), 0) from bid_match_funding m where m.bid_id = b.id) as matchPence
         from bids b join rounds r on r.id = b.round_id join financial_years fy on fy.id = r.financial_year_id join funding_streams fs on fs.id = r.stream_id
        where b.status = 'submitted' and (b.id / 10) % 2 = 0 order by b.id`,
    )
    .all() as {
    id: number; cspId: number; startDate: string; endDate: string; submittedAt: string; fy: number; label: string; yearEnd: string;
    stream: string; certified: number; tolerance: number; dueDays: number; acceptByDays: number; matchPence: number;
  }[];
  const linesOf = sqlite.prepare(
    `select l.id, l.description, l.expenditure_type as kind, (l.quantity_hundredths * l.unit_price_ten_thousandths + 5000) / 10000 as total, cast(substr(fy.starts_on, 1, 4) as integer) as year
       from bid_cost_lines l join financial_years fy on fy.id = l.financial_year_id where l.bid_id = ? order by l.position`,
  );
  const decide = sqlite.prepare("update bids set status = ?, version = 2 where id = ?");
  const decision = sqlite.prepare(
    `insert into decisions (reference, financial_year_id, sequence, bid_id, outcome, decided_on, decision_maker, lead_officer, reasons, conditions, declaration_of_interests, publishable, recorded_by, recorded_at, without_review_reason)
     values (?, ?, ?, ?, ?, ?, 'Synthetic PCC', 'Synthetic Officer', ?, '[]', 'None', 1, ?, ?, 'Synthetic data')`,
  );
  const decisionLine = sqlite.prepare("insert into decision_lines (decision_id, cost_line_id, approved_pence) values (?, ?, ?)");
  const grant = sqlite.prepare(
    `insert into grants (decision_id, bid_id, csp_id, payment_basis, created_at, version, offer_status, accept_by, responded_by, responded_at, declaration_name, declaration_role, declaration_date, decline_reason)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const ret = sqlite.prepare(
    `insert into grant_returns (grant_id, start_year, quarter, period_start, period_end, due_on, status, version, spend_rag, spend_rag_reason, delivery_rag, delivery_rag_reason,
       went_well, did_not_go_well, next_steps, certified_by, certified_name, certified_role, certified_on, first_submitted_at, submitted_at, accepted_at, updated_by, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const instalment = sqlite.prepare("insert into grant_payments (grant_id, due_on, label, amount_pence) values (?, ?, ?, ?)");
  const line = sqlite.prepare("insert into return_lines (return_id, cost_line_id, actual_pence, variance_explanation) values (?, ?, ?, ?)");
  const forecast = sqlite.prepare("insert into return_forecasts (return_id, cost_line_id, start_year, quarter, amount_pence) values (?, ?, ?, ?, ?)");
  const submission = sqlite.prepare("insert into return_submissions (return_id, number, submitted_at, submitted_by, snapshot) values (?, ?, ?, ?, ?)");
  const review = sqlite.prepare("insert into return_reviews (return_id, action, comment, by_user, at) values (?, ?, ?, ?, ?)");
  const sequences = new Map<number, number>();
  // A grant's quarters follow its dates alone, and the synthetic bids share a few: worked out once each.
  const periodCache = new Map<string, { periods: ReturnType<typeof returnPeriods>; quarters: { startYear: number; quarter: number }[] }>();
  const periodsOf = (startDate: string, endDate: string, dueDays: number) => {
    const key = `${startDate} ${endDate} ${dueDays}`;
    let found = periodCache.get(key);
    if (!found) {
      const periods = returnPeriods({ startDate, endDate }, dueDays);
      periodCache.set(key, (found = { periods, quarters: periods.map(({ startYear, quarter }) => ({ startYear, quarter })) }));
    }
    return found;
  };

  /**
   * What happens to a return whose quarter has ended, before it is cut at today. A return of a
   * year that finance will have closed by today (closeSyntheticYears) was accepted in the end, as
   * the year-end checklist asks before a year is closed.
   */
  function planFor(p: { dueOn: string }, settled: boolean): string {
    const x = random();
    if (settled) return x < 0.06 ? "accepted-after-query" : x < 0.08 ? "reopened-accepted" : "accepted";
    if (p.dueOn >= recently) {
      return x < 0.1 ? "never" : x < 0.3 ? "saved" : x < 0.55 ? "submitted" : x < 0.62 ? "queried" : x < 0.67 ? "resubmitted" : x < 0.72 ? "accepted-after-query" : "accepted";
    }
    return x < 0.01 ? "never" : x < 0.025 ? "saved" : x < 0.045 ? "submitted" : x < 0.065 ? "queried" : x < 0.075 ? "resubmitted"
      : x < 0.08 ? "reopened" : x < 0.095 ? "reopened-accepted" : x < 0.14 ? "accepted-after-query" : "accepted";
  }

  for (const b of approved) {
    const decidedOn = isoDay(msOf(b.submittedAt.slice(0, 10)) + 40 * DAY);
    // Not yet decided: still waiting for the PCC.
    if (decidedOn > today) continue;
    const lines = linesOf.all(b.id) as { id: number; description: string; kind: "capital" | "revenue"; total: number; year: number }[];
    const part = random() < 0.12 && lines.some((l) => l.total > 1);
    const approvedOf = (l: { total: number }) => (part ? Math.round(l.total * 0.8) : l.total);
    decide.run(part ? "part_approved" : "approved", b.id);
    const sequence = (sequences.get(b.fy) ?? 0) + 1;
    sequences.set(b.fy, sequence);
    const recordedAt = new Date(msOf(decidedOn, 15)).toISOString();
    const reference = `SYN/${b.label}/${String(sequence).padStart(5, "0")}`;
    const decisionId = Number(
      decision.run(reference, b.fy, sequence, b.id, part ? "part_approved" : "approved", decidedOn, part ? "Meets the plan; the second phase is not funded." : "Meets the plan.", o.people.admin, recordedAt).lastInsertRowid,
    );
    for (const l of lines) decisionLine.run(decisionId, l.id, approvedOf(l));
    const approvedPence = lines.reduce((n, l) => n + approvedOf(l), 0);
    const granted = Math.max(0, approvedPence - b.matchPence);

    // The offer: open offers (accept-by not yet passed) are often still waiting; older ones mostly accepted.
    const lead = o.people.leads.get(b.cspId)!;
    const councilFinance = o.people.councilFinance.get(b.cspId)!;
    let acceptBy = isoDay(msOf(decidedOn) + b.acceptByDays * DAY);
    const x = random();
    let offer = acceptBy >= today ? (x < 0.55 ? "accepted" : x < 0.57 ? "declined" : "offered") : x < 0.9 ? "accepted" : x < 0.93 ? "declined" : "offered";
    const answeredMs = msOf(decidedOn, 10) + (2 + Math.floor(random() * Math.max(1, b.acceptByDays - 3))) * DAY + Math.floor(random() * 6) * 3_600_000;
    // Not answered by today: still waiting.
    if (answeredMs >= todayMs) offer = "offered";
    let version = 1;
    if (offer === "offered" && random() < 0.3) {
      // OPCC staff gave the partnership more time (audited as offer.extended).
      acceptBy = isoDay(msOf(acceptBy) + 28 * DAY);
      version = 2;
    }
    const respondedMs = offer === "offered" ? null : answeredMs;
    const respondedAt = respondedMs === null ? null : new Date(respondedMs).toISOString();
    const basis = b.stream === "synthetic-capital" ? "advance" : "quarterly_arrears";
    const grantId = Number(
      grant.run(
        decisionId, b.id, b.cspId, basis, recordedAt, offer === "offered" ? version : version + 1, offer, acceptBy,
        respondedAt ? lead.id : null, respondedAt, offer === "accepted" ? lead.name : null, offer === "accepted" ? chance(LEAD_ROLES) : null,
        offer === "accepted" ? respondedAt!.slice(0, 10) : null, offer === "declined" ? chance(DECLINE_REASONS) : null,
      ).lastInsertRowid,
    );
    for (const i of paymentSchedule({ basis, totalPence: granted, startDate: b.startDate, endDate: b.endDate, decidedOn, milestones: [] })) instalment.run(grantId, i.dueOn, i.label, i.amountPence);
    if (offer !== "accepted") continue;

    const { periods, quarters } = periodsOf(b.startDate, b.endDate, b.dueDays);
    const profiles = lines.map((l) => spendProfile(approvedOf(l), l.year, quarters));
    // How the grant spends against its profile: most about on it, some well under, a few over.
    const g = random();
    const trend = g < 0.05 ? 1.15 + random() * 0.2 : g < 0.15 ? 0.45 + random() * 0.25 : 0.88 + random() * 0.2;
    periods.forEach((p, i) => {
      // The story, then cut at today: only what has happened by then is kept.
      // Each event with who made it when it is the OPCC's (a query, an acceptance, a reopening).
      const events: { kind: ReturnEventKind; at: number; by?: number }[] = [];
      const base = Math.max(msOf(p.periodEnd) + DAY, respondedMs!);
      const after = (from: number, minDays: number, maxDays: number) => from + (minDays + Math.floor(random() * (maxDays - minDays + 1))) * DAY + Math.floor(random() * 7) * 3_600_000;
      // Saved, certified where the stream asks, and submitted at `at`, all after `notBefore`.
      const submitAt = (at: number, notBefore: number) => {
        const saved = Math.max(at - (1 + Math.floor(random() * 4)) * DAY, notBefore + 3_600_000);
        events.push({ kind: "save", at: saved });
        if (b.certified) events.push({ kind: "certify", at: Math.floor((saved + at) / 2) });
        events.push({ kind: "submit", at });
        return at;
      };
      if (p.periodEnd >= today) {
        // The quarter has not ended: a lead may have begun the narrative of the current one, never its actuals.
        if (msOf(p.periodStart) <= todayMs && random() < 0.25) events.push({ kind: "save", at: Math.max(respondedMs!, msOf(p.periodStart)) + Math.floor(random() * Math.max(1, todayMs - msOf(p.periodStart))) });
      } else {
        const plan = planFor(p, b.yearEnd < settledBefore);
        const first = Math.max(msOf(p.dueOn, 10) + (Math.floor(random() * 36) - 26) * DAY, base + 3 * DAY);
        if (plan === "saved") events.push({ kind: "save", at: after(base, 2, 20) });
        else if (plan !== "never") {
          let t = submitAt(first, base);
          if (plan === "queried" || plan === "resubmitted" || plan === "accepted-after-query") {
            events.push({ kind: "query", at: (t = after(t, 3, 10)), by: o.people.reviewer });
            if (plan !== "queried") t = submitAt(after(t, 2, 8), t);
          }
          const accepter = () => (random() < 0.7 ? o.people.reviewer : o.people.finance);
          if (plan.startsWith("accepted") || plan.startsWith("reopened")) events.push({ kind: "accept", at: (t = after(t, 3, 14)), by: accepter() });
          if (plan.startsWith("reopened")) {
            events.push({ kind: "reopen", at: (t = after(t, 10, 40)), by: o.people.finance });
            if (plan === "reopened") events.push({ kind: "save", at: after(t, 1, 5) });
            else {
              t = submitAt(after(t, 5, 15), t);
              events.push({ kind: "accept", at: after(t, 3, 14), by: accepter() });
            }
          }
        }
      }
      const cut = events.findIndex((e) => e.at >= todayMs);
      const story = cut === -1 ? events : events.slice(0, cut);
      let status: ReturnStatus = "not_started";
      for (const e of story) if (e.kind !== "certify") status = returnTransition(status, e.kind);
      const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
      const submits = story.filter((e) => e.kind === "submit");
      const lastOf = (kind: ReturnEventKind) => story.filter((e) => e.kind === kind).at(-1);
      const lastSave = lastOf("save");
      const lastCertify = lastOf("certify");
      const certified = lastCertify && lastSave && lastCertify.at > lastSave.at ? lastCertify : undefined;
      const last = story.at(-1);
      const actor = !last ? null : (last.by ?? (last.kind === "certify" ? councilFinance.id : lead.id));

      // The figures, once the lead has saved the return after its quarter ended.
      const withActuals = lastSave !== undefined && p.periodEnd < today;
      const actuals = lines.map((l, n) => {
        if (!withActuals || (submits.length === 0 && random() < 0.2)) return null;
        const profile = profiles[n][i];
        return Math.max(0, Math.round(profile * trend * (0.85 + random() * 0.3)));
      });
      const spent = actuals.reduce<number>((n, a) => n + (a ?? 0), 0);
      const profiled = lines.reduce((n, _l, k) => n + (actuals[k] === null ? 0 : profiles[k][i]), 0);
      const ratio = profiled > 0 ? spent / profiled : 1;
      const spendRag = lastSave ? (ratio >= 0.9 && ratio <= 1.1 ? "green" : ratio >= 0.75 && ratio <= 1.25 ? "amber" : "red") : null;
      const deliveryRag = lastSave ? (["green", "green", "green", "amber", "red"] as const)[Math.floor(random() * 5)] : null;
      const returnId = Number(
        ret.run(
          grantId, p.startYear, p.quarter, p.periodStart, p.periodEnd, p.dueOn, status, 1 + story.length,
          spendRag, spendRag ? SPEND_RAG_REASONS[spendRag] : "", deliveryRag, deliveryRag ? DELIVERY_RAG_REASONS[deliveryRag] : "",
          lastSave ? chance(WENT_WELL) : "", lastSave ? chance(DID_NOT_GO_WELL) : "", lastSave ? chance(NEXT_STEPS) : "",
          certified ? councilFinance.id : null, certified ? councilFinance.name : null, certified ? chance(FINANCE_ROLES) : null, certified ? isoDay(certified.at) : null,
          iso(submits[0]?.at), iso(submits.at(-1)?.at), status === "accepted" ? iso(lastOf("accept")!.at) : null,
          actor, iso(last?.at) ?? respondedAt,
        ).lastInsertRowid,
      );
      const later = quarters.slice(i + 1);
      const snapshotLines: unknown[] = [];
      lines.forEach((l, n) => {
        const actual = actuals[n];
        if (actual === null) return;
        const profile = profiles[n][i];
        const beyond = Math.abs(actual - profile) * 10_000 > profile * b.tolerance;
        const explanation = beyond ? chance(actual < profile ? VARIANCE_EXPLANATIONS.under : VARIANCE_EXPLANATIONS.over) : "";
        line.run(returnId, l.id, actual, explanation);
        const forecasts = later.map((q, k) => ({ ...q, amountPence: Math.max(0, Math.round(profiles[n][i + 1 + k] * trend * (0.9 + random() * 0.2))) }));
        for (const f of forecasts) forecast.run(returnId, l.id, f.startYear, f.quarter, f.amountPence);
        snapshotLines.push({ costLineId: l.id, profilePence: profile, actualPence: actual, varianceExplanation: explanation });
      });
      if (submits.length) {
        // Small: the figures as submitted, in the keys the portal's snapshots use (app/data/returns.server.ts, snapshotOf).
        const snapshot = JSON.stringify({
          period: { startYear: p.startYear, quarter: p.quarter },
          lines: snapshotLines,
          spendRag,
          deliveryRag,
          certification: certified ? { name: councilFinance.name, on: isoDay(certified.at) } : null,
        });
        submits.forEach((e, n) => submission.run(returnId, n + 1, iso(e.at), lead.id, snapshot));
      }
      for (const e of story) {
        if (e.kind === "query") review.run(returnId, "queried", chance(QUERY_COMMENTS), e.by, iso(e.at));
        if (e.kind === "accept") review.run(returnId, "accepted", chance(ACCEPT_COMMENTS), e.by, iso(e.at));
        if (e.kind === "reopen") review.run(returnId, "reopened", chance(REOPEN_REASONS), e.by, iso(e.at));
      }
    });
  }
  const lastNumber = sqlite.prepare("insert into decision_sequences (financial_year_id, last_number) values (?, ?)");
  for (const [fy, n] of sequences) lastNumber.run(fy, n);

  // What each return once saved says of the bid's outcomes (progress towards the target, a little
  // either side of the straight line) and milestones (done once due, a few late or at risk).
  sqlite
    .prepare(
      `insert into return_outcomes (return_id, outcome_id, actual_to_date, comment)
       select r.id, bo.id,
              cast(cast(bo.baseline as integer) + (cast(bo.target as integer) - cast(bo.baseline as integer)) * r.quarter * (70 + (r.id * 7 + bo.id * 13) % 40) / 400 as text),
              case (r.id + bo.id) % 4 when 0 then 'Counted from the delivery partner''s register.' when 1 then 'From the council''s quarterly monitoring report.' else '' end
         from grant_returns r join grants g on g.id = r.grant_id join bid_outcomes bo on bo.bid_id = g.bid_id
        where r.status <> 'not_started' and r.period_end < @today and (r.first_submitted_at is not null or (r.id + bo.id) % 3 <> 0)`,
    )
    .run({ today });
  sqlite
    .prepare(
      `insert into return_milestones (return_id, milestone_id, progress, comment)
       select x.id, x.milestone_id, x.progress,
              case x.progress when 'done' then 'Completed.' when 'late' then 'Delayed by the supplier; now expected next quarter.'
                              when 'at_risk' then 'At risk: recruitment is behind.' else 'On course.' end
         from (select r.id, m.id as milestone_id,
                      case when m.quarter < r.quarter then case when (r.id * 31 + m.id * 17) % 20 < 18 then 'done' else 'late' end
                           when m.quarter = r.quarter then case when (r.id * 31 + m.id * 17) % 20 < 12 then 'done' when (r.id * 31 + m.id * 17) % 20 < 17 then 'on_track' else 'at_risk' end
                           else case when (r.id * 31 + m.id * 17) % 20 < 17 then 'on_track' else 'at_risk' end end as progress
                 from grant_returns r join grants g on g.id = r.grant_id join bid_milestones m on m.bid_id = g.bid_id
                where r.status <> 'not_started' and r.period_end < @today and (r.first_submitted_at is not null or (r.id + m.id) % 3 <> 0)) x`,
    )
    .run({ today });
}

// The parts in db/synthetic-data/, for what imports them from here.
export { addSyntheticAudit, addSyntheticPayments, addSyntheticRecoveries, addSyntheticScrutinyReports, addSyntheticUnderspends, addSyntheticVariations, closeSyntheticYears, syntheticEvidence };

const invokedDirectly = process.argv[1]?.endsWith("synthetic.ts");
if (invokedDirectly) {
  const { values } = parseArgs({
    options: { file: { type: "string" }, csps: { type: "string" }, years: { type: "string" }, bids: { type: "string" } },
  });
  const file = values.file ?? "data/synthetic.db";
  const started = Date.now();
  generateSynthetic(file, { csps: Number(values.csps ?? 300), years: Number(values.years ?? 10), bids: Number(values.bids ?? 60_000) });
  console.log(`Wrote ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

