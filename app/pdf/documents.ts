import type { ComponentProps, FunctionComponent } from "react";
import { BidDocument } from "./bid-document";
import { DecisionDocument } from "./decision-document";
import { GrantOfferDocument } from "./grant-offer-document";
import { MeetingPackDocument } from "./meeting-pack-document";

/**
 * The documents the PDF worker renders, by kind. The pool (pool.server.ts) sends a kind and its
 * props, which are plain data (structured-cloneable: no functions, no class instances), and gets
 * the PDF's bytes back.
 */
export const PDF_DOCUMENTS = {
  bid: BidDocument,
  decision: DecisionDocument,
  offer: GrantOfferDocument,
  pack: MeetingPackDocument,
} satisfies Record<string, FunctionComponent<never>>;

export type PdfKind = keyof typeof PDF_DOCUMENTS;
export type PdfProps<K extends PdfKind> = ComponentProps<(typeof PDF_DOCUMENTS)[K]>;
