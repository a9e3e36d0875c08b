import type { LoaderFunctionArgs } from "@remix-run/node";
import { createElement } from "react";
import { notFound, parseId, requireUser } from "../auth/access.server";
import { getGrantOffer } from "../data/decisions.server";
import { canSeeBid } from "../domain/access-rules";
import { GrantOfferDocument, grantOfferTitle } from "../pdf/grant-offer-document";
import { pdfResponse, renderPdf } from "../pdf/render.server";

/**
 * /grants/7/offer.pdf: the grant offer letter to the CSP's accountable council. Whoever may see the
 * bid may see its grant; anyone else (and any unknown or malformed id) gets a 404.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "bid:read");
  const offer = getGrantOffer(parseId(params.grantId));
  if (!offer || !canSeeBid(user, { cspId: offer.cspId, status: offer.status, everSubmitted: true /* only a submitted bid is decided */ })) notFound();
  const pdf = await renderPdf(createElement(GrantOfferDocument, { offer }));
  return pdfResponse(pdf, `${grantOfferTitle(offer)}.pdf`);
}
