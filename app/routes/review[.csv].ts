import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../auth/access.server";
import { csvResponse, datedFilename } from "../data/csv.server";
import { REVIEW_CSV_COLUMNS, reviewCsvBatches } from "../data/list-exports.server";
import { ukDate } from "../domain/round-window";
import { parseSearchParams } from "../forms/form-state";
import { reviewQuerySchema } from "../forms/review";

/** /review.csv: every bid the review queue lists for these filters, oldest submission first, streamed. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "review:read");
  const query = parseSearchParams(new URL(request.url), reviewQuerySchema);
  return csvResponse({
    signal: request.signal,
    filename: datedFilename("bids-to-review", ukDate(new Date()), "csv"),
    columns: REVIEW_CSV_COLUMNS,
    batches: reviewCsvBatches({ roundId: query.round, cspId: query.csp, reviewerId: query.reviewer, olderThanDays: query.age }),
  });
}
