import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./components/nonce";
import { collectPage } from "./render-chunks.server";
import { currentRequestId } from "./request-context.server";
import { errorLogLine } from "../server/request-log";

const ABORT_DELAY = 5_000;

/**
 * Renders a page. The whole page is rendered, then sent in one piece (the portal streams nothing), with
 * the response's CSP nonce on every script Remix writes. Security headers are set for every
 * response, pages and files alike, by the HTTP server (server/security-headers.ts).
 */
export default function handleRequest(request: Request, status: number, headers: Headers, remixContext: EntryContext, loadContext: AppLoadContext) {
  const nonce = loadContext.cspNonce ?? "";
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          shellRendered = true;
          const { destination, page } = collectPage();
          headers.set("Content-Type", "text/html; charset=utf-8");
          page.then((html) => resolve(new Response(html, { headers, status })), reject);
          pipe(destination);
        },
        onShellError: reject,
        onError(error: unknown) {
          status = 500;
          if (shellRendered) logError(error, request);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * A 404 or 403 thrown on purpose is an answer, not a fault: only real errors are logged, as one
 * JSON line with the request id the user is shown (server/request-log.ts).
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted || isRouteErrorResponse(error)) return;
  logError(error, request);
};

function logError(error: unknown, request: Request) {
  const url = new URL(request.url);
  process.stderr.write(`${errorLogLine({ at: new Date(), requestId: currentRequestId(), method: request.method, url: url.pathname + url.search, error })}\n`);
}
