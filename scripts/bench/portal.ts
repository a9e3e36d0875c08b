import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";

/**
 * A portal of the bench's own: the production build served by scripts/start.ts (through
 * scripts/bench/server.ts) on a free port, with no scheduled jobs and no request log. Modelled on
 * tests/support/own-portal.ts: a bounded wait for /healthz, and the process is always ended —
 * by `stop()`, by the bench's exit handler, or by its standard input closing.
 */

export interface Portal {
  name: string;
  baseURL: string;
  /** The server's process id: its /proc/<pid>/stat counts the CPU of the server and its PDF workers. */
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Ends every portal still running at once (for exit and signal handlers: synchronous). */
export function killAllPortals() {
  for (const child of running) if (!exited(child)) child.kill("SIGKILL");
  running.clear();
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

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

export async function startPortal(input: { name: string; root: string; databasePath: string; demo: boolean; startTimeoutMs: number }): Promise<Portal> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_PATH: input.databasePath,
    PORTAL_DEMO: input.demo ? "1" : "0",
    PORTAL_JOBS: "0",
    PORTAL_REQUEST_LOG: "0",
    SESSION_SECRET: `bench-${input.name}-secret-not-for-production-0123456789`,
    COOKIE_SECURE: "0",
  };
  for (const name of ["PORTAL_DEV", "NODE_ENV", "SMTP_HOST", "TRUST_PROXY"]) delete env[name];

  let log = "";
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/bench/server.ts"], { cwd: input.root, env, stdio: ["pipe", "pipe", "pipe"] });
  running.add(child);
  child.stdout!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (!exited(child)) {
      child.kill("SIGTERM");
      if (!(await waitForExit(child, 5_000))) {
        child.kill("SIGKILL");
        await waitForExit(child, 5_000);
      }
    }
    running.delete(child);
  };

  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + input.startTimeoutMs;
  for (;;) {
    if (exited(child)) {
      await stop();
      throw new Error(`The ${input.name} portal stopped before it answered /healthz:\n${log}`);
    }
    const healthy = await fetch(`${baseURL}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The ${input.name} portal did not answer /healthz within ${input.startTimeoutMs / 1000} s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (!child.pid) throw new Error("No process id for the portal");
  return { name: input.name, baseURL, pid: child.pid, output: () => log, stop };
}

/**
 * CPU seconds (user + system) the process and its child processes (the server processes of
 * PORTAL_WORKERS, decision record 039) have used so far, from /proc; null where there is no /proc.
 */
export function cpuSeconds(pid: number): number | null {
  const own = processCpuSeconds(pid);
  if (own === null) return null;
  let children: number[] = [];
  try {
    children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // No list of children: the process's own figure.
  }
  return children.reduce((sum, child) => sum + (processCpuSeconds(child) ?? 0), own);
}

function processCpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces: count fields from after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 14 and 15 (utime, stime) are the 12th and 13th after the name, in clock ticks.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** USER_HZ: 100 on every Linux this runs on (`getconf CLK_TCK`). */
const CLOCK_TICKS = 100;
