import { plural } from "../domain/plural";

/**
 * What needs attention on a partnership or a grant, as tags: /finance, its pages and the
 * dashboards show them (a module of its own, so a dashboard does not load the finance pages' charts).
 */

export type Tag = { label: string; colour: "red" | "orange" | "yellow" | "grey" };

/** A partnership's flags, as counts in words. */
export function cspFlagTags(f: {
  underspend: number;
  overspent: number;
  paidAhead: number;
  overdueReturns: number;
  offersNotAccepted: number;
  offersLapsed: number;
}): Tag[] {
  const tags: Tag[] = [];
  if (f.overdueReturns) tags.push({ label: plural(f.overdueReturns, "return overdue", "returns overdue"), colour: "red" });
  if (f.overspent) tags.push({ label: plural(f.overspent, "grant with a line overspent", "grants with a line overspent"), colour: "red" });
  if (f.underspend) tags.push({ label: plural(f.underspend, "grant underspent beyond tolerance", "grants underspent beyond tolerance"), colour: "orange" });
  if (f.paidAhead) tags.push({ label: plural(f.paidAhead, "grant paid ahead of spend", "grants paid ahead of spend"), colour: "orange" });
  if (f.offersNotAccepted) {
    tags.push({
      label: `${plural(f.offersNotAccepted, "offer not accepted", "offers not accepted")}${
        f.offersLapsed ? ` (${f.offersLapsed.toLocaleString("en-GB")} lapsed)` : ""
      }`,
      colour: "yellow",
    });
  }
  return tags;
}

/** A grant's flags in words. */
export function grantFlagTags(
  f: { underspend: boolean; overspent: boolean; paidAhead: boolean; overdue: boolean; offerNotAccepted: boolean; offerLapsed: boolean },
  overdueReturns: number
): Tag[] {
  const tags: Tag[] = [];
  if (f.overdue) tags.push({ label: plural(overdueReturns, "return overdue", "returns overdue"), colour: "red" });
  if (f.overspent) tags.push({ label: "Cost line overspent", colour: "red" });
  if (f.underspend) tags.push({ label: "Underspend beyond tolerance", colour: "orange" });
  if (f.paidAhead) tags.push({ label: "Paid ahead of spend", colour: "orange" });
  if (f.offerNotAccepted) tags.push({ label: f.offerLapsed ? "Offer lapsed" : "Offer not accepted", colour: "yellow" });
  return tags;
}

/** A page's flags under their heading. */
export function AttentionBlock({ heading, level = 2, flags }: { heading: string; level?: 2 | 3; flags: Tag[] }) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <div className="govuk-!-margin-bottom-6">
      <Heading className="govuk-heading-s">{heading}</Heading>
      {flags.length === 0 ? <p className="govuk-body">Nothing needs attention.</p> : <FlagTags flags={flags} />}
    </div>
  );
}

/** Tags for the flags raised, one a line, or "None". */
export function FlagTags({ flags }: { flags: Tag[] }) {
  if (flags.length === 0) return <span className="portal-secondary-line">None</span>;
  return (
    <ul className="portal-flags">
      {flags.map((f) => (
        <li key={f.label}>
          <strong className={`govuk-tag govuk-tag--${f.colour}`}>{f.label}</strong>
        </li>
      ))}
    </ul>
  );
}
