import type { HistoryEntry } from "../data/bids.server";
import { isBidSectionKey, sectionTitle } from "../domain/bid-completeness";
import { formatDateTime } from "../domain/financial-years";
import { SecondaryLine } from "./secondary-line";
import { TableRegion } from "./table-region";

/** What an audit action means to a reader of the bid's history. */
export function describeAction(action: string): string {
  const section = /^bid\.section\.([a-z-]+)\.saved$/.exec(action)?.[1];
  if (section && isBidSectionKey(section)) return `${sectionTitle(section)} changed`;
  switch (action) {
    case "bid.created":
      return "Draft started";
    case "bid.submitted":
      return "Submitted";
    case "bid.withdrawn":
      return "Withdrawn";
    case "bid.review_started":
      return "Taken into review";
    case "bid.changes_requested":
      return "Sent back for changes";
    case "bid.approved":
      return "Approved";
    case "bid.part_approved":
      return "Part-approved";
    case "bid.rejected":
      return "Rejected";
    case "bid.approved_by_correction":
      return "Approved by a correcting decision";
    case "bid.part_approved_by_correction":
      return "Part-approved by a correcting decision";
    case "bid.rejected_by_correction":
      return "Rejected by a correcting decision";
    case "review.assigned":
      return "Reviewer assigned";
    case "review.conflict_answered":
      return "Conflict of interest declaration";
    case "review.scored":
      return "Scored";
    case "review.moderated":
      return "Moderated score recorded";
    case "review.commented":
      return "Comment added";
    case "decision.recorded":
      return "PCC decision recorded";
    case "decision.corrected":
      return "Correcting PCC decision recorded";
    case "grant.created":
      return "Grant made";
    case "grant.varied":
      return "Grant varied by a correcting decision";
    case "grant.withdrawn":
      return "Grant withdrawn by a correcting decision";
    default:
      return action;
  }
}

/** The fields whose values differ, for a short "what changed" line. */
export function changedFields(before: string | null, after: string | null): string[] {
  if (!before || !after) return [];
  const a = JSON.parse(before) as unknown;
  const b = JSON.parse(after) as unknown;
  if (Array.isArray(a) || Array.isArray(b)) {
    const n = (v: unknown) => (Array.isArray(v) ? v.length : 0);
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [`${n(a)} ${n(a) === 1 ? "entry" : "entries"} before, ${n(b)} after`];
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].filter((k) => JSON.stringify((a as Record<string, unknown>)[k]) !== JSON.stringify((b as Record<string, unknown>)[k]));
  }
  return [];
}

export function BidHistory({ entries }: { entries: HistoryEntry[] }) {
  return (
    <TableRegion label="History">
    <table className="govuk-table" id="history">
      <caption className="govuk-table__caption govuk-table__caption--m">History</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">When</th>
          <th scope="col" className="govuk-table__header">Who</th>
          <th scope="col" className="govuk-table__header">What</th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {entries.map((e) => {
          const fields = changedFields(e.before, e.after);
          return (
            <tr key={e.id} className="govuk-table__row">
              <td className="govuk-table__cell">{formatDateTime(e.at)}</td>
              <td className="govuk-table__cell">{e.userName ?? "System"}</td>
              <td className="govuk-table__cell">
                {describeAction(e.action)}
                {fields.length && e.action.startsWith("bid.section.") ? <SecondaryLine>{fields.join(", ")}</SecondaryLine> : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
    </TableRegion>
  );
}
