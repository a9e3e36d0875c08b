import type { ReactElement } from "react";
import { renderToBuffer, type DocumentProps } from "@react-pdf/renderer";
import { registerFonts } from "./fonts.server";

/**
 * Renders a react-pdf document to the bytes of a PDF: a <Document> element, or an element of a
 * component that renders one (BidDocument, DecisionDocument, GrantOfferDocument).
 */
export async function renderPdf(element: ReactElement): Promise<Buffer> {
  registerFonts();
  return renderToBuffer(element as ReactElement<DocumentProps>);
}

/** A file name safe to put in a Content-Disposition header: letters, digits, dot, dash and underscore. */
export function safeFilename(name: string): string {
  const cleaned = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\w.-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
  return cleaned || "document.pdf";
}

/** The PDF as an inline download that no shared cache keeps (it holds a CSP's bid). The server adds `nosniff` and the other security headers to every response. */
export function pdfResponse(buffer: Uint8Array, filename: string): Response {
  return new Response(new Uint8Array(buffer), {
    status: 200,
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="${safeFilename(filename)}"`,
      "Content-Length": String(buffer.length),
      "Cache-Control": "private, no-store",
    },
  });
}
