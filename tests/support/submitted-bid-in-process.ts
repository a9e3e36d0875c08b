// Makes, in the database at DATABASE_PATH (the e2e server's), a submitted bid of a partnership
// (by its code) in a 2024-25 round of a test stream of its own, nobody assigned to review it, and
// prints its id as JSON: for the specs that decide a bid, which cannot use the demo's submitted
// bids once the demo has closed 2023-24 (no decision is recorded in a closed year).
import { makeAcceptedGrant } from "./accepted-grant";

const [title, csp = "melton"] = process.argv.slice(2);
process.stdout.write(`${JSON.stringify({ bidId: makeAcceptedGrant(title, "annual", { shift: 1, csp, decide: false }).bidId })}\n`);
