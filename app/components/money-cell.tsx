import type { ReactNode } from "react";
import { formatPence } from "../domain/money";

/** A table cell of money, right-aligned and kept on one line. */
export const Money = ({ pence, children }: { pence: number; children?: ReactNode }) => (
  <td className="govuk-table__cell govuk-table__cell--numeric portal-nowrap">
    {formatPence(pence)}
    {children}
  </td>
);
