import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";

/**
 * A portal of a spec's own, apart from the shared demo server: the production build (`build/`,
 * made before Playwright runs) served by scripts/start.ts on a free port, with an empty database
 * in a directory of its own, no demo data and no scheduled jobs. `stop()` ends it and removes the
 * directory; it is also ended when the spec's process exits, and ends itself if that process dies
 * without exiting (tests/support/own-portal-server.ts).
 */

export interface OwnPortal {
  baseURL: string;
  databasePath: string;
  /** Runs `npm run admin:create` against this portal's database, as someone setting it up would. */
  createAdmin(input: { email: string; name: string; password: string }): string;
  /** The latest e-mail to `to` whose subject matches, read from the outbox (read-only), or null. */
  latestMail(to: string, subject: RegExp): { subject: string; body: string } | null;
  /** What the server has printed, for a failure's message. */
  output(): string;
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * `env`: more settings for this portal (e.g. PORTAL_WORKERS), over the ones it is always given.
 * `prepare`: writes the database before the portal starts on it (e.g. db/synthetic.ts's data).
 */
export async function startOwnPortal({
  startTimeoutMs = 30_000,
  env: extra = {},
  prepare,
}: { startTimeoutMs?: number; env?: Record<string, string>; prepare?: (databasePath: string) => void | Promise<void> } = {}): Promise<OwnPortal> {
  if (!fs.existsSync(path.join(ROOT, "build", "server", "index.js"))) throw new Error("No production build: run `npm run build` first");
  fs.mkdirSync(path.join(ROOT, "tests", ".tmp"), { recursive: true });
  const dir = fs.mkdtempSync(path.join(ROOT, "tests", ".tmp", "own-portal-"));
  const databasePath = path.join(dir, "portal.db");
  if (prepare) {
    try {
      await prepare(databasePath);
    } catch (error) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATABASE_PATH: databasePath,
    PORTAL_DEMO: "0",
    PORTAL_JOBS: "0",
    SESSION_SECRET: "own-portal-secret-not-for-production",
    COOKIE_SECURE: "0",
    ...extra,
  };
  // Nothing of the shared server's, nor of a developer's set-up, reaches this one.
  for (const name of ["PORTAL_DEV", "NODE_ENV", "HOST", "SMTP_HOST", "TRUST_PROXY"]) delete env[name];

  let log = "";
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/own-portal-server.ts"], { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
  child.stdout!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const killOnExit = () => {
    if (!exited(child)) child.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", killOnExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener("exit", killOnExit);
    if (!exited(child)) {
      child.kill("SIGTERM");
      if (!(await waitForExit(child, 5_000))) {
        child.kill("SIGKILL");
        await waitForExit(child, 5_000);
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const baseURL = `http://localhost:${port}`;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exited(child)) {
      await stop();
      throw new Error(`The portal stopped before it answered /healthz:\n${log}`);
    }
    const healthy = await fetch(`${baseURL}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The portal did not answer /healthz within ${startTimeoutMs / 1000} s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    baseURL,
    databasePath,
    createAdmin({ email, name, password }) {
      return execFileSync("npm", ["run", "--silent", "admin:create", "--", "--email", email, "--name", name], {
        cwd: ROOT,
        env: { ...env, ADMIN_PASSWORD: password },
        encoding: "utf8",
        timeout: 60_000,
        stdio: ["ignore", "pipe", "pipe"],
      });
    },
    latestMail(to, subject) {
      const database = new Database(databasePath, { readonly: true, fileMustExist: true });
      try {
        const rows = database.prepare("select subject, body from outbox where \"to\" = ? order by id desc").all(to) as { subject: string; body: string }[];
        return rows.find((r) => subject.test(r.subject)) ?? null;
      } finally {
        database.close();
      }
    },
    output: () => log,
    stop,
  };
}
