import { describe, expect, it } from "vitest";
import {
  closedMessage,
  closingDateChangeFor,
  endOfUkDay,
  hasOpened,
  londonOffsetMinutes,
  maySubmitIn,
  newClosingDateProblem,
  roundDateChangeProblems,
  roundPhase,
  roundStateText,
  startOfUkDay,
  takesBids,
  ukDate,
  type RoundWindow,
} from "./round-window";

const at = (iso: string) => new Date(iso);
const round = (over: Partial<RoundWindow> = {}): RoundWindow => ({ status: "open", opensOn: "2023-04-01", closesOn: "2023-07-31", ...over });

describe("UK time", () => {
  it("is GMT in winter and an hour ahead (BST) in summer", () => {
    expect(londonOffsetMinutes(at("2024-01-15T12:00:00Z"))).toBe(0);
    expect(londonOffsetMinutes(at("2023-07-31T12:00:00Z"))).toBe(60);
  });

  it("changes at 1am UTC on the last Sunday of March and of October", () => {
    expect(londonOffsetMinutes(at("2024-03-31T00:59:59.999Z"))).toBe(0);
    expect(londonOffsetMinutes(at("2024-03-31T01:00:00Z"))).toBe(60);
    expect(londonOffsetMinutes(at("2024-10-27T00:59:59.999Z"))).toBe(60);
    expect(londonOffsetMinutes(at("2024-10-27T01:00:00Z"))).toBe(0);
  });

  it("gives the UK date, which is a day ahead of UTC in the last hour of a summer day", () => {
    expect(ukDate(at("2023-07-31T22:59:59.999Z"))).toBe("2023-07-31");
    expect(ukDate(at("2023-07-31T23:00:00Z"))).toBe("2023-08-01");
    expect(ukDate(at("2024-01-15T23:59:59.999Z"))).toBe("2024-01-15");
    expect(ukDate(at("2024-01-16T00:00:00Z"))).toBe("2024-01-16");
  });
});

describe("the start and end of a UK day", () => {
  it("31 July 2023 (BST) ends at 22:59:59.999 UTC", () => {
    expect(startOfUkDay("2023-07-31").toISOString()).toBe("2023-07-30T23:00:00.000Z");
    expect(endOfUkDay("2023-07-31").toISOString()).toBe("2023-07-31T22:59:59.999Z");
  });

  it("15 January 2024 (GMT) ends at 23:59:59.999 UTC", () => {
    expect(startOfUkDay("2024-01-15").toISOString()).toBe("2024-01-15T00:00:00.000Z");
    expect(endOfUkDay("2024-01-15").toISOString()).toBe("2024-01-15T23:59:59.999Z");
  });

  it("the day the clocks go forward is 23 hours long: it starts in GMT and ends in BST", () => {
    expect(startOfUkDay("2024-03-31").toISOString()).toBe("2024-03-31T00:00:00.000Z");
    expect(endOfUkDay("2024-03-31").toISOString()).toBe("2024-03-31T22:59:59.999Z");
  });

  it("the day the clocks go back is 25 hours long: it starts in BST and ends in GMT", () => {
    expect(startOfUkDay("2024-10-27").toISOString()).toBe("2024-10-26T23:00:00.000Z");
    expect(endOfUkDay("2024-10-27").toISOString()).toBe("2024-10-27T23:59:59.999Z");
  });

  it("the days either side of a clock change start at the UK midnight of their own season", () => {
    expect(endOfUkDay("2024-03-30").toISOString()).toBe("2024-03-30T23:59:59.999Z");
    expect(startOfUkDay("2024-04-01").toISOString()).toBe("2024-03-31T23:00:00.000Z");
    expect(endOfUkDay("2024-10-26").toISOString()).toBe("2024-10-26T22:59:59.999Z");
    expect(startOfUkDay("2024-10-28").toISOString()).toBe("2024-10-28T00:00:00.000Z");
  });

  it("the last day of a year and of February in a leap year", () => {
    expect(endOfUkDay("2023-12-31").toISOString()).toBe("2023-12-31T23:59:59.999Z");
    expect(endOfUkDay("2024-02-29").toISOString()).toBe("2024-02-29T23:59:59.999Z");
  });
});

describe("whether a round takes bids", () => {
  it("takes bids from the first moment of its opening date to the last moment of its closing date, UK time", () => {
    const r = round();
    expect(takesBids(r, at("2023-03-31T22:59:59.999Z"))).toBe(false); // 11:59pm on 31 March, BST
    expect(takesBids(r, at("2023-03-31T23:00:00Z"))).toBe(true); // midnight at the start of 1 April, BST
    expect(takesBids(r, at("2023-07-31T22:59:59.999Z"))).toBe(true); // the last moment of 31 July, BST
    expect(takesBids(r, at("2023-07-31T23:00:00Z"))).toBe(false); // midnight at the end of 31 July
  });

  it("a round closing on 15 January (GMT) takes bids until 23:59:59.999 UTC", () => {
    const r = round({ opensOn: "2023-10-01", closesOn: "2024-01-15" });
    expect(takesBids(r, at("2024-01-15T23:59:59.999Z"))).toBe(true);
    expect(takesBids(r, at("2024-01-16T00:00:00Z"))).toBe(false);
  });

  it("a round closing on the day the clocks go back takes bids through its 25th hour", () => {
    const r = round({ opensOn: "2024-10-01", closesOn: "2024-10-27" });
    expect(takesBids(r, at("2024-10-27T23:30:00Z"))).toBe(true);
    expect(takesBids(r, at("2024-10-28T00:00:00Z"))).toBe(false);
  });

  it("a round closing on the day the clocks go forward stops at 11pm UTC", () => {
    const r = round({ opensOn: "2024-03-01", closesOn: "2024-03-31" });
    expect(takesBids(r, at("2024-03-31T22:59:59.999Z"))).toBe(true);
    expect(takesBids(r, at("2024-03-31T23:00:00Z"))).toBe(false);
  });

  it("a round opening and closing on one day takes bids all that day", () => {
    const r = round({ opensOn: "2024-06-10", closesOn: "2024-06-10" });
    expect(takesBids(r, at("2024-06-09T23:00:00Z"))).toBe(true);
    expect(takesBids(r, at("2024-06-10T22:59:59.999Z"))).toBe(true);
    expect(takesBids(r, at("2024-06-10T23:00:00Z"))).toBe(false);
  });

  it("never takes bids while a draft or once closed by hand, whatever its dates", () => {
    const during = at("2023-06-01T12:00:00Z");
    expect(takesBids(round({ status: "draft" }), during)).toBe(false);
    expect(takesBids(round({ status: "closed" }), during)).toBe(false);
    expect(takesBids(round(), during)).toBe(true);
  });

  it("names where the round stands", () => {
    expect(roundPhase(round({ status: "draft" }), at("2023-06-01T12:00:00Z"))).toBe("draft");
    expect(roundPhase(round(), at("2023-03-01T12:00:00Z"))).toBe("not_open_yet");
    expect(roundPhase(round(), at("2023-06-01T12:00:00Z"))).toBe("open");
    expect(roundPhase(round(), at("2026-12-01T12:00:00Z"))).toBe("closed");
    expect(roundPhase(round({ status: "closed" }), at("2023-06-01T12:00:00Z"))).toBe("closed");
  });
});

describe("submitting after the close", () => {
  const after = at("2023-08-01T09:00:00Z");
  it("a draft cannot be submitted once the round has closed", () => {
    expect(maySubmitIn("draft", round(), after)).toBe(false);
    expect(maySubmitIn("draft", round(), at("2023-07-31T12:00:00Z"))).toBe(true);
  });

  it("a bid sent back for changes can be resubmitted after the close, even when the round was closed by hand", () => {
    expect(maySubmitIn("changes_requested", round(), after)).toBe(true);
    expect(maySubmitIn("changes_requested", round({ status: "closed" }), after)).toBe(true);
  });
});

describe("what the pages say", () => {
  it("an open round says when it closes; a closed one when it closed", () => {
    expect(roundStateText(round(), at("2023-07-31T22:00:00Z"))).toBe("Closes at midnight at the end of 31 July 2023");
    expect(roundStateText(round(), at("2023-07-31T23:00:00Z"))).toBe("Closed on 31 July 2023");
    expect(closedMessage(round(), at("2023-07-31T23:00:00Z"))).toBe("This round closed on 31 July 2023.");
    expect(closedMessage(round(), at("2023-07-31T22:00:00Z"))).toBeNull();
  });

  it("a round closed by hand before its closing date does not claim that date", () => {
    expect(roundStateText(round({ status: "closed" }), at("2023-06-01T12:00:00Z"))).toBe("Closed by the OPCC");
    expect(roundStateText(round({ status: "closed" }), at("2023-09-01T12:00:00Z"))).toBe("Closed on 31 July 2023");
    expect(closedMessage(round({ status: "closed" }), at("2023-06-01T12:00:00Z"))).toBe("The OPCC has closed this round.");
  });

  it("a round not open yet says so, and when it opens", () => {
    expect(roundStateText(round({ status: "draft" }), at("2023-06-01T12:00:00Z"))).toBe("Not open yet");
    expect(roundStateText(round(), at("2023-03-01T12:00:00Z"))).toBe("Opens on 1 April 2023 and closes at midnight at the end of 31 July 2023");
    expect(closedMessage(round(), at("2023-03-01T12:00:00Z"))).toBe("This round opens on 1 April 2023.");
  });
});

describe("changing the closing date", () => {
  const open = at("2023-07-01T12:00:00Z");
  const closed = at("2023-08-10T12:00:00Z");

  it("an open round (or one not open yet) is extended; a closed one is reopened; a draft one is edited", () => {
    expect(closingDateChangeFor(round(), open)).toBe("extend");
    expect(closingDateChangeFor(round(), at("2023-03-01T12:00:00Z"))).toBe("extend");
    expect(closingDateChangeFor(round(), closed)).toBe("reopen");
    expect(closingDateChangeFor(round({ status: "closed" }), open)).toBe("reopen");
    expect(closingDateChangeFor(round({ status: "draft" }), open)).toBeNull();
  });

  it("an extension must be later than the current closing date", () => {
    expect(newClosingDateProblem("extend", round(), "2023-08-01", open)).toBeNull();
    expect(newClosingDateProblem("extend", round(), "2023-07-31", open)).toBe("The new closing date must be after the current one, 31 July 2023");
    expect(newClosingDateProblem("extend", round(), "2023-07-30", open)).toMatch(/after the current one/);
  });

  it("a reopened round's closing date may be today (UK time) but not in the past", () => {
    expect(newClosingDateProblem("reopen", round(), "2023-08-10", closed)).toBeNull();
    expect(newClosingDateProblem("reopen", round(), "2023-08-09", closed)).toBe("The new closing date must be today or in the future");
    // 11:30pm on 10 August in the UK is already 10 August there, though UTC says 22:30.
    expect(newClosingDateProblem("reopen", round(), "2023-08-10", at("2023-08-10T22:30:00Z"))).toBeNull();
    expect(newClosingDateProblem("reopen", round(), "2023-08-10", at("2023-08-10T23:30:00Z"))).toMatch(/today or in the future/);
  });

  it("a reopened round cannot close before it opens", () => {
    const future = round({ status: "closed", opensOn: "2023-09-01", closesOn: "2023-10-31" });
    expect(newClosingDateProblem("reopen", future, "2023-08-20", closed)).toBe("The new closing date must be on or after the opening date, 1 September 2023");
  });
});

describe("changing a round's dates with the rest of the round", () => {
  const dates = (opensOn: string, closesOn: string) => ({ opensOn, closesOn });

  it("a round has opened from the first moment of its opening date, UK time, once the OPCC has opened it", () => {
    expect(hasOpened(round(), at("2023-03-31T22:59:59.999Z"))).toBe(false);
    expect(hasOpened(round(), at("2023-03-31T23:00:00Z"))).toBe(true); // midnight BST
    expect(hasOpened(round(), at("2023-08-10T12:00:00Z"))).toBe(true); // closed by the clock, but it did open
    expect(hasOpened(round({ status: "closed" }), at("2023-05-01T12:00:00Z"))).toBe(true);
    expect(hasOpened(round({ status: "draft" }), at("2023-05-01T12:00:00Z"))).toBe(false);
  });

  it("a round that has opened keeps its opening date, and its closing date moves only by extending or reopening it", () => {
    const now = at("2023-05-01T12:00:00Z");
    expect(roundDateChangeProblems(round(), dates("2023-04-01", "2023-07-31"), now)).toEqual({});
    expect(roundDateChangeProblems(round(), dates("2027-01-01", "2027-07-31"), now)).toEqual({
      opensOn: "The round has opened, so its opening date, 1 April 2023, can no longer be changed. To stop it taking bids, close it, giving the reason",
      closesOn: "To change the closing date of a round that has opened, extend it or reopen it, giving the reason",
    });
    expect(roundDateChangeProblems(round(), dates("2023-03-01", "2023-07-31"), now)).toHaveProperty("opensOn");
    // Closed, it takes no bids to stop.
    expect(roundDateChangeProblems(round({ status: "closed" }), dates("2023-05-02", "2023-07-31"), now).opensOn).toBe(
      "The round has opened, so its opening date, 1 April 2023, can no longer be changed",
    );
  });

  it("a draft round, or an open one whose opening date has not come, may have both dates changed", () => {
    const before = at("2023-03-01T12:00:00Z");
    expect(roundDateChangeProblems(round(), dates("2023-05-01", "2023-09-30"), before)).toEqual({});
    expect(roundDateChangeProblems(round({ status: "draft" }), dates("2023-05-01", "2023-09-30"), at("2023-05-01T12:00:00Z"))).toEqual({});
  });
});
