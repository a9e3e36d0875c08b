import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireGrant } from "../auth/access.server";
import { getGrantOffer } from "../data/grants.server";
import { grantOfferTitle } from "../pdf/grant-offer-document";
import { pdfDocumentResponse } from "../pdf/pool.server";
import { pdfOpcc } from "../data/opcc-settings.server";

/**
 * /grants/7/offer.pdf: the grant offer letter to the CSP's accountable council. Whoever may see the
 * bid may see its grant; anyone else (and any unknown or malformed id) gets a 404, as does a
 * withdrawn grant, whose offer no longer stands.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { grant } = await requireGrant(request, params.grantId, "bid:read");
  const offer = getGrantOffer(grant.id);
  if (!offer) notFound();
  return pdfDocumentResponse("offer", { offer, opcc: pdfOpcc() }, `${grantOfferTitle(offer)}.pdf`);
}
