import { describe, expect, it } from "vitest";
import { MAX_SEARCH_LENGTH, MAX_SEARCH_WORDS, searchQuery, withinPartnership } from "./search-query";

const match = (input: string) => {
  const q = searchQuery(input);
  if (!q.ok) throw new Error(`refused: ${q.problem}`);
  return q.match;
};

describe("the search query", () => {
  it("quotes each word and matches the last as a prefix", () => {
    expect(match("drink")).toBe('"drink"*');
    expect(match("  drink   safe ")).toBe('"drink" "safe"*');
  });

  it("matches a single letter or digit at the end whole, not as a prefix", () => {
    expect(match("s")).toBe('"s"');
    expect(match("drink s")).toBe('"drink" "s"');
    expect(match("PCC/2023-24/0")).toBe('"PCC/2023-24/0"');
    expect(match("PCC/2023-24/01")).toBe('"PCC/2023-24/01"*');
    expect(match("drink!")).toBe('"drink!"*');
    expect(match("É")).toBe('"É"');
  });

  it("confines a partnership's search to its name, quoted", () => {
    expect(withinPartnership('"drink"*', 'Safer "Melton" Partnership')).toBe('("drink"*) AND csp : "Safer ""Melton"" Partnership"');
  });

  it("keeps a decision reference whole, as one phrase", () => {
    expect(match("PCC/2023-24/014")).toBe('"PCC/2023-24/014"*');
    expect(match("decision PCC/2023-24/014")).toBe('"decision" "PCC/2023-24/014"*');
  });

  it("reads FTS5 operators and syntax as words", () => {
    expect(match("knife AND crime")).toBe('"knife" "AND" "crime"*');
    expect(match("NEAR(knife crime)")).toBe('"NEAR(knife" "crime)"*');
    expect(match("title:CCTV")).toBe('"title:CCTV"*');
    expect(match("^start -minus OR NOT")).toBe('"^start" "-minus" "OR" "NOT"*');
    expect(match("{title summary}: x")).toBe('"{title" "summary}:" "x"');
  });

  it("doubles double quotes inside a word, so a quote cannot end the string", () => {
    expect(match('"drink')).toBe('"""drink"*');
    expect(match('say "hello" world"')).toBe('"say" """hello""" "world"""*');
    expect(match('ab""cd')).toBe('"ab""""cd"*');
  });

  it("drops words with no letter or digit", () => {
    expect(match("* drink * & -")).toBe('"drink"*');
    expect(searchQuery("*")).toEqual({ ok: false, problem: "no_words" });
    expect(searchQuery('" " ** ( ) ; --')).toEqual({ ok: false, problem: "no_words" });
  });

  it("refuses nothing at all, and more than the box takes", () => {
    expect(searchQuery("")).toEqual({ ok: false, problem: "empty" });
    expect(searchQuery("   \t\n ")).toEqual({ ok: false, problem: "empty" });
    expect(searchQuery("a".repeat(MAX_SEARCH_LENGTH)).ok).toBe(true);
    expect(searchQuery("a".repeat(MAX_SEARCH_LENGTH + 1))).toEqual({ ok: false, problem: "too_long" });
  });

  it("uses only the first words of a long query", () => {
    const words = Array.from({ length: 30 }, (_, i) => `w${i}`);
    const q = searchQuery(words.join(" "));
    expect(q.ok && q.words).toEqual(words.slice(0, MAX_SEARCH_WORDS));
  });

  it("takes letters from any alphabet, accents and full-width forms, and strips control characters", () => {
    expect(match("Café")).toBe('"Café"*');
    expect(match("ＣＣＴＶ")).toBe('"CCTV"*');
    expect(match("drink\u0000safe")).toBe('"drink" "safe"*');
    expect(match("Łódź 東京")).toBe('"Łódź" "東京"*');
  });
});
