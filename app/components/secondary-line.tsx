import type { ReactNode } from "react";

/**
 * A second, quieter line under the main text of a table cell or summary list value (a bid's round
 * under its title, a cost line's working under its description). It is a block of its own on the
 * screen, and a screen reader hears it after a comma rather than run into the text before it.
 */
export function SecondaryLine({ children }: { children: ReactNode }) {
  return (
    <span className="portal-secondary-line">
      <span className="govuk-visually-hidden">, </span>
      {children}
    </span>
  );
}
