import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type RequestHandler } from "express";
import { crossSiteReason } from "../app/domain/request-origin";
import { requestLog } from "./request-log";
import { noStore, securityHeaders } from "./security-headers";

/**
 * The portal's HTTP server: security headers on every response, a cross-site form refused before
 * Remix sees it, the built files, then the Remix app. `npm start` serves the production build;
 * `npm run dev` serves the same app through Vite with hot reload.
 */

export interface ServerOptions {
  production: boolean;
  /** Serve through Vite's dev server rather than the build. */
  development?: boolean;
  /** Express's `trust proxy`: how far to believe X-Forwarded-For (TRUST_PROXY). */
  trustProxy?: string;
}

export async function createPortalApp(options: ServerOptions) {
  const app = express();
  app.disable("x-powered-by");
  const trust = parseTrustProxy(options.trustProxy);
  if (trust !== undefined) app.set("trust proxy", trust);

  app.use(requestLog());
  app.use(...securityHeaders({ production: options.production, development: Boolean(options.development) }));
  app.use(compression());
  app.use(refuseCrossSiteForms);
  app.use(refuseOldDataRequests);

  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (options.development) {
    const vite = await import("vite").then((v) => v.createServer({ server: { middlewareMode: true } }));
    app.use(vite.middlewares);
    build = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  } else {
    const root = process.cwd();
    app.use("/assets", express.static(path.join(root, "build/client/assets"), { immutable: true, maxAge: "1y" }));
    app.use(clientFiles(path.join(root, "build/client")));
    build = (await import(pathToFileURL(path.join(root, "build/server/index.js")).href)) as ServerBuild;
  }

  app.all(
    "*",
    noStore,
    createRequestHandler({
      build,
      mode: options.development ? "development" : "production",
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown", requestId: res.locals.requestId as string }),
    }),
  );
  return app;
}

/**
 * The build's other files (favicon.svg), served from the folder only for the names in it: every
 * page request would otherwise look for a file of its path on disk first (a failed stat and an
 * error passed on, 2% of a page's CPU; decision record 044). The build does not change while the
 * server runs.
 */
function clientFiles(folder: string): RequestHandler {
  const names = new Set(fs.existsSync(folder) ? fs.readdirSync(folder) : []);
  const serve = express.static(folder, { maxAge: "1h" });
  return (req, res, next) => (names.has(req.path.split("/")[1] ?? "") ? serve(req, res, next) : next());
}

/**
 * A form posted from another site answers the portal's 403 page, with nothing read or written.
 * It is turned into a visit to /request-refused here because Remix would otherwise refuse it by
 * throwing, which shows a 500. The access check (app/auth/access.server.ts) makes the same check
 * again, with the CSRF token, for every action.
 */
const refuseCrossSiteForms: RequestHandler = (req, _res, next) => {
  const reason = crossSiteReason({
    method: req.method,
    origin: req.get("Origin") ?? null,
    secFetchSite: req.get("Sec-Fetch-Site") ?? null,
    forwardedHost: req.get("X-Forwarded-Host") ?? null,
    host: req.get("Host") ?? null,
  });
  if (reason) {
    req.method = "GET";
    req.url = req.originalUrl = "/request-refused";
    // The refused body is never read; the refusal page does not need the origin any more.
    delete req.headers.origin;
  }
  next();
};

/**
 * `?_data=` is how Remix fetched data before single fetch; the portal never asks for it, and Remix
 * logs a warning for each one, so anyone could fill the log. It answers 400 here instead.
 */
const refuseOldDataRequests: RequestHandler = (req, res, next) => {
  if (Object.hasOwn(req.query, "_data")) {
    res.status(400).type("text/plain").send("Bad request");
    return;
  }
  next();
};

function parseTrustProxy(value: string | undefined): boolean | number | string | undefined {
  if (!value || value === "0" || value === "false") return undefined;
  if (value === "true") return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
