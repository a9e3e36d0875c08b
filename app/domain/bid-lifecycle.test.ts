import { describe, expect, it } from "vitest";
import {
  BID_EVENTS,
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

const EVENTS: BidEvent[] = [...BID_EVENTS];

/** The only moves allowed; every other status × event pair must be refused. */
const ALLOWED: Partial<Record<`${BidStatus}:${BidEvent}`, BidStatus>> = {
  "draft:submit": "submitted",
  "changes_requested:submit": "submitted",
  "submitted:start_review": "under_review",
  "submitted:request_changes": "changes_requested",
  "under_review:request_changes": "changes_requested",
  "submitted:approve": "approved",
  "under_review:approve": "approved",
  "submitted:part_approve": "part_approved",
  "under_review:part_approve": "part_approved",
  "submitted:reject": "rejected",
  "under_review:reject": "rejected",
  "draft:withdraw": "withdrawn",
  "submitted:withdraw": "withdrawn",
  "under_review:withdraw": "withdrawn",
  "changes_requested:withdraw": "withdrawn",
  "approved:correct_approve": "approved",
  "approved:correct_part_approve": "part_approved",
  "approved:correct_reject": "rejected",
  "part_approved:correct_approve": "approved",
  "part_approved:correct_part_approve": "part_approved",
  "part_approved:correct_reject": "rejected",
  "rejected:correct_approve": "approved",
  "rejected:correct_part_approve": "part_approved",
  "rejected:correct_reject": "rejected",
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
    expect(() => transition("submitted", "submit")).toThrow("A bid that is submitted cannot be submitted");
  });

  it("a withdrawn bid cannot be submitted or withdrawn again", () => {
    expect(() => transition("withdrawn", "submit")).toThrow("A bid that is withdrawn cannot be submitted");
    expect(() => transition("withdrawn", "withdraw")).toThrow("A bid that is withdrawn cannot be withdrawn");
  });

  it("a bid sent back for changes can be resubmitted", () => {
    expect(transition("changes_requested", "submit")).toBe("submitted");
  });

  it("a decided bid can be neither withdrawn nor decided again", () => {
    for (const decided of ["approved", "part_approved", "rejected"] as const) {
      expect(canTransition(decided, "withdraw")).toBe(false);
      expect(canTransition(decided, "approve")).toBe(false);
      expect(canTransition(decided, "reject")).toBe(false);
    }
  });

  it("a decision is changed only by a correcting decision, and only once there is one to correct", () => {
    expect(transition("approved", "correct_reject")).toBe("rejected");
    expect(transition("rejected", "correct_part_approve")).toBe("part_approved");
    for (const undecided of ["draft", "submitted", "under_review", "changes_requested", "withdrawn"] as const) {
      expect(canTransition(undecided, "correct_approve")).toBe(false);
    }
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
        expect((thrown as Error).message).toMatch(new RegExp(`^A bid that is ${STATUS_LABELS[status].toLowerCase()} cannot be `));
      });
    }
  });

  it("only the moves in the table are allowed in the whole matrix", () => {
    expect(matrix.filter(([s, e]) => canTransition(s, e)).length).toBe(Object.keys(ALLOWED).length);
  });
});

describe("who can change and see a bid", () => {
  it("only a draft, or a bid sent back for changes, can be edited by its partnership", () => {
    expect(BID_STATUSES.filter(isEditable)).toEqual(["draft", "changes_requested"]);
  });

  it("OPCC staff do not see draft bids, but see submitted and withdrawn ones", () => {
    expect(isVisibleToOpcc("draft", false)).toBe(false);
    expect(isVisibleToOpcc("submitted", true)).toBe(true);
    expect(isVisibleToOpcc("withdrawn", true)).toBe(true);
    // Withdrawn before it was ever submitted: the OPCC never had it.
    expect(isVisibleToOpcc("withdrawn", false)).toBe(false);
  });

  it("bids with the OPCC and approved bids count against a partnership's remaining allocation; drafts, rejections and withdrawals do not", () => {
    expect(COMMITTED_STATUSES).toEqual(["submitted", "under_review", "changes_requested", "approved", "part_approved"]);
    expect(COMMITTED_STATUSES).not.toContain("draft");
    expect(COMMITTED_STATUSES).not.toContain("rejected");
    expect(COMMITTED_STATUSES).not.toContain("withdrawn");
  });
});

describe("status names", () => {
  it("recognises the statuses and nothing else", () => {
    for (const status of BID_STATUSES) expect(isBidStatus(status)).toBe(true);
    for (const value of ["", "Draft", "accepted", "SUBMITTED", " draft"]) expect(isBidStatus(value)).toBe(false);
  });

  it("every status has a label and a tag colour", () => {
    for (const status of BID_STATUSES) {
      expect(STATUS_LABELS[status]).toMatch(/^[A-Z]/);
      expect(STATUS_TAG_COLOURS[status]).toMatch(/^govuk-tag--/);
    }
  });
});
