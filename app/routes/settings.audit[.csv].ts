import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../auth/access.server";
import { AUDIT_CSV_COLUMNS, auditBatches, resolveAuditQuery } from "../data/audit-log.server";
import { csvResponse, datedFilename } from "../data/csv.server";
import { ukDate } from "../domain/round-window";

/**
 * /settings/audit.csv: every entry /settings/audit lists for these filters (every page), newest
 * first, streamed in keyset batches of 500. The change in words, and the stored before and after
 * as they are (JSON). Filters that make no sense answer 400, as the page does.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "settings:manage");
  const query = resolveAuditQuery(new URL(request.url));
  if (!query.ok) {
    return new Response(`These filters cannot be used: ${Object.values(query.errors).join("; ")}. Go back to the audit log and change them.\n`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" },
    });
  }
  return csvResponse({ filename: datedFilename("audit-log", ukDate(new Date()), "csv"), columns: AUDIT_CSV_COLUMNS, batches: auditBatches(query.filters), signal: request.signal });
}
