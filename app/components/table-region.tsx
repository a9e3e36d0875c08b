import type { ReactNode } from "react";

/**
 * A table that can be wider than a phone's screen: it scrolls sideways inside its own region, so
 * the page itself never does (WCAG 1.4.10, reflow at 320 px). The region can be focused, so a
 * keyboard user can scroll it with the arrow keys, and is named, so a screen reader says what it
 * holds. Every table of the portal sits in one.
 */
export function TableRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="portal-table-region" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
