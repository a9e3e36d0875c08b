import { z } from "zod";
import { pageNumber } from "./page-query";
import { BID_STATUSES } from "../domain/bid-lifecycle";
import { BID_FUNDS } from "../domain/funds";
import { bidScopeOf, cspOf, type Viewer } from "../domain/access-rules";
import { partnershipText } from "./partnership-text";

export const BID_SORTS = ["updated", "title", "requested", "csp", "status"] as const;
export type BidSort = (typeof BID_SORTS)[number];

const optionalId = z
  .string()
  .optional()
  .transform((v) => (v && /^\d{1,10}$/.test(v) ? Number(v) : undefined));

/** The /bids query string. Anything malformed is ignored rather than refused. */
export const bidFiltersSchema = z.object({
  round: optionalId,
  year: optionalId,
  csp: optionalId,
  /** Part of a partnership's name, typed where there are too many to list (app/data/partnership-filter.server.ts). */
  partnership: partnershipText,
  priority: optionalId,
  status: z.enum(BID_STATUSES).optional().catch(undefined),
  fund: z.enum(BID_FUNDS).optional().catch(undefined),
  sort: z.enum(BID_SORTS).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  page: pageNumber,
});

export type BidFilterQuery = z.infer<typeof bidFiltersSchema>;

/** The default direction of each sort: newest and largest first, names A to Z. */
export const defaultBidDirection = (sort: BidSort): "asc" | "desc" => (sort === "updated" || sort === "requested" ? "desc" : "asc");

/**
 * What the /bids query string selects for this viewer: their scope (bidScopeOf), the filters (a
 * partnership's own people are never given another's), the sort and its direction. The page and
 * its CSV (/bids.csv) both start here, so the download is always the list's rows.
 */
export function resolveBidListQuery(query: BidFilterQuery, viewer: Viewer) {
  const cspId = cspOf(viewer);
  const sort = query.sort ?? "updated";
  const direction = query.dir ?? defaultBidDirection(sort);
  return {
    scope: bidScopeOf(viewer),
    filters: {
      roundId: query.round,
      financialYearId: query.year,
      cspId: cspId === null ? query.csp : undefined,
      status: query.status,
      priorityId: query.priority,
      fund: query.fund,
      sort,
      direction,
      page: query.page,
    },
  };
}
