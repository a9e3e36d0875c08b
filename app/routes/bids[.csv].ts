import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../auth/access.server";
import { csvResponse, datedFilename } from "../data/csv.server";
import { bidCsvBatches, bidCsvColumns } from "../data/list-exports.server";
import { cspOf } from "../domain/access-rules";
import { ukDate } from "../domain/round-window";
import { bidFiltersSchema, resolveBidListQuery } from "../forms/bid-filters";
import { parseSearchParams } from "../forms/form-state";

/** /bids.csv: every bid /bids lists for these filters, for this user (the same scope and filters), streamed. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "bid:read");
  const { scope, filters } = resolveBidListQuery(parseSearchParams(new URL(request.url), bidFiltersSchema), user);
  return csvResponse({
    signal: request.signal,
    filename: datedFilename("bids", ukDate(new Date()), "csv"),
    columns: bidCsvColumns({ showCsp: cspOf(user) === null }),
    batches: bidCsvBatches(scope, filters),
  });
}
