import { addDays } from "date-fns";
import { formatDate, parseIsoDate, toIsoDate, type IsoDate } from "./financial-years";

/**
 * When a round takes bids (decision record 13): while its status is open AND the moment falls
 * between the start of its opening date and the end of its closing date, in UK time. The status is
 * the OPCC's switch (a draft round is not open yet; a closed one was closed by hand); the dates are
 * the published deadline, kept by the clock whatever the status says.
 *
 * A bid sent back for changes may be resubmitted after the close: the OPCC asked for it.
 */

export type RoundStatus = "draft" | "open" | "closed";

export interface RoundWindow {
  status: RoundStatus;
  opensOn: IsoDate;
  closesOn: IsoDate;
}

const LONDON = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** The wall-clock reading in the UK at a moment. */
function londonParts(at: Date) {
  const parts = Object.fromEntries(LONDON.formatToParts(at).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
}

/** How far UK time is ahead of UTC at a moment, in minutes: 0 under GMT, 60 under BST. */
export function londonOffsetMinutes(at: Date): number {
  const p = londonParts(at);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const whole = Math.floor(at.getTime() / 1000) * 1000;
  return Math.round((wall - whole) / 60_000);
}

/** The UK calendar date at a moment. */
export function ukDate(at: Date): IsoDate {
  const p = londonParts(at);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

/**
 * The first moment of a UK calendar date. The clocks change at 1am UTC, never at midnight, so UK
 * midnight always exists and is never repeated: the offset an hour either side of it is the one.
 */
export function startOfUkDay(date: IsoDate): Date {
  parseIsoDate(date);
  const [y, m, d] = date.split("-").map(Number);
  const utcMidnight = Date.UTC(y, m - 1, d);
  const offset = londonOffsetMinutes(new Date(utcMidnight - 60 * 60_000));
  return new Date(utcMidnight - offset * 60_000);
}

/** The last millisecond of a UK calendar date (a clock-change day is 23 or 25 hours long). */
export function endOfUkDay(date: IsoDate): Date {
  return new Date(startOfUkDay(nextDay(date)).getTime() - 1);
}

function nextDay(date: IsoDate): IsoDate {
  return toIsoDate(addDays(parseIsoDate(date), 1));
}

/**
 * Where a round stands at a moment: `draft` (never opened), `not_open_yet` (open, before its
 * opening date), `open` (taking bids), `closed` (closed by hand, or past the end of its closing date).
 */
export type RoundPhase = "draft" | "not_open_yet" | "open" | "closed";

export function roundPhase(round: RoundWindow, now: Date): RoundPhase {
  if (round.status === "draft") return "draft";
  if (round.status === "closed") return "closed";
  if (now.getTime() > endOfUkDay(round.closesOn).getTime()) return "closed";
  if (now.getTime() < startOfUkDay(round.opensOn).getTime()) return "not_open_yet";
  return "open";
}

/** Whether the round takes new bids and submissions of drafts at this moment. */
export function takesBids(round: RoundWindow, now: Date): boolean {
  return roundPhase(round, now) === "open";
}

/** Whether a bid in the round may be submitted now: a draft only while the round takes bids; a bid sent back for changes at any time. */
export function maySubmitIn(bidStatus: string, round: RoundWindow, now: Date): boolean {
  return bidStatus === "changes_requested" || takesBids(round, now);
}

/** "Closes at midnight at the end of 31 July 2023", "Closed on 31 July 2023", … for pages. */
export function roundStateText(round: RoundWindow, now: Date): string {
  switch (roundPhase(round, now)) {
    case "draft":
      return "Not open yet";
    case "not_open_yet":
      return `Opens on ${formatDate(round.opensOn)} and closes at midnight at the end of ${formatDate(round.closesOn)}`;
    case "open":
      return `Closes at midnight at the end of ${formatDate(round.closesOn)}`;
    case "closed":
      // Closed by hand before its closing date: the date would be wrong.
      return now.getTime() > endOfUkDay(round.closesOn).getTime() ? `Closed on ${formatDate(round.closesOn)}` : "Closed by the OPCC";
  }
}

/** Why a draft cannot be submitted or a bid started in the round now, in words; null when it can. */
export function closedMessage(round: RoundWindow, now: Date): string | null {
  switch (roundPhase(round, now)) {
    case "open":
      return null;
    case "not_open_yet":
      return `This round opens on ${formatDate(round.opensOn)}.`;
    case "draft":
      return "This round is not open yet.";
    case "closed":
      return now.getTime() > endOfUkDay(round.closesOn).getTime() ? `This round closed on ${formatDate(round.closesOn)}.` : "The OPCC has closed this round.";
  }
}

/**
 * Changing the closing date once a round has opened: an open round's closing date can be extended
 * (a later date), a closed one reopened (a date not in the past). A draft round's dates are
 * changed with the rest of the round.
 */
export type ClosingDateChange = "extend" | "reopen";

export function closingDateChangeFor(round: RoundWindow, now: Date): ClosingDateChange | null {
  const phase = roundPhase(round, now);
  if (phase === "draft") return null;
  return phase === "closed" ? "reopen" : "extend";
}

/** What is wrong with a new closing date, in words for the field; null when it will do. */
export function newClosingDateProblem(change: ClosingDateChange, round: RoundWindow, closesOn: IsoDate, now: Date): string | null {
  if (change === "extend") {
    return closesOn > round.closesOn ? null : `The new closing date must be after the current one, ${formatDate(round.closesOn)}`;
  }
  if (closesOn < ukDate(now)) return "The new closing date must be today or in the future";
  if (closesOn < round.opensOn) return `The new closing date must be on or after the opening date, ${formatDate(round.opensOn)}`;
  return null;
}

/**
 * Whether the round has opened: the OPCC has opened it (it is not a draft) and its opening date has
 * come, in UK time. From then on partnerships may have started bids against its dates, so neither
 * date is edited with the rest of the round: the closing date moves by an extension or a
 * reopening, with a reason, and the round stops taking bids by being closed, with a reason.
 */
export function hasOpened(round: RoundWindow, now: Date): boolean {
  return round.status !== "draft" && now.getTime() >= startOfUkDay(round.opensOn).getTime();
}

/** Why "Change the round" may not give the round these dates, per field; empty when it may. */
export function roundDateChangeProblems(round: RoundWindow, dates: { opensOn: IsoDate; closesOn: IsoDate }, now: Date): Partial<Record<"opensOn" | "closesOn", string>> {
  if (!hasOpened(round, now)) return {};
  const problems: Partial<Record<"opensOn" | "closesOn", string>> = {};
  if (dates.opensOn !== round.opensOn) {
    problems.opensOn =
      `The round has opened, so its opening date, ${formatDate(round.opensOn)}, can no longer be changed` +
      (roundPhase(round, now) === "open" ? ". To stop it taking bids, close it, giving the reason" : "");
  }
  if (dates.closesOn !== round.closesOn) problems.closesOn = "To change the closing date of a round that has opened, extend it or reopen it, giving the reason";
  return problems;
}

/**
 * Why the round's allocations (and the formula that sets them) can no longer be changed, in words;
 * null while they can. Once a round has closed, by the clock or by hand, its partnerships have bid
 * against their allocations and the PCC decides against them: changing one then would move the
 * ground under those bids and decisions. Reopening the round makes them changeable again.
 */
export function allocationsLockedMessage(round: RoundWindow, now: Date): string | null {
  if (roundPhase(round, now) !== "closed") return null;
  return now.getTime() > endOfUkDay(round.closesOn).getTime()
    ? `This round closed on ${formatDate(round.closesOn)}, so its allocations can no longer be changed.`
    : "The OPCC has closed this round, so its allocations can no longer be changed.";
}
