import type { Session } from "../bench/client";
import { decodeEntities, formBody, formWith } from "./forms";
import type { Tally } from "./tally";

/**
 * One simulated person: a signed-in session whose every request is timed and counted by kind.
 * A page answers 200; a form's post answers with the redirect its action gives on success (a
 * write only counts as done when the portal says it was saved, not merely when it answered).
 */

export type Ack =
  | { kind: "bid"; bidId: number; title: string }
  | { kind: "details"; bidId: number; seq: number; summary: string }
  | { kind: "comment"; bidId: number; body: string };

export class Actor {
  constructor(readonly session: Session, readonly tally: Tally, readonly signal: AbortSignal, readonly timeoutMs = 30_000) {}

  private requestSignal() {
    return AbortSignal.any([this.signal, AbortSignal.timeout(this.timeoutMs)]);
  }

  /** A page, or null (counted as an error) unless it answers 200. */
  async read(kind: string, path: string): Promise<string | null> {
    const started = performance.now();
    try {
      const response = await this.session.fetch(path, { signal: this.requestSignal() });
      const body = await response.text();
      if (response.status !== 200) {
        this.tally.fail(kind, `GET ${path} answered ${response.status}${response.headers.get("location") ? ` (to ${response.headers.get("location")})` : ""}`);
        return null;
      }
      this.tally.ok(kind, performance.now() - started);
      return body;
    } catch (error) {
      this.tally.fail(kind, `GET ${path}: ${(error as Error).name === "TimeoutError" ? "no answer in time" : (error as Error).message}`);
      return null;
    }
  }

  /**
   * Opens the page with the form, changes some fields and posts it; the answer must be a redirect
   * to where `success` says. Returns the redirect's location, or null (counted) when it was not saved.
   */
  async submit(kind: string, page: string, pick: { name: string; value?: string }, changes: Record<string, string>, success: RegExp): Promise<string | null> {
    const html = await this.read("form page", page);
    if (html === null) return null;
    const form = formWith(html, pick.name, pick.value);
    if (!form) {
      this.tally.fail(kind, `no form with ${pick.name} on ${page}`);
      return null;
    }
    const target = !form.action ? page : form.action.startsWith("?") ? page.replace(/\?.*$/, "") + form.action : form.action;
    const started = performance.now();
    try {
      const response = await this.session.post(target, formBody(form, changes), { signal: this.requestSignal() });
      const text = await response.text();
      const location = response.headers.get("location") ?? "";
      if (response.status !== 302 && response.status !== 303) {
        const message = /govuk-error-summary[\s\S]{0,600}?<li>([\s\S]*?)<\/li>/.exec(text)?.[1]?.replace(/<[^>]+>/g, "").trim();
        this.tally.fail(kind, `POST ${target} answered ${response.status}${message ? `: ${message}` : ""}`);
        return null;
      }
      if (!success.test(location)) {
        this.tally.fail(kind, `POST ${target} went to ${location}`);
        return null;
      }
      this.tally.ok(kind, performance.now() - started);
      return location;
    } catch (error) {
      this.tally.fail(kind, `POST ${target}: ${(error as Error).name === "TimeoutError" ? "no answer in time" : (error as Error).message}`);
      return null;
    }
  }

  // The writes a user makes all day, each answering what was saved (for the crash test's checks).

  /** A lead starts a bid in the open round (`newBidPath`: the dashboard's link to it). */
  async createBid(newBidPath: string, title: string): Promise<Ack | null> {
    const location = await this.submit("write: start a bid", newBidPath, { name: "title" }, { title }, /^\/bids\/\d+\/edit\/details$/);
    if (!location) return null;
    return { kind: "bid", bidId: Number(/\/bids\/(\d+)\//.exec(location)![1]), title };
  }

  /** A lead saves the details section of their bid with a new summary. */
  async saveDetails(bidId: number, seq: number, summary: string): Promise<Ack | null> {
    const location = await this.submit("write: save bid details", `/bids/${bidId}/edit/details`, { name: "version" }, { summary }, new RegExp(`^/bids/${bidId}/edit/priorities$`));
    return location ? { kind: "details", bidId, seq, summary } : null;
  }

  /** A reviewer comments on a submitted bid. */
  async comment(bidId: number, body: string): Promise<Ack | null> {
    const location = await this.submit("write: review comment", `/bids/${bidId}/review`, { name: "intent", value: "comment" }, { body, visibility: "internal" }, new RegExp(`^/bids/${bidId}/review\\?done=comment$`));
    return location ? { kind: "comment", bidId, body } : null;
  }
}

/** Where a lead's dashboard links to start a bid in the open round. */
export async function newBidPath(session: Session): Promise<string> {
  const link = /href="(\/bids\/new\?round=\d+)"/.exec((await session.text("/")) ?? "")?.[1];
  if (!link) throw new Error(`${session.who}'s dashboard offers no round to start a bid in`);
  return decodeEntities(link);
}

/** Ids linked from a page: `/bids/12`, `/grants/3`. */
export function linkedIds(html: string | null, prefix: string): number[] {
  if (!html) return [];
  const re = new RegExp(`href="${prefix}/(\\d+)[/"?#]`, "g");
  return [...new Set([...html.matchAll(re)].map((m) => Number(m[1])))];
}
