import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../auth/access.server";
import { csvResponse, datedFilename } from "../data/csv.server";
import { resolveFinanceQuery } from "../data/finance-query.server";
import { financeCsvBatches, financeCsvColumns } from "../data/list-exports.server";
import { ukDate } from "../domain/round-window";
import { financeQuerySchema } from "../forms/finance-filters";
import { parseSearchParams } from "../forms/form-state";

/**
 * /finance.csv: the reconciliation's partnership rows for the filters /finance applies (the year,
 * round, stream and partnership as resolveFinanceQuery settles them; a partnership's finance
 * officer only their own), every page, streamed.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "finance:read");
  const today = ukDate(new Date());
  const url = new URL(request.url);
  const resolved = resolveFinanceQuery(parseSearchParams(url, financeQuerySchema), user, today, url);
  if (!resolved) throw new Response("There are no financial years in the portal yet.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return csvResponse({
    signal: request.signal,
    filename: datedFilename(`reconciliation-${resolved.year.label}`, today, "csv"),
    columns: financeCsvColumns(resolved.year.label),
    batches: financeCsvBatches(resolved.scope, today),
  });
}
