import type { LoaderFunctionArgs } from "@remix-run/node";
import { createElement } from "react";
import { requireCspReport } from "../auth/access.server";
import { findIntroduction, scrutinyReport } from "../data/scrutiny.server";
import { ScrutinyDocument, scrutinyDocumentTitle } from "../pdf/scrutiny-document";
import { pdfResponse, renderPdf } from "../pdf/render.server";
import { pdfOpcc } from "../data/opcc-settings.server";

/**
 * /reports/scrutiny/6/2023-24.pdf: the scrutiny report as a PDF for the committee, with the same
 * access as its page (another partnership's is not found).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { csp, year } = await requireCspReport(request, params);
  const report = scrutinyReport(csp, year);
  const introduction = findIntroduction(csp.id, year.id);
  const pdf = await renderPdf(createElement(ScrutinyDocument, { report, introduction, opcc: pdfOpcc() }));
  return pdfResponse(pdf, `${scrutinyDocumentTitle(report)}.pdf`);
}
