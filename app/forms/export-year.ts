import { z } from "zod";
import { parseFinancialYearLabel } from "../domain/financial-years";

/** The finance export's query string: `year`, a financial year's label ("2023-24"). Required; anything else is refused (400). */
export const exportYearSchema = z.object({
  year: z
    .string()
    .optional()
    .transform((v) => (v && parseFinancialYearLabel(v) !== null ? v : undefined)),
});
