import os from "node:os";

/**
 * How many server processes `npm start` runs (decision record 039): PORTAL_WORKERS, a whole number
 * of at least 1 or `auto` (one per core); one when it is unset, which is what was measured to pay on
 * the two-core machine the portal is benchmarked on; and always one for `npm run dev` (Vite's dev
 * server cannot be shared between processes).
 */
export function serverProcesses(value: string | undefined, { development, cores = os.availableParallelism() }: { development: boolean; cores?: number }): number {
  if (development || value === undefined) return 1;
  if (value.trim() === "auto") return Math.max(1, Math.min(cores, MAX_PROCESSES));
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_PROCESSES) : 1;
}

/** Past this, more processes only hold more memory and connections: SQLite takes one writer at a time. */
const MAX_PROCESSES = 16;
