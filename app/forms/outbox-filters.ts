import { z } from "zod";
import { pageNumber } from "./page-query";
import { isoDateFromParts, type IsoDate } from "../domain/financial-years";

/** What an administrator can narrow the outbox to: whether each message went. */
export const OUTBOX_STATES = ["sent", "waiting", "failed"] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export const OUTBOX_STATE_LABELS: Record<OutboxState, string> = {
  sent: "Sent",
  waiting: "Not sent yet",
  failed: "Failed to send",
};

const text = z.string().optional().catch(undefined);

/**
 * The /outbox query string: part of a recipient's address, whether it was sent, and the dates it
 * was written between (each a GOV.UK date: day, month and year boxes). Anything malformed is left
 * out, as if it had not been given, rather than refused: the page says which filters it used.
 */
export const outboxFiltersSchema = z
  .object({
    to: z
      .string()
      .optional()
      .transform((v) => v?.trim().slice(0, 200) || undefined)
      .catch(undefined),
    status: z.enum(OUTBOX_STATES).optional().catch(undefined),
    "from.day": text,
    "from.month": text,
    "from.year": text,
    "until.day": text,
    "until.month": text,
    "until.year": text,
    page: pageNumber,
  })
  .transform((v) => ({
    to: v.to,
    status: v.status,
    from: dateOf(v["from.day"], v["from.month"], v["from.year"]),
    until: dateOf(v["until.day"], v["until.month"], v["until.year"]),
    page: v.page,
  }));

export type OutboxFilterQuery = z.infer<typeof outboxFiltersSchema>;

function dateOf(day: string | undefined, month: string | undefined, year: string | undefined): IsoDate | undefined {
  return day && month && year ? (isoDateFromParts(day, month, year) ?? undefined) : undefined;
}
