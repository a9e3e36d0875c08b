import { Link } from "@remix-run/react";
import type { VariationKind, VariationStatus } from "../../db/schema/variations";
import { formatDate } from "../domain/financial-years";
import { formatPence } from "../domain/money";
import { TableRegion } from "./table-region";

/** A variation's status as a GOV.UK tag. */
export const VARIATION_STATUS_LABELS: Record<VariationStatus, string> = { requested: "Waiting for the OPCC", approved: "Approved", refused: "Refused", withdrawn: "Withdrawn" };
const TAGS: Record<VariationStatus, string> = { requested: "govuk-tag--yellow", approved: "govuk-tag--green", refused: "govuk-tag--red", withdrawn: "govuk-tag--grey" };

export function VariationStatusTag({ status, autoApproved }: { status: VariationStatus; autoApproved?: boolean }) {
  return <strong className={`govuk-tag ${TAGS[status]}`}>{status === "approved" && autoApproved ? "Approved automatically" : VARIATION_STATUS_LABELS[status]}</strong>;
}

export interface VariationSummary {
  id: number;
  /** The grant the variation belongs to: for a transfer, the giving grant. */
  grantId: number;
  kind: VariationKind;
  status: VariationStatus;
  autoApproved: boolean;
  fromLine: string | null;
  toLine: string | null;
  amountPence: number | null;
  currentEndDate: string | null;
  newEndDate: string | null;
  requestedAt: string;
  fromGrantTitle: string;
  toGrantId: number | null;
  toGrantTitle: string | null;
}

type AskFields = Pick<VariationSummary, "kind" | "fromLine" | "toLine" | "amountPence" | "currentEndDate" | "newEndDate" | "grantId" | "fromGrantTitle" | "toGrantId" | "toGrantTitle">;

/**
 * What a variation asks, in a few words: "Move £150.00 from … to …", "End on 30 June 2025 (was 31
 * March 2025)". A transfer reads from the side of the grant it is shown on (`onGrantId`): money
 * going out to another grant or a new project, or coming in from one.
 */
export function variationAsk(v: AskFields, onGrantId?: number): string {
  const amount = formatPence(v.amountPence ?? 0);
  if (v.kind === "virement") return `Move ${amount} from ${v.fromLine ?? "a line"} to ${v.toLine ?? "a line"}`;
  if (v.kind === "transfer") {
    if (onGrantId !== undefined && onGrantId === v.toGrantId) return `Receive ${amount} from ${v.fromGrantTitle} into ${v.toLine ?? "a line"}`;
    if (v.toGrantId === null) return `Release ${amount} from ${v.fromLine ?? "a line"} for a new project`;
    return `Move ${amount} from ${v.fromLine ?? "a line"} to ${v.toGrantTitle ?? "another grant"}: ${v.toLine ?? "a line"}`;
  }
  return `End on ${formatDate(v.newEndDate!)} (was ${formatDate(v.currentEndDate!)})`;
}

/**
 * The "Variations" section of a grant's page: its virements and extensions with links, and, for
 * the partnership's lead while the grant may be varied, the links to ask for one.
 */
export function GrantVariations({ grantId, variations, canRequest }: { grantId: number; variations: VariationSummary[]; canRequest: boolean }) {
  return (
    <section aria-labelledby="variations-heading" id="variations">
      <h2 className="govuk-heading-m" id="variations-heading">
        Variations
      </h2>
      {variations.length === 0 ? (
        <p className="govuk-body">No virements or time extensions have been asked for.</p>
      ) : (
        <TableRegion label="Variations">
          <table className="govuk-table" id="variations-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Virements and time extensions, newest first</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Asked for</th>
                <th scope="col" className="govuk-table__header">On</th>
                <th scope="col" className="govuk-table__header">Status</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {variations.map((v) => (
                <tr className="govuk-table__row" key={v.id}>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/grants/${v.grantId}/variations/${v.id}`}>
                      {variationAsk(v, grantId)}
                    </Link>
                  </td>
                  <td className="govuk-table__cell">{formatDate(v.requestedAt.slice(0, 10))}</td>
                  <td className="govuk-table__cell">
                    <VariationStatusTag status={v.status} autoApproved={v.autoApproved} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      {canRequest ? (
        <ul className="govuk-list">
          <li>
            <Link className="govuk-link" to={`/grants/${grantId}/variations/new?kind=virement`}>
              Ask to move money between lines
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to={`/grants/${grantId}/variations/new?kind=extension`}>
              Ask for more time
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to={`/grants/${grantId}/transfers/new`}>
              Ask to move money to another grant or a new project
            </Link>
          </li>
        </ul>
      ) : null}
    </section>
  );
}

/** The OPCC dashboard's line: how many virements and extensions wait for an officer, with the queue's link. */
export function VariationsWaiting({ count }: { count: number }) {
  return (
    <section aria-labelledby="variations-waiting-heading">
      <h2 className="govuk-heading-m" id="variations-waiting-heading">
        Variations
      </h2>
      <p className="govuk-body" id="variations-waiting">
        {count === 0 ? (
          "No virements or time extensions are waiting for a decision."
        ) : (
          <Link className="govuk-link" to="/variations">
            {count === 1 ? "1 virement or time extension is" : `${count.toLocaleString("en-GB")} virements and time extensions are`} waiting for a decision
          </Link>
        )}
      </p>
    </section>
  );
}
