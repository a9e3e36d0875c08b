import { z } from "zod";
import { BID_STATUSES } from "../domain/bid-lifecycle";
import { BID_FUNDS } from "../domain/funds";

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
  priority: optionalId,
  status: z.enum(BID_STATUSES).optional().catch(undefined),
  fund: z.enum(BID_FUNDS).optional().catch(undefined),
  sort: z.enum(BID_SORTS).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  page: z
    .string()
    .optional()
    .transform((v) => (v && /^\d{1,6}$/.test(v) && Number(v) >= 1 ? Number(v) : 1)),
});

export type BidFilterQuery = z.infer<typeof bidFiltersSchema>;
