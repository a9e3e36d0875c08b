import { describe, expect, it } from "vitest";
import {
  BID_STATUSES,
  COMMITTED_STATUSES,
  IllegalBidTransition,
  STATUS_LABELS,
  STATUS_TAG_COLOURS,
  canTransition,
  isBidStatus,
  isEditable,
  isVisibleToOpcc,
  transition,
  type BidEvent,
  type BidStatus,
} from "./bid-lifecycle";

const EVENTS: BidEvent[] = ["submit", "withdraw"];

/** The only moves allowed; every other status × event pair must be refused. */
const ALLOWED: Partial<Record<`${BidStatus}:${BidEvent}`, BidStatus>> = {
  "draft:submit": "submitted",
  "draft:withdraw": "withdrawn",
  "submitted:withdraw": "withdrawn",
};

const matrix = BID_STATUSES.flatMap((status) => EVENTS.map((event) => [status, event] as const));

describe("moving a bid through its life-cycle", () => {
  it("a draft bid can be submitted", () => {
    expect(transition("draft", "submit")).toBe("submitted");
  });

  it("a draft bid can be withdrawn", () => {
    expect(transition("draft", "withdraw")).toBe("withdrawn");
  });

  it("a submitted bid can be withdrawn", () => {
    expect(transition("submitted", "withdraw")).toBe("withdrawn");
  });

  it("a submitted bid cannot be submitted again", () => {
    expect(() => transition("submitted", "submit")).toThrow(IllegalBidTransition);
    expect(() => transition("submitted", "submit")).toThrow("A submitted bid cannot be submitted");
  });

  it("a withdrawn bid cannot be submitted or withdrawn again", () => {
    expect(() => transition("withdrawn", "submit")).toThrow("A withdrawn bid cannot be submitted");
    expect(() => transition("withdrawn", "withdraw")).toThrow("A withdrawn bid cannot be withdrawn");
  });

  describe.each(matrix)("a %s bid asked to %s", (status, event) => {
    const allowed = ALLOWED[`${status}:${event}`];

    if (allowed) {
      it(`becomes ${allowed}`, () => {
        expect(canTransition(status, event)).toBe(true);
        expect(transition(status, event)).toBe(allowed);
      });
    } else {
      it("is refused with IllegalBidTransition naming the status and event", () => {
        expect(canTransition(status, event)).toBe(false);
        let thrown: unknown;
        try {
          transition(status, event);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(IllegalBidTransition);
        expect(thrown).toBeInstanceOf(Error);
        expect((thrown as IllegalBidTransition).from).toBe(status);
        expect((thrown as IllegalBidTransition).event).toBe(event);
        expect((thrown as Error).message).toMatch(new RegExp(`^A ${status} bid cannot be `));
      });
    }
  });

  it("exactly three moves are allowed in the whole matrix", () => {
    expect(matrix.filter(([s, e]) => canTransition(s, e))).toEqual([
      ["draft", "submit"],
      ["draft", "withdraw"],
      ["submitted", "withdraw"],
    ]);
  });
});

describe("who can change and see a bid", () => {
  it("only a draft bid can be edited by its partnership", () => {
    expect(isEditable("draft")).toBe(true);
    expect(isEditable("submitted")).toBe(false);
    expect(isEditable("withdrawn")).toBe(false);
  });

  it("OPCC staff do not see draft bids, but see submitted and withdrawn ones", () => {
    expect(isVisibleToOpcc("draft")).toBe(false);
    expect(isVisibleToOpcc("submitted")).toBe(true);
    expect(isVisibleToOpcc("withdrawn")).toBe(true);
  });

  it("only submitted bids count against a partnership's remaining allocation", () => {
    expect(COMMITTED_STATUSES).toEqual(["submitted"]);
    expect(COMMITTED_STATUSES).not.toContain("draft");
    expect(COMMITTED_STATUSES).not.toContain("withdrawn");
  });
});

describe("status names", () => {
  it("recognises the three statuses and nothing else", () => {
    for (const status of BID_STATUSES) expect(isBidStatus(status)).toBe(true);
    for (const value of ["", "Draft", "approved", "rejected", "SUBMITTED", " draft"]) expect(isBidStatus(value)).toBe(false);
  });

  it("every status has a label and a tag colour", () => {
    expect(STATUS_LABELS).toEqual({ draft: "Draft", submitted: "Submitted", withdrawn: "Withdrawn" });
    for (const status of BID_STATUSES) expect(STATUS_TAG_COLOURS[status]).toMatch(/^govuk-tag--/);
  });
});
