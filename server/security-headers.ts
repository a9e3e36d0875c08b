import { randomBytes } from "node:crypto";
import type { RequestHandler } from "express";
import helmet from "helmet";
import onHeaders from "on-headers";

/**
 * The security headers on every response (decision record 012): a Content-Security-Policy whose
 * scripts must carry this response's nonce, no framing, no sniffing, no referrer sent off the
 * site, the browser features the portal never uses switched off, and HSTS in production (where
 * the portal is served over TLS). Pages, `.data` and files the server makes (PDFs) are never
 * stored by a browser or proxy: they hold what only a signed-in user may read.
 */
export function securityHeaders({ production, development }: { production: boolean; development: boolean }): RequestHandler[] {
  const nonce: RequestHandler = (_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  };
  const policy = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", (_req, res) => `'nonce-${(res as unknown as { locals: { cspNonce: string } }).locals.cspNonce}'`],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        // Vite's hot reload talks over a WebSocket in development only.
        "connect-src": development ? ["'self'", "ws:"] : ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        ...(production ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    crossOriginOpenerPolicy: { policy: "same-origin" },
    crossOriginResourcePolicy: { policy: "same-origin" },
    crossOriginEmbedderPolicy: false,
    frameguard: { action: "deny" },
    noSniff: true,
    referrerPolicy: { policy: "same-origin" },
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xPoweredBy: false,
  });
  const permissions: RequestHandler = (_req, res, next) => {
    res.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
    next();
  };
  return [nonce, policy, permissions];
}

export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "autoplay=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "midi=()",
  "payment=()",
  "publickey-credentials-get=()",
  "usb=()",
  "browsing-topics=()",
].join(", ");

/**
 * What the server makes per request (pages, `.data`, PDFs) is never kept by a cache, unless the
 * route said otherwise itself (a PDF's "private, no-store").
 */
export const noStore: RequestHandler = (_req, res, next) => {
  onHeaders(res, function () {
    if (!this.getHeader("Cache-Control")) this.setHeader("Cache-Control", "no-store");
  });
  next();
};
