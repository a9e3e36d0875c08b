import { grantedPence } from "../domain/part-approval";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireBid } from "../auth/access.server";
import { getBidDetail } from "../data/bids.server";
import { decisionsForBid } from "../data/decisions.server";
import { lastChangedByFor } from "../data/bid-page.server";
import { bidDocumentTitle } from "../pdf/bid-document";
import { pdfDocumentResponse } from "../pdf/pool.server";
import type { DecisionSummary } from "../pdf/types";
import { pdfOpcc } from "../data/opcc-settings.server";

/**
 * /bids/123.pdf: the whole bid as a PDF, with the latest PCC decision on it if there is one.
 * The same access as the bid's page: another CSP's bid, or a draft for OPCC staff, is not found.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, bid: header } = await requireBid(request, params.bidId, "bid:read");
  // Who last changed it is named as the reader may see them: an OPCC officer is "the OPCC" to a partnership.
  const bid = { ...getBidDetail(header.id)!, updatedByName: lastChangedByFor(user, header.id) };
  const latest = decisionsForBid(bid.id)[0];
  const decision: DecisionSummary | null = latest
    ? {
        reference: latest.reference,
        decidedOn: latest.decidedOn,
        decisionMaker: latest.decisionMaker,
        outcome: latest.outcome,
        approvedCostPence: latest.lines.reduce((n, l) => n + l.approvedPence, 0),
        grantedPence: latest.outcome === "rejected" ? null : grantedPence(latest.lines, bid.matchFundingPence),
        conditions: latest.conditions,
        reasons: latest.reasons,
        supersedesReference: latest.supersedesReference,
      }
    : null;
  return pdfDocumentResponse("bid", { bid, decision, opcc: pdfOpcc() }, `${bidDocumentTitle(bid)}.pdf`);
}
