/** What a bid's cost lines and match funding may be; db/schema/bids.ts stores them. Plain values, so pages may import them. */
export const EXPENDITURE_TYPES = ["capital", "revenue"] as const;
export const RECURRENCES = ["one_off", "recurring"] as const;
export const MATCH_FUNDING_KINDS = ["cash", "in_kind"] as const;
