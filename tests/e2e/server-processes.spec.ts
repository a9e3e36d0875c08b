import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { startOwnPortal } from "../support/own-portal";

/**
 * PORTAL_WORKERS=2 (decision record 039): one process migrates and owns the pid file that
 * `npm run restore` checks, two more serve the port, and stopping the first stops them all.
 */

const children = (pid: number) =>
  fs
    .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test("two server processes answer the pages, and stopping the portal stops both", async ({ page }) => {
  test.skip(!fs.existsSync("/proc/self/task"), "reads the processes from /proc");
  test.setTimeout(90_000);
  const portal = await startOwnPortal({ startTimeoutMs: 60_000, env: { PORTAL_WORKERS: "2" } });
  let servers: number[] = [];
  try {
    // The pid file is written once both servers listen.
    await expect.poll(() => fs.existsSync(`${portal.databasePath}.pid`), { timeout: 20_000 }).toBe(true);
    const primary = Number(fs.readFileSync(`${portal.databasePath}.pid`, "utf8"));
    await expect.poll(() => children(primary).length, { timeout: 20_000 }).toBe(2);
    servers = children(primary);

    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${portal.baseURL}/login`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("Sign in");
    }
    await page.goto(`${portal.baseURL}/login`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  } finally {
    await portal.stop();
  }
  await expect.poll(() => servers.filter(alive).length, { timeout: 10_000 }).toBe(0);
});
