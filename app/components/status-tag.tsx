import { STATUS_LABELS, STATUS_TAG_COLOURS, type BidStatus } from "../domain/bid-lifecycle";

export function StatusTag({ status }: { status: BidStatus }) {
  return <strong className={`govuk-tag ${STATUS_TAG_COLOURS[status]}`}>{STATUS_LABELS[status]}</strong>;
}
