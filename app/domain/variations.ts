/** The kinds and statuses of a grant variation; db/schema/variations.ts stores them. Plain values, so pages may import them. */
export const VARIATION_KINDS = ["virement", "extension", "transfer"] as const;
export type VariationKind = (typeof VARIATION_KINDS)[number];
export const VARIATION_STATUSES = ["requested", "approved", "refused", "withdrawn"] as const;
export type VariationStatus = (typeof VARIATION_STATUSES)[number];
