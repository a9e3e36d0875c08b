import { redirect } from "@remix-run/node";
import { sql } from "drizzle-orm";
import type { PartnershipFilter } from "../components/partnership-filter";
import { db } from "./db.server";
import { findCsp, listCsps } from "./reference.server";

/**
 * The "Partnership" filter on OPCC lists (/bids, /review, /returns, /finance). An OPCC has a few
 * partnerships (Leicestershire 7, London 33), and a list of them to choose from is the quickest
 * filter. A service holding many more (a national one: 300) would draw and send every name on
 * every page (a third of the review queue's HTML at national scale), and a list that long is hard
 * to use: GOV.UK's design system advises a text box then. So above PARTNERSHIP_LIST_LIMIT the
 * filter is a box for part of the partnership's name: one match is chosen at once (the page is
 * sent to its `?csp=` address, the one every other link uses); several are offered as links;
 * none is said so.
 */

export const PARTNERSHIP_LIST_LIMIT = 40;
/** How many matching partnerships are offered when a name matches several. */
const SUGGESTIONS = 10;

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Retired partnerships are among them, marked: their bids, grants and people stay with them.
 *
 * The filter for a list's query: `csp` (an id, from a link or the list) or `partnership` (what was
 * typed in the box). A typed name that matches one partnership redirects to the same address with
 * `csp=` in its place, so paging, sorting and the CSV download all carry the id.
 */
export function partnershipFilter(url: URL, query: { csp?: number; partnership?: string }): PartnershipFilter {
  const count = db().get<{ n: number }>(sql`select count(*) as n from organisations where kind = 'csp'`).n;
  if (count <= PARTNERSHIP_LIST_LIMIT) {
    const options = listCsps().map(({ id, name, retiredAt }) => ({ id, name, retired: retiredAt !== null }));
    return { kind: "list", options, cspId: options.some((o) => o.id === query.csp) ? query.csp : undefined };
  }
  const typed = query.partnership?.trim() ?? "";
  if (typed) {
    const matches = db().all<{ id: number; name: string; retired: number; exact: number }>(sql`
      select id, name, retired_at is not null as retired, lower(name) = lower(${typed}) as exact from organisations
       where kind = 'csp' and name like ${likePattern(typed)} escape '\\'
       order by exact desc, name limit ${SUGGESTIONS + 1}`);
    const chosen = matches[0]?.exact ? matches[0] : matches.length === 1 ? matches[0] : undefined;
    if (chosen) {
      const next = new URLSearchParams(url.search);
      next.delete("partnership");
      next.delete("page");
      next.set("csp", String(chosen.id));
      throw redirect(`${url.pathname}?${next}`);
    }
    if (matches.length === 0) return { kind: "search", text: typed, message: `No partnership's name contains "${typed}". Showing every partnership.` };
    return {
      kind: "search",
      text: typed,
      message: `${matches.length > SUGGESTIONS ? `More than ${SUGGESTIONS}` : matches.length} partnerships' names contain "${typed}". Choose one, or type more of its name. Showing every partnership.`,
      suggestions: matches.slice(0, SUGGESTIONS).map(({ id, name, retired }) => ({ id, name, retired: retired === 1 })),
    };
  }
  if (query.csp === undefined) return { kind: "search", text: "" };
  const chosen = findCsp(query.csp);
  return chosen ? { kind: "search", text: chosen.name, cspId: chosen.id } : { kind: "search", text: "" };
}
