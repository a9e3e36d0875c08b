// The PDF worker's entry (app/pdf/pool.server.ts starts it): registers tsx in this thread, then
// loads the TypeScript worker named in workerData. Node does not apply `--import tsx` from a
// worker's execArgv to the worker's own entry file, so the registration is done here.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
