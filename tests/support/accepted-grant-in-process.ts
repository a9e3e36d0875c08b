// Makes an accepted grant with its quarterly returns in the database at DATABASE_PATH (the e2e
// server's), from a process of its own, and prints its ids as JSON: for the Playwright specs,
// which cannot reach the server's database any other way. See tests/support/accepted-grant.ts.
// A fourth argument "extra-line" adds a third line (£500 of leaflets, revenue, in the grant's first year).
import { makeAcceptedGrant, type FixtureKind } from "./accepted-grant";

const [title, kind = "annual", shift = "0", extra] = process.argv.slice(2);
process.stdout.write(`${JSON.stringify(makeAcceptedGrant(title, kind as FixtureKind, { shift: Number(shift), extraLine: extra === "extra-line" }))}\n`);
