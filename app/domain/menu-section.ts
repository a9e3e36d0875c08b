/**
 * Which item of the menu a page belongs to, from its path. A page belongs to the section a user
 * reaches it from: a bid's review page and its decision page are part of reviewing (the review
 * queue leads to them), not of the list of bids, although their addresses start /bids/. Returns
 * the menu item's href.
 */
const RULES: { section: string; test: (path: string) => boolean }[] = [
  { section: "/review", test: (p) => /^\/bids\/[^/]+\/(review|decision)(\/|$)/.test(p) },
  // A grant's quarterly returns are reached from the list of returns as much as from the grant.
  { section: "/returns", test: (p) => /^\/grants\/[^/]+\/returns(\/|$)/.test(p) },
  // OPCC officers reach a grant's variations from their queue.
  { section: "/variations", test: (p) => /^\/grants\/[^/]+\/variations(\/|$)/.test(p) },
];

export function menuSection(pathname: string, hrefs: readonly string[]): string | null {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  // A rule only applies when the user has that menu item (someone who cannot review never sees "Review").
  const ruled = RULES.find((r) => hrefs.includes(r.section) && r.test(path));
  if (ruled) return ruled.section;
  if (path === "/") return hrefs.includes("/") ? "/" : null;
  return hrefs.find((href) => href !== "/" && (path === href || path.startsWith(`${href}/`))) ?? null;
}
