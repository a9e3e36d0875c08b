import type { LoaderFunctionArgs } from "@remix-run/node";
import { createElement } from "react";
import { notFound, requireGrant } from "../auth/access.server";
import { getGrantOffer } from "../data/grants.server";
import { GrantOfferDocument, grantOfferTitle } from "../pdf/grant-offer-document";
import { pdfResponse, renderPdf } from "../pdf/render.server";

/**
 * /grants/7/offer.pdf: the grant offer letter to the CSP's accountable council. Whoever may see the
 * bid may see its grant; anyone else (and any unknown or malformed id) gets a 404, as does a
 * withdrawn grant, whose offer no longer stands.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { grant } = await requireGrant(request, params.grantId, "bid:read");
  const offer = getGrantOffer(grant.id);
  if (!offer) notFound();
  const pdf = await renderPdf(createElement(GrantOfferDocument, { offer }));
  return pdfResponse(pdf, `${grantOfferTitle(offer)}.pdf`);
}
