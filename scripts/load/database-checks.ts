import Database from "better-sqlite3";
import type { Ack } from "./actor";

/**
 * After a crash: the database file as the next start would find it. SQLite's own checks (the
 * file's structure, every foreign key), then every write the portal acknowledged before it was
 * killed, looked up by its key, with the audit entry written in the same transaction.
 */
export function checkDatabase(file: string, acks: Ack[]): string[] {
  const problems: string[] = [];
  const sqlite = new Database(file);
  try {
    const integrity = sqlite.pragma("integrity_check") as { integrity_check: string }[];
    if (integrity.length !== 1 || integrity[0].integrity_check !== "ok") problems.push(`integrity_check: ${integrity.map((r) => r.integrity_check).join("; ")}`);
    const foreignKeys = sqlite.pragma("foreign_key_check") as unknown[];
    if (foreignKeys.length) problems.push(`foreign_key_check: ${foreignKeys.length} rows, first ${JSON.stringify(foreignKeys[0])}`);

    const bid = sqlite.prepare<[number], { title: string; summary: string }>("select title, summary from bids where id = ?");
    const audited = sqlite.prepare<[number, string, string], { n: number }>("select count(*) as n from audit_log where bid_id = ? and action = ? and instr(coalesce(after, ''), ?) > 0");
    const comment = sqlite.prepare<[number, string], { n: number }>("select count(*) as n from review_comments where bid_id = ? and body = ?");
    // Each client's saves of its bid's summary carry a rising number: a later save may have been
    // committed without its answer arriving, never an earlier one lost.
    const latestSave = new Map<number, Extract<Ack, { kind: "details" }>>();
    for (const ack of acks) {
      if (ack.kind === "bid") {
        const row = bid.get(ack.bidId);
        if (!row || row.title !== ack.title) problems.push(`bid ${ack.bidId} ("${ack.title}") was acknowledged but is ${row ? `titled "${row.title}"` : "missing"}`);
        else if (!audited.get(ack.bidId, "bid.created", "")!.n) problems.push(`bid ${ack.bidId} has no audit entry for its creation`);
      } else if (ack.kind === "comment") {
        if (comment.get(ack.bidId, ack.body)!.n !== 1) problems.push(`comment "${ack.body}" on bid ${ack.bidId} was acknowledged but is missing`);
        else if (!audited.get(ack.bidId, "review.commented", JSON.stringify(ack.body))!.n) problems.push(`comment "${ack.body}" has no audit entry`);
      } else {
        const before = latestSave.get(ack.bidId);
        if (!before || before.seq < ack.seq) latestSave.set(ack.bidId, ack);
        if (!audited.get(ack.bidId, "bid.section.details.saved", JSON.stringify(ack.summary))!.n) problems.push(`the save of "${ack.summary}" on bid ${ack.bidId} has no audit entry`);
      }
    }
    for (const ack of latestSave.values()) {
      const summary = bid.get(ack.bidId)?.summary ?? "";
      const seq = Number(/\.(\d+)$/.exec(summary)?.[1] ?? -1);
      if (!summary.startsWith(ack.summary.replace(/\d+$/, "")) || seq < ack.seq) problems.push(`bid ${ack.bidId}'s summary is "${summary}", older than the acknowledged "${ack.summary}"`);
    }
  } finally {
    sqlite.close();
  }
  return problems;
}
