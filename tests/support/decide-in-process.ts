// Records approvals for the given bids from its own process (its own SQLite connection), so a
// test can run two of these at once against one database file. The bids have not been reviewed:
// each decision gives the reason for deciding without a moderated score (decision record 15).
import { recordDecision } from "../../app/data/decisions.server";
import { getBidDetail } from "../../app/data/bids.server";

const [userId, ...bidIds] = process.argv.slice(2).map(Number);
for (const bidId of bidIds) {
  const bid = getBidDetail(bidId)!;
  const result = recordDecision(bidId, userId, bid.version, {
    outcome: "approve", approvedByLine: {}, decidedOn: "2023-07-20", decisionMaker: "PCC", leadOfficer: "Officer",
    reasons: "Meets the plan", conditionIds: [], writtenConditions: [], declarationOfInterests: "None", publishable: true, foiExemption: null, paymentBasis: "quarterly_arrears",
    withoutReviewReason: "Decided at once to test that references stay gap-free.",
  });
  process.stdout.write(`${result.kind === "recorded" ? result.reference : result.kind}\n`);
}
