import zlib from "node:zlib";
import { cpuSeconds } from "./portal";

/**
 * The bench's HTTP client: Node's own fetch (undici) with a cookie jar per signed-in person, and
 * the measurements made with it.
 */

export class Session {
  private cookies = new Map<string, string>();
  constructor(readonly baseURL: string, readonly who: string) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keep(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/max-age=0\b/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async fetch(path: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", this.cookieHeader());
    const response = await fetch(this.baseURL + path, { ...init, headers, redirect: "manual", signal: init.signal ?? AbortSignal.timeout(init.timeoutMs ?? 30_000) });
    this.keep(response);
    return response;
  }

  /** Signs in as the login form does: its CSRF token from the page, then the form posted. */
  async signIn(email: string, password: string) {
    const page = await (await this.fetch("/login")).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
    if (!csrf) throw new Error(`No CSRF token on ${this.baseURL}/login`);
    const response = await this.fetch("/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrf, email, password, redirectTo: "" }).toString(),
    });
    await response.arrayBuffer();
    if (response.status !== 302 || !this.cookies.has("portal_session")) {
      throw new Error(`Signing in as ${email} at ${this.baseURL} answered ${response.status} (to ${response.headers.get("location") ?? "nowhere"})`);
    }
    if (response.headers.get("location")?.startsWith("/login/two-factor")) throw new Error(`${email} is asked for a second factor: the bench cannot sign in`);
  }

  /** Posts a URL-encoded form as a browser does (the load and crash tests' writes); the answer is not followed. */
  post(path: string, body: string, { timeoutMs = 30_000, signal }: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Response> {
    return this.fetch(path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body, timeoutMs, signal });
  }

  /** A page's text (for finding ids), or null unless it answers 200. */
  async text(path: string): Promise<string | null> {
    try {
      const response = await this.fetch(path);
      const body = await response.text();
      return response.status === 200 ? body : null;
    } catch {
      return null;
    }
  }
}

export interface Timed {
  ms: number;
  status: number;
  bytes: number;
  body: Buffer | null;
}

/** One request, timed to its last byte; status 0 for a network error or a time-out. */
export async function timed(session: Session, path: string, { keepBody = false, timeoutMs = 30_000 } = {}): Promise<Timed> {
  const started = performance.now();
  try {
    const response = await session.fetch(path, { timeoutMs });
    const body = Buffer.from(await response.arrayBuffer());
    return { ms: performance.now() - started, status: response.status, bytes: body.length, body: keepBody ? body : null };
  } catch {
    return { ms: performance.now() - started, status: 0, bytes: 0, body: null };
  }
}

export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface SequentialResult {
  requests: number;
  p50: number | null;
  p95: number | null;
  errors: number;
  cpuMsPerRequest: number | null;
}

/** One client, up to `count` requests one after another, stopping early at `maxMs`. */
export async function sequential(session: Session, path: string, pid: number, { count, maxMs, expected = 200 }: { count: number; maxMs: number; expected?: number }): Promise<SequentialResult> {
  const times: number[] = [];
  let errors = 0;
  const cpuBefore = cpuSeconds(pid);
  const deadline = performance.now() + maxMs;
  for (let i = 0; i < count && (i < 3 || performance.now() < deadline); i++) {
    const t = await timed(session, path);
    if (t.status === expected) times.push(t.ms);
    else errors++;
  }
  const cpuAfter = cpuSeconds(pid);
  const requests = times.length + errors;
  return {
    requests,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    errors,
    cpuMsPerRequest: cpuBefore === null || cpuAfter === null || !requests ? null : ((cpuAfter - cpuBefore) * 1000) / requests,
  };
}

export interface ConcurrentResult {
  clients: number;
  seconds: number;
  requests: number;
  p95: number | null;
  perSecond: number;
  errors: number;
  cpuMsPerRequest: number | null;
}

/**
 * `clients` clients, each requesting the page again as soon as it has the last answer, for
 * `ms`; a request still waiting `graceMs` after that is abandoned and counted as an error.
 */
export async function concurrent(sessions: Session[], path: string, pid: number, { clients, ms, graceMs, expected = 200 }: { clients: number; ms: number; graceMs: number; expected?: number }): Promise<ConcurrentResult> {
  const times: number[] = [];
  let errors = 0;
  const cpuBefore = cpuSeconds(pid);
  const started = performance.now();
  const stopAt = started + ms;
  const hardStop = AbortSignal.timeout(ms + graceMs);
  await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      const session = sessions[i % sessions.length];
      while (performance.now() < stopAt && !hardStop.aborted) {
        const t0 = performance.now();
        try {
          const response = await session.fetch(path, { signal: hardStop });
          await response.arrayBuffer();
          if (response.status === expected) times.push(performance.now() - t0);
          else errors++;
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = cpuSeconds(pid);
  const requests = times.length + errors;
  return {
    clients,
    seconds: elapsed,
    requests,
    p95: percentile(times, 95),
    perSecond: times.length / elapsed,
    errors,
    cpuMsPerRequest: cpuBefore === null || cpuAfter === null || !requests ? null : ((cpuAfter - cpuBefore) * 1000) / requests,
  };
}

/** The scripts a page loads: every `<script src>` and `<link rel="modulepreload">` it names. */
export function scriptAssets(html: string): string[] {
  const urls = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) urls.add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*>/g)) {
    if (/\brel="modulepreload"/.test(m[0])) {
      const href = /\bhref="([^"]+)"/.exec(m[0])?.[1];
      if (href) urls.add(href);
    }
  }
  // A module's own imports are preloaded by Remix; what is only imported dynamically is not counted.
  return [...urls].map((u) => u.replace(/&amp;/g, "&"));
}

/** The inline `window.__remixContext` (the hydration data), in bytes. */
export function hydrationBytes(html: string): number {
  let total = 0;
  for (const m of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
    if (/__remixContext|__remixManifest|__remixRouteModules/.test(m[1])) total += Buffer.byteLength(m[1]);
  }
  return total;
}

const gzipped = new Map<string, number>();
/** The gzip size of the scripts a page references, each fetched once per portal. */
export async function javascriptGzipBytes(session: Session, html: string): Promise<{ files: number; bytes: number }> {
  let bytes = 0;
  const assets = scriptAssets(html);
  for (const asset of assets) {
    const key = session.baseURL + asset;
    if (!gzipped.has(key)) {
      const response = await session.fetch(asset, { headers: { "accept-encoding": "identity" } });
      const body = Buffer.from(await response.arrayBuffer());
      gzipped.set(key, response.status === 200 ? zlib.gzipSync(body, { level: 9 }).length : 0);
    }
    bytes += gzipped.get(key)!;
  }
  return { files: assets.length, bytes };
}
