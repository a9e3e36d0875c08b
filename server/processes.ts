import os from "node:os";

/**
 * How many server processes `npm start` runs (decision record 039): PORTAL_WORKERS when it is a
 * whole number of at least 1; otherwise, in production (NODE_ENV=production), one per core; and
 * one for the demo, the tests and `npm run dev` (Vite's dev server cannot be shared).
 */
export function serverProcesses(value: string | undefined, { development, production, cores = os.availableParallelism() }: { development: boolean; production: boolean; cores?: number }): number {
  if (development) return 1;
  const n = Number(value);
  if (value !== undefined && value.trim() !== "" && Number.isInteger(n) && n >= 1) return Math.min(n, 64);
  return production ? Math.max(1, cores) : 1;
}
