import { z } from "zod";

/** A page number from the query string: anything but a whole number from 1 is page 1 (never a 400 or a 500). */
export const pageNumber = z
  .string()
  .optional()
  .transform((v) => (v && /^\d{1,6}$/.test(v) && Number(v) >= 1 ? Number(v) : 1));

/** A query string of only a page number. */
export const pageQuerySchema = z.object({ page: pageNumber });
