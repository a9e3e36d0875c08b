import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse } from "../data/csv.server";
import { financeExportRequest } from "../data/finance-export-request.server";
import { FINANCE_EXPORT_CSV_COLUMNS, financeExportBatches } from "../data/finance-export.server";

/** /exports/finance.csv?year=2023-24: the same rows as the workbook, as CSV (app/data/csv.server.ts), streamed. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope, filename } = await financeExportRequest(request, "csv");
  return csvResponse({ filename, columns: FINANCE_EXPORT_CSV_COLUMNS, batches: financeExportBatches(scope), signal: request.signal });
}
