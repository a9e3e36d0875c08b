/**
 * What the HTTP server (server/http.ts) hands every loader and action, beside the request.
 * Outside it (unit tests calling a loader, `remix vite:dev`) both may be missing.
 */
declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The Content-Security-Policy nonce of this response. */
    cspNonce?: string;
    /** The client's address (the forwarded one behind a trusted proxy: TRUST_PROXY). */
    clientAddress?: string;
    /** This request's id in the log (server/request-log.ts), shown on the error page. */
    requestId?: string;
  }
}

export {};
