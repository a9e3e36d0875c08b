import { z } from "zod";
import { pageNumber } from "./page-query";
import { parseFinancialYearLabel } from "../domain/financial-years";
import { partnershipText } from "./partnership-text";

const optionalId = z
  .string()
  .optional()
  .transform((v) => (v && /^\d{1,10}$/.test(v) && Number(v) >= 1 && Number(v) <= 2_147_483_647 ? Number(v) : undefined));

/**
 * The reconciliation pages' query string (/finance, /finance/csp/:id, /finance/grants/:id):
 * `fy` a financial year's label ("2023-24"), `round`, `stream` and `csp` ids, `page`, and on a
 * grant's page the cost `line` to chart. Anything malformed is ignored rather than refused.
 */
export const financeQuerySchema = z.object({
  fy: z
    .string()
    .optional()
    .transform((v) => (v && parseFinancialYearLabel(v) !== null ? v : undefined)),
  round: optionalId,
  stream: optionalId,
  csp: optionalId,
  /** Part of a partnership's name, typed where there are too many to list (app/data/partnership-filter.server.ts). */
  partnership: partnershipText,
  line: optionalId,
  page: pageNumber,
});

export type FinanceQuery = z.infer<typeof financeQuerySchema>;

/** An address on the reconciliation pages that keeps the filters (and anything else given). */
export function financeHref(path: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") search.set(k, String(v));
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}
