import { and, eq } from "drizzle-orm";
import { db } from "../app/data/db.server";
import { decideVariation, requestExtension, requestVirement, variationGrant, virementLines } from "../app/data/variations.server";
import * as s from "./schema";

/**
 * The demo's variations, made through the portal's own functions at past dates (decision record
 * 023):
 *
 * - `seedDemoVirements()`, before the returns (seedDemoReturns), so that the returns' spend follows
 *   the lines as varied: WCCTV moves £150.00 from the help point to its installation (requested on
 *   15 September 2023, within the 10% tolerance and the £5,000 cap, so approved automatically);
 *   the body cameras move £600.00 from the cameras to the docking station and software (half
 *   again the docking station's £1,200, so beyond the tolerance), asked by Aysha Rahman on 4
 *   December 2023 and approved by Rachel, the OPCC reviewer, on 7 December. (Asked after the
 *   offer was accepted on 28 November: a grant not yet accepted cannot be varied.)
 * - `seedDemoExtensionRequest()`, after seedDemoQueries: on 10 February 2025 the Melton lead asks
 *   for Beckmill Court's grant to run to 30 June 2025, the deployable cameras' supplier being
 *   late; the request is left waiting for the OPCC.
 *
 * A variation already made is not made again, so calling either twice changes nothing.
 */

const at = (date: string, time: string) => `${date}T${time}:00.000Z`;
const userId = (email: string) => db().select({ id: s.users.id }).from(s.users).where(eq(s.users.email, email)).get()!.id;

function grantOf(title: string): number | null {
  const row = db().select({ id: s.grants.id }).from(s.grants).innerJoin(s.bids, eq(s.bids.id, s.grants.bidId)).where(and(eq(s.bids.title, title), eq(s.grants.offerStatus, "accepted"))).get();
  return row?.id ?? null;
}

const hasVariations = (grantId: number) => db().select({ id: s.grantVariations.id }).from(s.grantVariations).where(eq(s.grantVariations.grantId, grantId)).get() !== undefined;

function must<T extends { kind: string }>(result: T, step: string): Extract<T, { kind: "saved" }> {
  if (result.kind !== "saved") throw new Error(`Demo variations: ${step} was refused: ${JSON.stringify(result)}`);
  return result as Extract<T, { kind: "saved" }>;
}

function virement(grantId: number, from: string, to: string, amountPence: number, reason: string, on: string, by: number) {
  const lines = virementLines(grantId);
  const line = (d: string) => {
    const found = lines.find((l) => l.description === d);
    if (!found) throw new Error(`Demo variations: no line "${d}" on grant ${grantId}`);
    return found.id;
  };
  return must(requestVirement(grantId, by, { fromCostLineId: line(from), toCostLineId: line(to), amountPence, reason }, on), `the virement from ${from} to ${to}`);
}

export function seedDemoVirements(): void {
  const lead = userId("lead.melton@demo.opcc.test");
  const rachel = userId("reviewer@demo.opcc.test");

  const wcctv = grantOf("WCCTV help point and standard support package");
  if (wcctv !== null && !hasVariations(wcctv)) {
    const made = virement(
      wcctv, "WCCTV help point and standard support package", "Installation with existing camera", 15_000,
      "WCCTV's invoice for the help point came in £150 under the quote, and the installation needs a longer bracket to reach the existing camera column.",
      at("2023-09-15", "11:20"), lead,
    );
    if (made.status !== "approved") throw new Error("Demo variations: the WCCTV virement should have been approved automatically");
  }

  const cameras = grantOf("Body cameras and training for officers");
  if (cameras !== null && !hasVariations(cameras)) {
    const asked = virement(
      cameras, "Body-worn camera", "Docking station and software", 60_000,
      "The supplier's price for the ten cameras fell by £60 each, and a second docking station is needed so officers based at Parkside can charge and upload without driving to the depot.",
      at("2023-12-04", "09:45"), lead,
    );
    must(
      decideVariation(cameras, asked.variationId, rachel, { approve: true, reason: "Agreed: the second docking station keeps footage uploaded the same day, and the cameras' total stays within the grant.", expectedVersion: 1 }, at("2023-12-07", "14:30")),
      "approving the body cameras' virement",
    );
  }
}

export function seedDemoExtensionRequest(): void {
  const beckmill = grantOf("Additional CCTV at Beckmill Court and solar deployable cameras");
  if (beckmill === null) return;
  const waiting = db().select({ id: s.grantVariations.id }).from(s.grantVariations).where(and(eq(s.grantVariations.grantId, beckmill), eq(s.grantVariations.kind, "extension"))).get();
  if (waiting) return;
  must(
    requestExtension(
      beckmill, userId("lead.melton@demo.opcc.test"),
      {
        newEndDate: "2025-06-30",
        reason: "The solar deployable cameras' supplier has put back delivery of the replacement units to May 2025, so the last site at Scalford Road cannot be covered before March. Three more months lets the cameras be installed and a quarter's results reported.",
        expectedVersion: variationGrant(beckmill)!.version,
      },
      at("2025-02-10", "10:15"),
    ),
    "the Beckmill Court extension request",
  );
}
