/**
 * Keys an object literal answers without holding them, and every query parameter a page of the
 * portal reads: the in-process tests (confidentiality, request-forgery) and the browser suite
 * (tests/e2e/bad-keys.spec.ts) send these. A page that reads a new parameter adds it here.
 */
export const BAD_KEYS = ["__proto__", "constructor", "toString"];

export const QUERY_PARAMS = [
  "done", "page", "sort", "order", "status", "round", "year", "csp", "priority", "fund", "reviewer", "age", "redirectTo", "signedOut", "section", "intent", "q", "to", "state",
  "from.day", "from.month", "from.year", "until.day", "until.month", "until.year", "dir", "fy", "stream", "line", "kind", "apage", "person", "type", "record", "bid", "before", "after",
  "role", "instalment", "overdue", "partnership", "accepted",
];

/** The path with every parameter set to the key, and the key as a parameter's name too. */
export function withBadKeys(path: string, key: string): string {
  const url = new URL(path, "http://portal.invalid");
  for (const p of QUERY_PARAMS) url.searchParams.set(p, key);
  url.searchParams.append(key, key);
  return url.pathname + url.search;
}
