import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Session } from "../bench/client";
import { startPortal, type Portal } from "../bench/portal";
import { Actor, linkedIds, newBidPath, type Ack } from "./actor";
import { checkDatabase } from "./database-checks";
import { LEADS, REVIEWERS } from "./demo-users";
import { pick, random, signedIn, sleep } from "./portal-run";
import { Tally } from "./tally";

/**
 * `npm run test:crash` (decision record 038): `rounds` times, a portal on the same database,
 * several clients writing through the forms, the server killed with SIGKILL at a random moment
 * mid-write, then the file checked (database-checks.ts) before the next start. A write whose
 * answer arrived before the kill is acknowledged and must be there; a request the kill cut off
 * may or may not have been committed, and is not counted.
 */

export interface CrashSettings {
  root: string;
  rounds: number;
  clients: number;
  /** The kill comes at a random moment between these after the first write is acknowledged. */
  killAfterMs: [number, number];
  seed: number;
  log: (message: string) => void;
}

export interface CrashResult {
  rounds: { round: number; acknowledged: number; killedAfterMs: number; problems: string[] }[];
  acknowledged: number;
  /** Writes that failed before the kill: a write must succeed, crash test or not. */
  errors: string[];
  failed: boolean;
}

/** Failures before the kill count; those after it are the kill's doing. */
class CrashTally extends Tally {
  killed = false;
  cutOff = 0;
  override fail(kind: string, reason: string) {
    if (this.killed) this.cutOff++;
    else super.fail(kind, reason);
  }
}

/** The process and everything it started (cluster workers), from /proc: all killed at once, as a power cut would. */
function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid)!.push(Number(entry));
    } catch {
      // Gone already.
    }
  }
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...(children.get(all[i]) ?? []));
  return all;
}

function killHard(portal: Portal) {
  for (const pid of processTree(portal.pid)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

export async function runCrash(settings: CrashSettings): Promise<CrashResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opcc-crash-"));
  const file = path.join(dir, "portal.db");
  const rand = random(settings.seed);
  const acks: Ack[] = [];
  const result: CrashResult = { rounds: [], acknowledged: 0, errors: [], failed: false };
  // What each lead client works on, kept across rounds: its bid, and the number of its last save.
  const own = new Map<number, { bidId?: number; seq: number }>();
  let startBid: Map<string, string> | null = null;
  let queued: number[] = [];
  try {
    for (let round = 1; round <= settings.rounds; round++) {
      // The first start seeds the demo; every later one starts on what the last kill left.
      const starting = performance.now();
      const portal = await startPortal({ name: `crash-${round}`, root: settings.root, databasePath: file, demo: true, startTimeoutMs: 120_000 });
      const startMs = Math.round(performance.now() - starting);
      const tally = new CrashTally();
      const before = acks.length;
      let killedAfterMs = 0;
      try {
        const sessions = new Map<string, Session>();
        for (const email of [...LEADS, ...REVIEWERS]) sessions.set(email, await signedIn(portal.baseURL, email));
        if (!startBid) {
          startBid = new Map();
          for (const email of LEADS) startBid.set(email, await newBidPath(sessions.get(email)!));
          queued = linkedIds(await sessions.get(REVIEWERS[0])!.text("/review"), "/bids");
          if (!queued.length) throw new Error("The demo has no bids in the review queue to comment on");
        }
        const stop = new AbortController();
        const started = performance.now();
        const clients = Array.from({ length: settings.clients }, async (_, i) => {
          const lead = i % 3 !== 2;
          const people = lead ? LEADS : REVIEWERS;
          const person = people[Math.floor(i / 3) % people.length];
          const actor = new Actor(sessions.get(person)!, tally, stop.signal, 10_000);
          const mine = own.get(i) ?? { seq: 0 };
          own.set(i, mine);
          while (!tally.killed) {
            let ack: Ack | null = null;
            if (lead) {
              const step = mine.bidId ? pick(rand, [[9, "save"], [1, "start"]] as const) : "start";
              if (step === "start") {
                ack = await actor.createBid(startBid!.get(person)!, `Crash test bid ${i}.${round}.${++mine.seq}`);
                if (ack?.kind === "bid") mine.bidId = ack.bidId;
              } else ack = await actor.saveDetails(mine.bidId!, ++mine.seq, `Crash test summary ${i}.${mine.seq}`);
            } else {
              ack = await actor.comment(queued[Math.floor(rand() * queued.length)], `Crash test comment ${i}.${round}.${++mine.seq}`);
            }
            // Only an answer that arrived before the kill acknowledges a write.
            if (ack && !tally.killed) acks.push(ack);
          }
        });
        // The kill comes at a random moment once writes are being answered (a cold start's first
        // renders are slow on a busy machine), so every round cuts writes off mid-stream.
        const flowing = performance.now() + 30_000;
        while (acks.length === before && performance.now() < flowing && !tally.errors) await sleep(20);
        settings.log(`round ${round}: first write acknowledged after ${Math.round(performance.now() - started)} ms (portal started in ${startMs} ms)`);
        await sleep(Math.round(settings.killAfterMs[0] + rand() * (settings.killAfterMs[1] - settings.killAfterMs[0])));
        tally.killed = true;
        killHard(portal);
        killedAfterMs = Math.round(performance.now() - started);
        // The clients see their connections drop; none may hang.
        const settled = await Promise.race([Promise.all(clients).then(() => true), sleep(15_000).then(() => false)]);
        stop.abort();
        if (!settled) tally.fail("clients", "still waiting 15 s after the kill");
      } finally {
        await portal.stop();
      }
      const problems = [...tally.reasons, ...checkDatabase(file, acks)];
      const acknowledged = acks.length - before;
      if (acknowledged === 0) problems.push("no write was acknowledged before the kill: the round tested nothing");
      result.rounds.push({ round, acknowledged, killedAfterMs, problems });
      settings.log(`round ${round}: killed after ${killedAfterMs} ms, ${acknowledged} writes acknowledged (${acks.length} in all), ${tally.cutOff} cut off; ${problems.length ? `FAILED: ${problems.slice(0, 3).join("; ")}` : "database ok, nothing lost"}`);
      if (problems.length) {
        result.failed = true;
        break;
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  result.acknowledged = acks.length;
  return result;
}
