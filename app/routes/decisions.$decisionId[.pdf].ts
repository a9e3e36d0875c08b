import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, parseId, requireUser } from "../auth/access.server";
import { getDecisionRecord } from "../data/decisions.server";
import { canSeeBid, hasPermission, isOpccStaff } from "../domain/access-rules";
import { decisionDocumentTitle } from "../pdf/decision-document";
import { pdfDocumentResponse } from "../pdf/pool.server";
import { pdfOpcc } from "../data/opcc-settings.server";

/**
 * /decisions/12.pdf: a PCC decision record as the OPCC publishes it. Whoever may see the bid may
 * see its decisions; anyone else (and any unknown or malformed id) gets a 404. The moderated score
 * the decision followed is printed only for those who may read reviews.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "bid:read");
  const record = getDecisionRecord(parseId(params.decisionId), { reviewDetails: hasPermission(user, "review:read") });
  if (!record || !canSeeBid(user, { cspId: record.cspId, status: record.status, everSubmitted: true /* only a submitted bid is decided */ })) notFound();
  // The record names the decision maker and lead officer; to a partnership, who typed it into the portal is the OPCC.
  const decision = isOpccStaff(user) ? record : { ...record, recordedByName: "the OPCC" };
  return pdfDocumentResponse("decision", { decision, opcc: pdfOpcc() }, `${decisionDocumentTitle(record)}.pdf`);
}
