import { percentile } from "../bench/client";

/**
 * What a load or crash run counts: each request by kind (its time when it succeeded), the failures
 * with the first few reasons, so a failing run says what went wrong.
 */

export class Tally {
  private times = new Map<string, number[]>();
  private failures = new Map<string, number>();
  readonly reasons: string[] = [];

  ok(kind: string, ms: number) {
    let list = this.times.get(kind);
    if (!list) this.times.set(kind, (list = []));
    list.push(ms);
  }

  fail(kind: string, reason: string) {
    this.failures.set(kind, (this.failures.get(kind) ?? 0) + 1);
    if (this.reasons.length < 20) this.reasons.push(`${kind}: ${reason}`);
  }

  get errors() {
    let n = 0;
    for (const v of this.failures.values()) n += v;
    return n;
  }

  get requests() {
    let n = this.errors;
    for (const v of this.times.values()) n += v.length;
    return n;
  }

  rows() {
    const kinds = [...new Set([...this.times.keys(), ...this.failures.keys()])].sort();
    return kinds.map((kind) => {
      const times = this.times.get(kind) ?? [];
      const errors = this.failures.get(kind) ?? 0;
      return { kind, requests: times.length + errors, p50: percentile(times, 50), p95: percentile(times, 95), errors };
    });
  }

  /** A Markdown table: requests, p50 and p95 (of the successful ones) and errors per kind. */
  table(): string {
    const ms = (v: number | null) => (v === null ? "–" : `${v.toFixed(0)} ms`);
    const lines = ["| kind | requests | p50 | p95 | errors |", "|---|---:|---:|---:|---:|"];
    for (const r of this.rows()) lines.push(`| ${r.kind} | ${r.requests} | ${ms(r.p50)} | ${ms(r.p95)} | ${r.errors} |`);
    lines.push(`| **all** | ${this.requests} | | | ${this.errors} |`);
    return lines.join("\n");
  }
}

/** What the server printed that says a write waited for a lock and gave up. */
export function busyLines(output: string): string[] {
  return output.split("\n").filter((line) => /SQLITE_BUSY|database is locked/i.test(line));
}
