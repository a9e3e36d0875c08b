import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../auth/access.server";
import { csvResponse, datedFilename } from "../data/csv.server";
import { GRANT_CSV_COLUMNS, grantCsvBatches } from "../data/list-exports.server";
import { cspOf } from "../domain/access-rules";
import { ukDate } from "../domain/round-window";

/** /grants.csv: every grant /grants lists for this user (a partnership's own), newest first, streamed. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "bid:read");
  const today = ukDate(new Date());
  return csvResponse({ filename: datedFilename("grants", today, "csv"), columns: GRANT_CSV_COLUMNS, batches: grantCsvBatches(cspOf(user), today), signal: request.signal });
}
