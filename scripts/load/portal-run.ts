import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Session } from "../bench/client";
import { DEMO_PASSWORD } from "./demo-users";

/** What the load and crash commands share: the build, a signed-in session, a bounded sleep. */

export function ensureBuild(root: string, build: boolean, log: (m: string) => void) {
  if (!build) {
    if (!fs.existsSync(path.join(root, "build", "server", "index.js"))) throw new Error("--no-build, but there is no build: run `npm run build`");
    return;
  }
  log("building (remix vite:build)");
  execFileSync(path.join(root, "node_modules", ".bin", "remix"), ["vite:build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"], timeout: 300_000 });
}

export async function signedIn(baseURL: string, email: string): Promise<Session> {
  const session = new Session(baseURL, email);
  await session.signIn(email, DEMO_PASSWORD);
  return session;
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** A seeded random number generator (mulberry32), so a run's mix can be repeated. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One of the choices, by weight. */
export function pick<T>(rand: () => number, choices: [number, T][]): T {
  const total = choices.reduce((s, [w]) => s + w, 0);
  let r = rand() * total;
  for (const [w, choice] of choices) {
    if ((r -= w) < 0) return choice;
  }
  return choices[choices.length - 1][1];
}
