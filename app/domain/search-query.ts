/**
 * What someone typed in the search box, made into a safe SQLite FTS5 query (decision record 29).
 *
 * Nothing typed is ever read as FTS5 syntax: each word is quoted as a string (a double quote in it
 * doubled), so AND, OR, NOT, NEAR, column filters ("title:"), brackets, "^" and "*" are just text.
 * The words must all match (FTS5's implicit AND), and the last one matches as a prefix (when
 * it ends in two or more letters or digits), so results come as the user types. A word is split by FTS5's own tokenizer inside its quotes, so
 * `PCC/2023-24/014` is the phrase "pcc 2023 24 014": the decision reference, in that order.
 * Words with no letter or digit ("*", "-", "&") are dropped: they would match nothing.
 */

/** The most the search box takes; longer input is refused with a message (the form says so). */
export const MAX_SEARCH_LENGTH = 200;
/** Words beyond these are ignored. */
export const MAX_SEARCH_WORDS = 12;

export type SearchQuery =
  | { ok: true; match: string; words: string[] }
  | { ok: false; problem: "empty" | "too_long" | "no_words" };

export const SEARCH_PROBLEMS: Record<Exclude<SearchQuery, { ok: true }>["problem"], string> = {
  empty: "Enter words to search for",
  too_long: `Search for ${MAX_SEARCH_LENGTH} characters or fewer`,
  no_words: "Enter words or a decision reference to search for, using letters or numbers",
};

const HAS_TOKEN = /[\p{L}\p{N}]/u;

export function searchQuery(input: string): SearchQuery {
  // NFKC: full-width letters and digits, and ligatures, search as their plain forms.
  const text = input.normalize("NFKC").replace(/[\u0000-\u001f\u007f]/g, " ").trim();
  if (!text) return { ok: false, problem: "empty" };
  if (text.length > MAX_SEARCH_LENGTH) return { ok: false, problem: "too_long" };
  const words = text
    .split(/\s+/)
    .filter((w) => HAS_TOKEN.test(w))
    .slice(0, MAX_SEARCH_WORDS);
  if (words.length === 0) return { ok: false, problem: "no_words" };
  const quoted = words.map(quote);
  // A single letter or digit as a prefix would match most of the index and rank all of it.
  const last = words[words.length - 1].match(TRAILING_TOKEN)?.[0] ?? "";
  if ([...last].length >= 2) quoted[quoted.length - 1] += "*";
  return { ok: true, match: quoted.join(" "), words };
}

const TRAILING_TOKEN = /[\p{L}\p{N}]+(?=[^\p{L}\p{N}]*$)/u;

/** A string as an FTS5 string: in double quotes, with any double quote in it doubled. */
export const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;

/**
 * A partnership's search confined, inside FTS5, to bids whose `csp` column holds its name: the
 * index then ranks only those, not every match in the country. An accelerator only: the query
 * still checks the bid's partnership (a longer name can contain a shorter one).
 */
export const withinPartnership = (match: string, cspName: string) => `(${match}) AND csp : ${quote(cspName)}`;

/** Results on a page of /search. */
export const SEARCH_PAGE_SIZE = 20;

/** Marks around the matched words in a result's snippet: characters no one types, split out when shown. */
export const SNIPPET_START = "\u0002";
export const SNIPPET_END = "\u0003";
