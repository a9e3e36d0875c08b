declare module "on-headers" {
  import type { ServerResponse } from "node:http";
  /** Calls `listener` just before the response's headers are written. */
  export default function onHeaders<T extends ServerResponse>(res: T, listener: (this: T) => void): void;
}
