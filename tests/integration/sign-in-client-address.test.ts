import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as login from "../../app/routes/login";
import { createPortalApp } from "../../server/http";
import { TMP_DIR } from "../support/paths";
import { formTokenFor, run } from "../support/requests";

/**
 * The address the sign-in throttle counts a client by comes from the HTTP server
 * (server/http.ts), not from anything a client can write. Without TRUST_PROXY an X-Forwarded-For
 * header is not believed, so a sprayer cannot make each guess look like a new client; with it,
 * the address the trusted proxy forwards is used.
 *
 * The server is the real one, but serves a stand-in for the built app (the build comes later in
 * `npm test`): one route that hands the request and its load context to the real sign-in action.
 */

const stand = path.join(TMP_DIR, `client-address-${process.pid}`);
const previousDir = process.cwd();

/** The portal's server, with the given TRUST_PROXY, listening on a free port; returns its address. */
async function serve(trustProxy: string | undefined): Promise<{ url: string; server: Server }> {
  process.chdir(stand);
  try {
    const app = await createPortalApp({ production: true, trustProxy });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
  } finally {
    process.chdir(previousDir);
  }
}

const servers: Server[] = [];
beforeAll(() => {
  fs.mkdirSync(path.join(stand, "build/server"), { recursive: true });
  // A build with one resource route, /login, whose action is the real sign-in action.
  (globalThis as { portalTestLogin?: unknown }).portalTestLogin = async (args: { request: Request; context: { clientAddress?: string } }) => {
    const outcome = await run<{ formError?: string }>(login.action, args.request, {}, args.context);
    return Response.json({ formError: outcome.data?.formError ?? null }, { status: outcome.status });
  };
  fs.writeFileSync(
    path.join(stand, "build/server/index.js"),
    `export const mode = "production";
export const future = {};
export const basename = undefined;
export const publicPath = "/";
export const assetsBuildDirectory = "build/client";
export const isSpaMode = false;
export const assets = { entry: { module: "", imports: [] }, routes: {}, url: "", version: "test" };
export const entry = { module: { default: () => new Response("Not used", { status: 500 }) } };
export const routes = {
  root: { id: "root", path: "", module: {} },
  "routes/login": { id: "routes/login", parentId: "root", path: "login", module: { action: (args) => globalThis.portalTestLogin(args) } },
};
`,
  );
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  fs.rmSync(stand, { recursive: true, force: true });
});

/** A wrong password for a made-up account, posted as the sign-in page would, claiming to be forwarded for `forwardedFor`. */
async function tryWrongPassword(url: string, n: number, forwardedFor: string) {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": forwardedFor });
  const csrf = await formTokenFor(headers);
  const body = new URLSearchParams({ csrf, email: `sprayed.${n}.${Date.now()}@demo.opcc.test`, password: "Summer2024!" });
  const res = await fetch(`${url}/login`, { method: "POST", headers, body, redirect: "manual" });
  return { status: res.status, formError: ((await res.json()) as { formError: string | null }).formError };
}

describe("the client a sign-in attempt is counted against", () => {
  it("without TRUST_PROXY, a sprayer writing a new X-Forwarded-For for every guess is still one client, refused from the tenth account", async () => {
    const { url, server } = await serve(undefined);
    servers.push(server);
    const answers = [];
    for (let i = 1; i <= 11; i++) answers.push(await tryWrongPassword(url, i, `203.0.113.${i}`));
    expect(answers.slice(0, 9).map((a) => a.status)).toEqual(Array(9).fill(400));
    for (const a of answers.slice(9)) {
      expect(a.status).toBe(429);
      expect(a.formError).toMatch(/^There have been too many attempts to sign in from this device or network\./);
    }
  });

  it("with TRUST_PROXY naming the proxy, the address it forwards is the client", async () => {
    const { url, server } = await serve("loopback");
    servers.push(server);
    const answers = [];
    // Every client's first guess, though they all come through the one proxy (and after the spraying above).
    for (let i = 1; i <= 11; i++) answers.push(await tryWrongPassword(url, 100 + i, `198.51.100.${i}`));
    expect(answers.map((a) => a.status)).toEqual(Array(11).fill(400));
    // One forwarded client spraying is refused from its tenth account.
    const sprayer = [];
    for (let i = 1; i <= 10; i++) sprayer.push(await tryWrongPassword(url, 200 + i, "198.51.100.99"));
    expect(sprayer.map((a) => a.status)).toEqual([...Array(9).fill(400), 429]);
  });
});
