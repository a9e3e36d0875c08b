import { describe, expect, it } from "vitest";
import {
  OFFER_MAY,
  OFFER_STATUSES,
  OFFER_STATUS_LABELS,
  OFFER_TAG_COLOURS,
  declarationDateProblem,
  extendRefusal,
  newAcceptByProblem,
  offerAfterCorrection,
  offerStatus,
  respondRefusal,
} from "./offer-status";

const offered = { offerStatus: "offered" as const, acceptBy: "2023-08-17", withdrawnAt: null };

describe("a grant offer's status", () => {
  it("is offered up to and including its accept-by date, and lapsed the day after", () => {
    expect(offerStatus(offered, "2023-07-20")).toBe("offered");
    expect(offerStatus(offered, "2023-08-17")).toBe("offered");
    expect(offerStatus(offered, "2023-08-18")).toBe("lapsed");
  });

  it("an accepted or declined offer never lapses", () => {
    expect(offerStatus({ ...offered, offerStatus: "accepted" }, "2026-12-01")).toBe("accepted");
    expect(offerStatus({ ...offered, offerStatus: "declined" }, "2026-12-01")).toBe("declined");
  });

  it("a withdrawn grant has no offer standing, whatever was said to it", () => {
    for (const stored of ["offered", "accepted", "declined"] as const) {
      expect(offerStatus({ ...offered, offerStatus: stored, withdrawnAt: "2023-08-01T10:00:00.000Z" }, "2023-08-02")).toBe("withdrawn");
    }
  });

  it("has a label and a tag colour for every status", () => {
    for (const s of OFFER_STATUSES) {
      expect(OFFER_STATUS_LABELS[s]).toMatch(/^[A-Z]/);
      expect(OFFER_TAG_COLOURS[s]).toMatch(/^govuk-tag--/);
    }
  });
});

describe("what may happen to an offer", () => {
  it("only an offered offer may be accepted or declined; an offered or lapsed one may be extended", () => {
    expect(OFFER_MAY).toEqual({
      offered: { respond: true, extend: true },
      lapsed: { respond: false, extend: true },
      accepted: { respond: false, extend: false },
      declined: { respond: false, extend: false },
      withdrawn: { respond: false, extend: false },
    });
  });

  it("says why an offer cannot be answered", () => {
    expect(respondRefusal(offered, "2023-08-17")).toBeNull();
    expect(respondRefusal(offered, "2023-08-18")).toBe("This offer lapsed: it had to be accepted by 17 August 2023. Ask the OPCC to extend the accept-by date.");
    expect(respondRefusal({ ...offered, offerStatus: "accepted" }, "2023-08-01")).toBe("This offer has already been accepted.");
    expect(respondRefusal({ ...offered, offerStatus: "declined" }, "2023-08-01")).toBe("This offer has been declined.");
    expect(respondRefusal({ ...offered, withdrawnAt: "2023-08-01T10:00:00.000Z" }, "2023-08-01")).toMatch(/withdrawn/);
  });

  it("says why an offer cannot be extended", () => {
    expect(extendRefusal(offered, "2023-08-01")).toBeNull();
    expect(extendRefusal(offered, "2023-09-01")).toBeNull();
    expect(extendRefusal({ ...offered, offerStatus: "accepted" }, "2023-08-01")).toBe("This offer has been accepted: its accept-by date no longer matters.");
    expect(extendRefusal({ ...offered, withdrawnAt: "2023-08-01T10:00:00.000Z" }, "2023-08-01")).toMatch(/withdrawn/);
  });
});

describe("the dates people type", () => {
  it("a declaration is dated today or earlier, and not before the decision", () => {
    expect(declarationDateProblem("2023-07-28", "2023-07-20", "2023-07-28")).toBeNull();
    expect(declarationDateProblem("2023-07-20", "2023-07-20", "2023-07-28")).toBeNull();
    expect(declarationDateProblem("2023-07-29", "2023-07-20", "2023-07-28")).toBe("The date of the declaration must be today or in the past");
    expect(declarationDateProblem("2023-07-19", "2023-07-20", "2023-07-28")).toBe("The date of the declaration cannot be before the PCC decision (20 July 2023)");
  });

  it("a declaration cannot be back-dated more than a fortnight, so a late acceptance reads as late", () => {
    expect(declarationDateProblem("2026-11-17", "2023-10-02", "2026-12-01")).toBeNull();
    expect(declarationDateProblem("2023-10-03", "2023-10-02", "2026-12-01")).toBe("The date of the declaration must be within the last 14 days (on or after 17 November 2026)");
  });

  it("a new accept-by date is today or later and after the current one", () => {
    expect(newAcceptByProblem("2023-09-30", "2023-08-17", "2023-09-01")).toBeNull();
    expect(newAcceptByProblem("2023-09-01", "2023-08-17", "2023-09-01")).toBeNull();
    expect(newAcceptByProblem("2023-08-31", "2023-08-17", "2023-09-01")).toBe("The new accept-by date must be today or in the future");
    expect(newAcceptByProblem("2023-08-17", "2023-08-17", "2023-08-01")).toBe("The new accept-by date must be after the current one (17 August 2023)");
  });
});

describe("what a correcting decision does to the offer", () => {
  it("an accepted offer stays accepted, with its date", () => {
    expect(offerAfterCorrection({ offerStatus: "accepted", acceptBy: "2023-08-17", withdrawn: false }, "2023-09-30")).toEqual({ offerStatus: "accepted", acceptBy: "2023-08-17", freshOffer: false });
  });

  it("a declined offer is offered afresh with the new letter's accept-by date", () => {
    expect(offerAfterCorrection({ offerStatus: "declined", acceptBy: "2023-08-17", withdrawn: false }, "2023-09-30")).toEqual({ offerStatus: "offered", acceptBy: "2023-09-30", freshOffer: true });
  });

  it("a grant reinstated after a withdrawal is offered afresh, even if it had been accepted", () => {
    expect(offerAfterCorrection({ offerStatus: "accepted", acceptBy: "2023-08-17", withdrawn: true }, "2023-09-30")).toEqual({ offerStatus: "offered", acceptBy: "2023-09-30", freshOffer: true });
  });

  it("an offer not yet answered takes the new letter's date, but never loses an extension", () => {
    expect(offerAfterCorrection({ offerStatus: "offered", acceptBy: "2023-08-17", withdrawn: false }, "2023-09-30")).toEqual({ offerStatus: "offered", acceptBy: "2023-09-30", freshOffer: false });
    expect(offerAfterCorrection({ offerStatus: "offered", acceptBy: "2023-12-31", withdrawn: false }, "2023-09-30")).toEqual({ offerStatus: "offered", acceptBy: "2023-12-31", freshOffer: false });
  });
});
