import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What the portal knows about the request being served, for its log line (server/request-log.ts):
 * its id, and who is signed in once the access helper has found out. Kept in an
 * AsyncLocalStorage that the HTTP server opens for each request. The server and the built app
 * are bundled apart, so the store is one object shared through a global symbol rather than two
 * copies of this module.
 */
export interface RequestContext {
  requestId: string;
  userId: number | null;
}

const KEY = Symbol.for("opcc-portal.request-context");
const shared = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestContext> | undefined>;
export const requestContext: AsyncLocalStorage<RequestContext> = (shared[KEY] ??= new AsyncLocalStorage<RequestContext>());

/** The access helper calls this once it knows who is signed in. */
export function noteSignedInUser(userId: number) {
  const store = requestContext.getStore();
  if (store) store.userId = userId;
}

export const currentRequestId = (): string | null => requestContext.getStore()?.requestId ?? null;
