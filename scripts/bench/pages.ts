import type { Session } from "./client";

/**
 * The pages the bench measures, for each role, with the ids they need found on the portal's own
 * list pages (so the same list serves the demo and the national database).
 */

export type Role = "reviewer" | "admin" | "finance" | "lead";
export const ROLES: Role[] = ["reviewer", "admin", "finance", "lead"];

export interface Ids {
  round?: string;
  bid?: string;
  deepPage?: string;
  fy?: string;
  grant?: string;
  csp?: string;
  leadBid?: string;
  leadGrant?: string;
  /** Bids of the round, for the PDF figures. */
  roundBids: string[];
}

export interface PageSpec {
  role: Role;
  /** The page as the table names it, the same for both databases: `/bids/:bid`. */
  label: string;
  /** Placeholders (`:bid`) are filled from the portal's ids; a page whose id was not found is skipped. */
  path: string;
  /** Measured by `--quick` too (a smoke run of a page or two per role). */
  quick?: boolean;
}

const page = (role: Role, path: string, label = path, quick = false): PageSpec => ({ role, label, path, quick });
const quickPage = (role: Role, path: string, label = path) => page(role, path, label, true);

// Pages first (the reviewer's, then a lead's, an administrator's, finance's), the CSV exports last:
// where the pages' budget runs out, what is skipped is the downloads.
export const PAGES: PageSpec[] = [
  quickPage("reviewer", "/", "/ (OPCC dashboard)"),
  quickPage("reviewer", "/bids"),
  page("reviewer", "/bids?page=2"),
  page("reviewer", "/bids?page=:deepPage", "/bids?page=(last)"),
  page("reviewer", "/review"),
  page("reviewer", "/rounds"),
  page("reviewer", "/rounds/:round"),
  quickPage("reviewer", "/bids/:bid"),
  page("reviewer", "/search?q=youth"),
  quickPage("lead", "/", "/ (lead dashboard)"),
  page("lead", "/bids", "/bids (lead)"),
  page("lead", "/bids/:leadBid", "/bids/:bid (lead)"),
  page("lead", "/grants", "/grants (lead)"),
  page("lead", "/grants/:leadGrant", "/grants/:grant (lead)"),
  page("lead", "/returns", "/returns (lead)"),
  quickPage("admin", "/", "/ (admin dashboard)"),
  page("admin", "/settings/people"),
  page("admin", "/settings/audit"),
  page("admin", "/outbox"),
  page("finance", "/", "/ (finance dashboard)"),
  quickPage("finance", "/finance"),
  page("finance", "/finance/csp/:csp"),
  page("finance", "/finance/grants/:grant"),
  page("finance", "/grants"),
  page("finance", "/grants/:grant"),
  page("finance", "/returns"),
  page("finance", "/variations"),
  page("finance", "/reports"),
  page("finance", "/finance/year-end"),
  quickPage("finance", "/finance/year-end/:fy"),
  quickPage("reviewer", "/bids.csv"),
  page("reviewer", "/review.csv"),
  page("finance", "/finance.csv"),
  page("finance", "/grants.csv"),
];

export function fill(path: string, ids: Ids): string | null {
  let missing = false;
  const filled = path.replace(/:(\w+)/g, (_, name: string) => {
    const value = (ids as unknown as Record<string, string | undefined>)[name];
    if (!value) missing = true;
    return value ?? "";
  });
  return missing ? null : filled;
}

const first = (html: string | null, re: RegExp) => (html ? re.exec(html)?.[1] : undefined);

/** Finds real ids from the list pages each role sees. */
export async function discoverIds(sessions: Record<Role, Session>, roundBidsWanted: number): Promise<Ids> {
  const reviewer = sessions.reviewer;
  const rounds = await reviewer.text("/rounds");
  const bids = await reviewer.text("/bids");
  const ids: Ids = { roundBids: [] };
  // The round with the most bids among those listed first (the current year's, where the work is).
  const roundIds = [...new Set([...(rounds ?? "").matchAll(/href="\/rounds\/(\d+)"/g)].map((m) => m[1]))].slice(0, 4);
  let most = -1;
  for (const id of roundIds) {
    const list = await reviewer.text(`/bids?round=${id}`);
    const count = Number(first(list, /id="bid-totals"[^>]*>\s*([\d,]+)/)?.replace(/,/g, "") ?? (list?.match(/href="\/bids\/\d+"/g)?.length ?? 0));
    if (count > most) {
      most = count;
      ids.round = id;
    }
  }
  ids.bid = first(bids, /href="\/bids\/(\d+)"/);
  const pages = [...(bids ?? "").matchAll(/[?&](?:amp;)?page=(\d+)/g)].map((m) => Number(m[1]));
  // The last page of the list (1 where it has only one).
  ids.deepPage = String(pages.length ? Math.max(...pages) : 1);

  const finance = sessions.finance;
  ids.fy = first(await finance.text("/finance/year-end"), /href="\/finance\/year-end\/([\w-]+)[?"]/);
  ids.grant = first(await finance.text("/grants"), /href="\/grants\/(\d+)[?"]/);
  ids.csp = first(await finance.text("/finance"), /href="\/finance\/csp\/(\d+)[?"]/);

  const lead = sessions.lead;
  ids.leadBid = first(await lead.text("/bids"), /href="\/bids\/(\d+)"/);
  ids.leadGrant = first(await lead.text("/grants"), /href="\/grants\/(\d+)[?"]/);

  if (ids.round) {
    const seen = new Set<string>();
    for (let p = 1; p <= 20 && seen.size < roundBidsWanted; p++) {
      const list = await reviewer.text(`/bids?round=${ids.round}&page=${p}`);
      const before = seen.size;
      for (const m of (list ?? "").matchAll(/href="\/bids\/(\d+)"/g)) seen.add(m[1]);
      if (seen.size === before) break;
    }
    ids.roundBids = [...seen].slice(0, roundBidsWanted);
  }
  return ids;
}
