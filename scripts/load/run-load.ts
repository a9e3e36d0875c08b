import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Session } from "../bench/client";
import { startPortal } from "../bench/portal";
import { Actor, linkedIds, newBidPath } from "./actor";
import { FINANCE, LEADS, REVIEWERS } from "./demo-users";
import { pick, random, signedIn } from "./portal-run";
import { busyLines, Tally } from "./tally";

/**
 * `npm run test:load` (decision record 038): a portal of its own on a freshly seeded demo
 * database, and `clients` people using it at once for `seconds` — leads starting bids and saving
 * their details, reviewers reading the queue and commenting, finance reading grants and returns,
 * a PDF now and then — each sending the next request as soon as the last is answered. Any
 * failed request, and any SQLITE_BUSY or "database is locked" in the server's output, fails it.
 */

export interface LoadSettings {
  root: string;
  clients: number;
  seconds: number;
  /** How long requests still in flight at the end may take before they count as errors. */
  graceMs: number;
  seed: number;
  log: (message: string) => void;
}

export interface LoadResult {
  tally: Tally;
  busy: string[];
  seconds: number;
  output: string;
}

type Role = "lead" | "reviewer" | "finance";
/** Two leads to every two reviewers and one finance officer: most of the writing is bids. */
const roleOf = (i: number): Role => (["lead", "reviewer", "lead", "reviewer", "finance"] as const)[i % 5];

export async function runLoad(settings: LoadSettings): Promise<LoadResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opcc-load-"));
  const log = settings.log;
  try {
    log("starting a portal on a fresh demo database");
    const portal = await startPortal({ name: "load", root: settings.root, databasePath: path.join(dir, "portal.db"), demo: true, startTimeoutMs: 120_000 });
    try {
      // One session per demo person, shared by the clients acting as them (sign-in is not what is measured).
      const sessions = new Map<string, Session>();
      for (const email of [...LEADS, ...REVIEWERS, ...FINANCE]) sessions.set(email, await signedIn(portal.baseURL, email));
      const reviewer = sessions.get(REVIEWERS[0])!;
      const queued = linkedIds(await reviewer.text("/review"), "/bids");
      const anyBids = linkedIds(await reviewer.text("/bids"), "/bids");
      const startBid = new Map<string, string>();
      for (const email of LEADS) startBid.set(email, await newBidPath(sessions.get(email)!));
      const grants = linkedIds(await sessions.get(FINANCE[0])!.text("/grants"), "/grants");
      if (!queued.length || !anyBids.length) throw new Error("The demo has no bids in the review queue to read and comment on");

      const tally = new Tally();
      const hard = new AbortController();
      const started = performance.now();
      const stopAt = started + settings.seconds * 1000;
      const timer = setTimeout(() => hard.abort(), settings.seconds * 1000 + settings.graceMs);
      log(`${settings.clients} clients for ${settings.seconds} s`);
      const going = () => performance.now() < stopAt && !hard.signal.aborted;

      await Promise.all(
        Array.from({ length: settings.clients }, async (_, i) => {
          const role = roleOf(i);
          const people = role === "lead" ? LEADS : role === "reviewer" ? REVIEWERS : FINANCE;
          const person = people[Math.floor(i / 5) % people.length];
          const actor = new Actor(sessions.get(person)!, tally, hard.signal);
          const rand = random(settings.seed * 1000 + i);
          const any = (list: number[]) => list[Math.floor(rand() * list.length)];
          let seq = 0;
          if (role === "lead") {
            // Each lead client works on a bid of its own, so no two clients edit the same section at once.
            let own = (await actor.createBid(startBid.get(person)!, `Load test bid ${i}`))?.bidId;
            while (going()) {
              const step = pick(rand, [
                [30, "save"],
                [2, "start"],
                [20, "/"],
                [20, "/bids"],
                [20, "own"],
                [8, "/grants"],
              ] as const);
              if (step === "save" && own) await actor.saveDetails(own, ++seq, `Load test summary ${i}.${seq}`);
              else if (step === "start" || !own) own = (await actor.createBid(startBid.get(person)!, `Load test bid ${i}.${++seq}`))?.bidId ?? own;
              else if (step === "own") await actor.read("read: a bid", `/bids/${own}`);
              else await actor.read(`read: ${step} (lead)`, step);
            }
          } else if (role === "reviewer") {
            while (going()) {
              const step = pick(rand, [
                [10, "comment"],
                [3, "pdf"],
                [15, "/"],
                [15, "/bids"],
                [10, "/bids?page=2"],
                [15, "/review"],
                [5, "/rounds"],
                [15, "bid"],
                [10, "review page"],
                [5, "/search?q=youth"],
              ] as const);
              if (step === "comment") await actor.comment(any(queued), `Load test comment ${i}.${++seq}`);
              else if (step === "pdf") await actor.read("read: a bid's PDF", `/bids/${any(anyBids)}.pdf`);
              else if (step === "bid") await actor.read("read: a bid", `/bids/${any(anyBids)}`);
              else if (step === "review page") await actor.read("read: a bid's review page", `/bids/${any(queued)}/review`);
              else await actor.read(`read: ${step}`, step);
            }
          } else {
            while (going()) {
              const step = pick(rand, [
                [20, "/finance"],
                [20, "/grants"],
                [15, "/returns"],
                [10, "/variations"],
                [10, "/reports"],
                [25, "grant"],
              ] as const);
              if (step === "grant" && grants.length) await actor.read("read: a grant", `/grants/${any(grants)}`);
              else await actor.read(`read: ${step === "grant" ? "/grants" : step}`, step === "grant" ? "/grants" : step);
            }
          }
        }),
      );
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      const output = portal.output();
      return { tally, busy: busyLines(output), seconds, output };
    } finally {
      await portal.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
