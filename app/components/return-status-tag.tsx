import { RETURN_STATUS_LABELS, type ReturnStatus } from "../domain/return-lifecycle";

const COLOURS: Record<ReturnStatus, string> = {
  not_started: "govuk-tag--grey",
  in_progress: "govuk-tag--light-blue",
  submitted: "govuk-tag--blue",
  queried: "govuk-tag--yellow",
  resubmitted: "govuk-tag--purple",
  accepted: "govuk-tag--green",
};

/** A return's status, in words (the colour only repeats it). */
export function ReturnStatusTag({ status }: { status: ReturnStatus }) {
  return <strong className={`govuk-tag ${COLOURS[status]}`}>{RETURN_STATUS_LABELS[status]}</strong>;
}

export const RAG_LABELS = { red: "Red", amber: "Amber", green: "Green" } as const;
const RAG_COLOURS = { red: "govuk-tag--red", amber: "govuk-tag--orange", green: "govuk-tag--green" } as const;

/** A red, amber or green rating, with its name. */
export function RagTag({ rag }: { rag: "red" | "amber" | "green" | null }) {
  if (!rag) return <>Not rated</>;
  return <strong className={`govuk-tag ${RAG_COLOURS[rag]}`}>{RAG_LABELS[rag]}</strong>;
}

export const PROGRESS_LABELS = { on_track: "On track", at_risk: "At risk", late: "Late", done: "Done" } as const;
