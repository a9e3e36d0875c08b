import { requireUser } from "../auth/access.server";
import { cspOf } from "../domain/access-rules";
import { ukDate } from "../domain/round-window";
import { exportYearSchema } from "../forms/export-year";
import { parseSearchParams } from "../forms/form-state";
import { datedFilename } from "./csv.server";
import type { FinanceExportScope } from "./finance-export.server";
import { listFinancialYears } from "./reference.server";

/**
 * The finance export's access check and year, for both files: `finance:read` (403 without it), a
 * partnership's finance officer confined to their own partnership's grants, and a year the portal
 * has (400 otherwise, in words: never a 500 for what an address says).
 */
export async function financeExportRequest(request: Request, extension: "xlsx" | "csv") {
  const user = await requireUser(request, "finance:read");
  const { year } = parseSearchParams(new URL(request.url), exportYearSchema);
  const found = year ? listFinancialYears().find((y) => y.label === year) : undefined;
  if (!found) {
    throw new Response("There is no such financial year. Choose a year's export on the reconciliation page (/finance), for example ?year=2023-24.", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" },
    });
  }
  const cspId = cspOf(user);
  const scope: FinanceExportScope = { financialYearId: found.id, ...(cspId !== null ? { cspId } : {}) };
  return { scope, yearLabel: found.label, filename: datedFilename(`finance-cost-lines-${found.label}`, ukDate(new Date()), extension) };
}
