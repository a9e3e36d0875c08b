// `node scripts/check-client-bundle.mjs` after `remix vite:build` (a step of `npm test`): fails if
// the browser's bundle holds zod, drizzle, SQLite or server-only code, or if any page loads more
// than 100 kB of JavaScript (gzip), counted as the bench counts it (decision record 041).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const LIMIT_BYTES = 100 * 1024;
const root = fileURLToPath(new URL("..", import.meta.url));
const client = path.join(root, "build", "client");
const assets = path.join(client, "assets");
if (!fs.existsSync(assets)) {
  console.error("check-client-bundle: no build/client: run `npx remix vite:build` first");
  process.exit(2);
}

// Strings only these libraries and modules hold, minified or not.
const SERVER_ONLY = {
  zod: /ZodError|ZodEffects/,
  "drizzle-orm": /drizzle:entityKind/,
  "better-sqlite3": /better-sqlite3/,
  // app/data/db.server.ts's pragmas and app/auth's password hashing.
  "a *.server module": /busy_timeout|scryptSync|timingSafeEqual/,
};

const gzipped = new Map();
const gzip = (file) => {
  if (!gzipped.has(file)) gzipped.set(file, zlib.gzipSync(fs.readFileSync(path.join(client, file))).length);
  return gzipped.get(file);
};

const problems = [];
for (const file of fs.readdirSync(assets).filter((f) => f.endsWith(".js"))) {
  const body = fs.readFileSync(path.join(assets, file), "utf8");
  for (const [what, marker] of Object.entries(SERVER_ONLY)) if (marker.test(body)) problems.push(`${what} is in the browser's bundle (build/client/assets/${file})`);
}

// A page loads the entry, then each route it matches, root first, with the chunks each imports:
// the modulepreloads Remix writes into its HTML.
const manifestFile = fs.readdirSync(assets).find((f) => /^manifest-.*\.js$/.test(f));
const text = fs.readFileSync(path.join(assets, manifestFile), "utf8");
const manifest = JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1));
const file = (url) => url.replace(/^\//, "");
const pages = Object.entries(manifest.routes).map(([id, route]) => {
  const files = new Set([manifest.entry.module, ...manifest.entry.imports].map(file));
  for (let r = route; r; r = r.parentId ? manifest.routes[r.parentId] : undefined) {
    files.add(file(r.module));
    for (const i of r.imports ?? []) files.add(file(i));
  }
  return { id, bytes: [...files].reduce((sum, f) => sum + gzip(f), 0) };
});
pages.sort((a, b) => b.bytes - a.bytes);
const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
for (const page of pages.filter((p) => p.bytes > LIMIT_BYTES)) problems.push(`${page.id} loads ${kB(page.bytes)} of JavaScript (gzip), more than ${kB(LIMIT_BYTES)}`);

const behaviour = fs.readdirSync(assets).find((f) => f.startsWith("govuk-behaviour-"));
console.log(`Heaviest pages (JavaScript, gzip): ${pages.slice(0, 3).map((p) => `${p.id} ${kB(p.bytes)}`).join(", ")}; lightest ${kB(pages.at(-1).bytes)}.`);
if (behaviour) console.log(`After the page has loaded, GOV.UK Frontend's components: ${kB(gzip(`assets/${behaviour}`))}.`);
if (problems.length) {
  console.error(`\ncheck-client-bundle: FAILED\n${problems.map((p) => `  ${p}`).join("\n")}\n`);
  process.exit(1);
}
console.log("check-client-bundle: no server code in the browser's bundle, and every page within 100 kB.");
