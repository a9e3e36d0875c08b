import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";
import { requestContext, type RequestContext } from "../app/request-context.server";

/**
 * One JSON line per request on stdout (issue 12): time, request id, method, path, status,
 * milliseconds and the signed-in user's id. The query string keeps its names but not its values,
 * which may be personal (a search, a name in a filter). The id is sent back as X-Request-Id and
 * shown on the error page, so a user's report finds its line. PORTAL_REQUEST_LOG=0 turns it off.
 */

/** `/bids?status=submitted&q=Jo` → `/bids?status=&q=`. */
export function loggedPath(url: string): string {
  const parsed = new URL(url, "http://portal.invalid");
  const names = [...new Set([...parsed.searchParams.keys()])];
  return names.length ? `${parsed.pathname}?${names.map((n) => `${encodeURIComponent(n)}=`).join("&")}` : parsed.pathname;
}

export interface RequestLogEntry {
  at: Date;
  requestId: string;
  method: string;
  url: string;
  status: number;
  ms: number;
  userId: number | null;
}

export function requestLogLine(e: RequestLogEntry): string {
  return JSON.stringify({ t: e.at.toISOString(), level: "info", msg: "request", id: e.requestId, method: e.method, path: loggedPath(e.url), status: e.status, ms: Math.round(e.ms * 10) / 10, user: e.userId });
}

/** An error line: the stack goes to the log, never to the user, who sees only the request id. */
export function errorLogLine(e: { at: Date; requestId: string | null; method: string; url: string; error: unknown }): string {
  const error = e.error instanceof Error ? e.error : new Error(String(e.error));
  return JSON.stringify({ t: e.at.toISOString(), level: "error", msg: error.message, id: e.requestId, method: e.method, path: loggedPath(e.url), stack: error.stack });
}

export function requestLog({ write = (line: string): void => void process.stdout.write(`${line}\n`), enabled = process.env.PORTAL_REQUEST_LOG !== "0" } = {}): RequestHandler {
  return (req, res, next) => {
    const store: RequestContext = { requestId: randomUUID(), userId: null };
    res.locals.requestId = store.requestId;
    res.setHeader("X-Request-Id", store.requestId);
    const started = process.hrtime.bigint();
    if (enabled) {
      res.on("finish", () => {
        write(requestLogLine({ at: new Date(), requestId: store.requestId, method: req.method, url: req.originalUrl, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6, userId: store.userId }));
      });
    }
    requestContext.run(store, next);
  };
}
