import type { LoaderFunctionArgs } from "@remix-run/node";
import { financeExportRequest } from "../data/finance-export-request.server";
import { financeWorkbookResponse } from "../data/finance-export.server";

/**
 * /exports/finance.xlsx?year=2023-24: a financial year's grant cost lines as an Excel workbook
 * (app/data/finance-export.server.ts). OPCC finance, audit and administrators see every
 * partnership; a partnership's finance officer only its own.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope, yearLabel, filename } = await financeExportRequest(request, "xlsx");
  return financeWorkbookResponse(scope, { yearLabel, filename });
}
