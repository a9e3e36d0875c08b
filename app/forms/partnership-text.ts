import { z } from "zod";

/**
 * A list filter's "part of a partnership's name" (app/data/partnership-filter.server.ts): trimmed,
 * at most 200 characters, else ignored. A module of its own, since the finance filters' module is
 * also loaded in the browser (for its links) and app/forms/fields.ts would come with it.
 */
export const partnershipText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() && v.trim().length <= 200 ? v.trim() : undefined));
