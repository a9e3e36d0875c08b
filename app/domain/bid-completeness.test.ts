import { describe, expect, it } from "vitest";
import {
  BID_SECTIONS,
  isBidSectionKey,
  requestedPence,
  sectionTitle,
  submissionProblems,
  type AllocationPosition,
  type BidForSubmission,
  type StreamRules,
  type SubmissionProblem,
} from "./bid-completeness";

/** A 2023-24 stream that does not span financial years. */
const SINGLE_YEAR: StreamRules = {
  financialYearStartsOn: "2023-04-01",
  financialYearEndsOn: "2024-03-31",
  maySpanYears: false,
  maxDurationMonths: 12,
  matchFundingRequired: false,
};

/** A 2023-24 stream whose projects may run up to 18 months into the next year, with match funding. */
const SPANNING: StreamRules = {
  financialYearStartsOn: "2023-04-01",
  financialYearEndsOn: "2024-03-31",
  maySpanYears: true,
  maxDurationMonths: 18,
  matchFundingRequired: true,
};

const ALLOCATION: AllocationPosition = { allocationPence: 3_100_000, committedElsewherePence: 0 };

/** Melton's Drink Safe bid, complete: £3,035.00 requested, no match funding. */
function completeBid(overrides: Partial<BidForSubmission> = {}): BidForSubmission {
  return {
    title: "Drink Safe",
    summary: "Drink covers and testing strips for licensed premises in Melton Mowbray.",
    need: "Reports of drink spiking rose in 2022-23.",
    activities: "Buy and hand out 10,000 drink covers and 1,000 testing strips.",
    locations: "Melton Mowbray town centre",
    startDate: "2023-10-01",
    endDate: "2024-03-31",
    priorityKinds: ["police_and_crime_plan", "csp"],
    costLines: [{ financialYearStart: 2023 }, { financialYearStart: 2023 }],
    totalCostPence: 303_500,
    matchFundingPence: 0,
    matchFundingLines: 0,
    outcomes: [{ baseline: "12 reports a year", target: "Fewer than 6 reports a year" }],
    risks: [{ mitigation: "Order early from two suppliers" }],
    holdsPersonalData: false,
    dpiaCompleted: null,
    equalityImpact: "Protects women and girls in the night-time economy.",
    ...overrides,
  };
}

/** Melton's Community Safety Officer bid: 18 months, half match-funded by the council. */
function spanningBid(overrides: Partial<BidForSubmission> = {}): BidForSubmission {
  return completeBid({
    title: "Community Safety Officer",
    startDate: "2023-10-01",
    endDate: "2025-03-31",
    costLines: [{ financialYearStart: 2023 }, { financialYearStart: 2024 }],
    totalCostPence: 3_092_400,
    matchFundingPence: 1_546_200,
    matchFundingLines: 1,
    ...overrides,
  });
}

const fields = (problems: SubmissionProblem[]) => problems.map((p) => `${p.section}/${p.field}`);

describe("a complete bid", () => {
  it("a complete single-year bid can be submitted", () => {
    expect(submissionProblems(completeBid(), SINGLE_YEAR, ALLOCATION)).toEqual([]);
  });

  it("a complete 18-month bid with match funding can be submitted to a stream that spans years", () => {
    expect(submissionProblems(spanningBid(), SPANNING, ALLOCATION)).toEqual([]);
  });

  it("a bid that starts on the first day and ends on the last day of the financial year can be submitted", () => {
    expect(submissionProblems(completeBid({ startDate: "2023-04-01", endDate: "2024-03-31" }), SINGLE_YEAR, ALLOCATION)).toEqual([]);
  });

  it("a one-day project (ending the day it starts) can be submitted", () => {
    expect(submissionProblems(completeBid({ startDate: "2023-10-01", endDate: "2023-10-01" }), SINGLE_YEAR, ALLOCATION)).toEqual([]);
  });

  it("an empty bid lists a problem in every section", () => {
    const empty: BidForSubmission = {
      title: "",
      summary: "",
      need: "",
      activities: "",
      locations: "",
      startDate: null,
      endDate: null,
      priorityKinds: [],
      costLines: [],
      totalCostPence: 0,
      matchFundingPence: 0,
      matchFundingLines: 0,
      outcomes: [],
      risks: [],
      holdsPersonalData: null,
      dpiaCompleted: null,
      equalityImpact: "",
    };
    const problems = submissionProblems(empty, SPANNING, ALLOCATION);
    expect(new Set(problems.map((p) => p.section))).toEqual(new Set(BID_SECTIONS.map((s) => s.key)));
    expect(fields(problems)).toEqual([
      "details/title",
      "details/summary",
      "details/need",
      "details/activities",
      "details/locations",
      "details/startDate-day",
      "details/endDate-day",
      "priorities/priorities",
      "costs/costs-0-description",
      "match-funding/match-0-source",
      "outcomes/outcomes-0-measure",
      "risks/risks-0-description",
      "data-protection/holdsPersonalData",
      "data-protection/equalityImpact",
    ]);
  });

  it("every problem names a real section of the bid form", () => {
    const problems = submissionProblems(
      completeBid({ title: "", startDate: null, priorityKinds: [], costLines: [], outcomes: [], risks: [], holdsPersonalData: null }),
      SPANNING,
      null,
    );
    expect(problems.length).toBeGreaterThan(5);
    for (const p of problems) {
      expect(isBidSectionKey(p.section)).toBe(true);
      expect(p.field).not.toBe("");
      expect(p.message).not.toBe("");
    }
  });
});

describe("project details", () => {
  it.each([
    ["title", "Enter a project title"],
    ["summary", "Enter a summary of the project"],
    ["need", "Describe the problem and the evidence of need"],
    ["activities", "Describe what will be done"],
    ["locations", "Enter where the project will take place"],
  ] as const)("a bid without a %s cannot be submitted", (field, message) => {
    expect(submissionProblems(completeBid({ [field]: "" }), SINGLE_YEAR, ALLOCATION)).toEqual([{ section: "details", field, message }]);
  });

  it.each(["title", "summary", "need", "activities", "locations"] as const)(
    "a %s of only spaces and new lines counts as missing",
    (field) => {
      expect(fields(submissionProblems(completeBid({ [field]: "  \n\t " }), SINGLE_YEAR, ALLOCATION))).toEqual([`details/${field}`]);
    },
  );

  it("a bid without a start date cannot be submitted", () => {
    expect(submissionProblems(completeBid({ startDate: null }), SINGLE_YEAR, ALLOCATION)).toEqual([
      { section: "details", field: "startDate-day", message: "Enter the start date" },
    ]);
  });

  it("a bid without an end date cannot be submitted", () => {
    expect(submissionProblems(completeBid({ endDate: null }), SINGLE_YEAR, ALLOCATION)).toEqual([
      { section: "details", field: "endDate-day", message: "Enter the end date" },
    ]);
  });

  it("a bid that ends before it starts cannot be submitted", () => {
    expect(submissionProblems(completeBid({ startDate: "2023-10-01", endDate: "2023-09-30" }), SINGLE_YEAR, ALLOCATION)).toEqual([
      { section: "details", field: "endDate-day", message: "The end date must be the same as or after the start date" },
    ]);
  });

  it("a bid that ends before it starts gets only that date problem, not duration or cost-year problems too", () => {
    const problems = submissionProblems(
      completeBid({ startDate: "2025-01-01", endDate: "2023-04-01", costLines: [{ financialYearStart: 2030 }] }),
      SINGLE_YEAR,
      ALLOCATION,
    );
    expect(fields(problems)).toEqual(["details/endDate-day"]);
  });

  it("a bid that starts before the round's financial year cannot be submitted", () => {
    expect(
      submissionProblems(
        completeBid({ startDate: "2023-03-31", endDate: "2023-12-31", costLines: [{ financialYearStart: 2023 }] }),
        SINGLE_YEAR,
        ALLOCATION,
      ),
    ).toContainEqual({ section: "details", field: "startDate-day", message: "The project must start on or after 1 April 2023" });
  });

  it("a stream that does not span financial years refuses a bid ending after 31 March", () => {
    expect(submissionProblems(completeBid({ endDate: "2024-04-01" }), SINGLE_YEAR, ALLOCATION)).toContainEqual({
      section: "details",
      field: "endDate-day",
      message: "This fund does not span financial years: the project must end by 31 March 2024",
    });
  });

  it("a stream that spans financial years accepts a bid ending after 31 March", () => {
    const problems = submissionProblems(spanningBid({ endDate: "2024-09-30" }), SPANNING, ALLOCATION);
    expect(problems).toEqual([]);
  });

  it("a stream with an 18-month limit accepts an 18-month project", () => {
    expect(submissionProblems(spanningBid({ startDate: "2023-10-01", endDate: "2025-03-31" }), SPANNING, ALLOCATION)).toEqual([]);
  });

  it("a stream with an 18-month limit refuses a 19-month project", () => {
    expect(submissionProblems(spanningBid({ startDate: "2023-10-01", endDate: "2025-04-01" }), SPANNING, ALLOCATION)).toContainEqual({
      section: "details",
      field: "endDate-day",
      message: "The project runs 19 months; this fund allows at most 18",
    });
  });

  it("a project running into a thirteenth month is refused by a 12-month stream", () => {
    const problems = submissionProblems(
      completeBid({ startDate: "2023-04-15", endDate: "2024-04-14" }),
      { ...SINGLE_YEAR, maySpanYears: true },
      ALLOCATION,
    );
    expect(problems.map((p) => p.message)).toContain("The project runs 13 months; this fund allows at most 12");
  });
});

describe("priorities", () => {
  it("a bid that meets no Police and Crime Plan priority cannot be submitted", () => {
    expect(submissionProblems(completeBid({ priorityKinds: ["csp", "statutory"] }), SINGLE_YEAR, ALLOCATION)).toEqual([
      { section: "priorities", field: "priorities", message: "Select at least one Police and Crime Plan priority" },
    ]);
  });

  it("a Police and Crime Plan priority on its own is enough", () => {
    expect(submissionProblems(completeBid({ priorityKinds: ["police_and_crime_plan"] }), SINGLE_YEAR, ALLOCATION)).toEqual([]);
  });
});

describe("costs", () => {
  it("a bid with no cost lines cannot be submitted", () => {
    expect(
      submissionProblems(completeBid({ costLines: [], totalCostPence: 0 }), SINGLE_YEAR, ALLOCATION),
    ).toEqual([{ section: "costs", field: "costs-0-description", message: "Add at least one cost line" }]);
  });

  it("a cost line in a financial year before the project starts cannot be submitted", () => {
    const problems = submissionProblems(
      completeBid({ costLines: [{ financialYearStart: 2023 }, { financialYearStart: 2022 }] }),
      SINGLE_YEAR,
      ALLOCATION,
    );
    expect(problems).toEqual([
      { section: "costs", field: "costs-1-financialYearId", message: "Cost line 2 falls in a financial year outside the project's dates" },
    ]);
  });

  it("a cost line in a financial year after the project ends cannot be submitted", () => {
    const problems = submissionProblems(
      spanningBid({ costLines: [{ financialYearStart: 2023 }, { financialYearStart: 2024 }, { financialYearStart: 2025 }] }),
      SPANNING,
      ALLOCATION,
    );
    expect(problems).toEqual([
      { section: "costs", field: "costs-2-financialYearId", message: "Cost line 3 falls in a financial year outside the project's dates" },
    ]);
  });

  it("a single-year project with a cost line in the next year cannot be submitted", () => {
    const problems = submissionProblems(
      spanningBid({ endDate: "2024-03-31", costLines: [{ financialYearStart: 2023 }, { financialYearStart: 2024 }] }),
      SPANNING,
      ALLOCATION,
    );
    expect(fields(problems)).toEqual(["costs/costs-1-financialYearId"]);
  });

  it("names every cost line that falls outside the project's dates", () => {
    const problems = submissionProblems(
      completeBid({ costLines: [{ financialYearStart: 2021 }, { financialYearStart: 2023 }, { financialYearStart: 2024 }] }),
      SINGLE_YEAR,
      ALLOCATION,
    );
    expect(fields(problems)).toEqual(["costs/costs-0-financialYearId", "costs/costs-2-financialYearId"]);
  });

  it("a project starting in January counts its costs in the financial year that began the April before", () => {
    const problems = submissionProblems(
      completeBid({ startDate: "2024-01-08", endDate: "2024-03-29", costLines: [{ financialYearStart: 2023 }] }),
      SINGLE_YEAR,
      ALLOCATION,
    );
    expect(problems).toEqual([]);
  });

  it("a bid that asks the OPCC for nothing cannot be submitted", () => {
    expect(
      submissionProblems(spanningBid({ totalCostPence: 100_000, matchFundingPence: 100_000 }), SPANNING, ALLOCATION),
    ).toEqual([{ section: "costs", field: "costs-0-description", message: "The amount requested from the OPCC must be more than £0.00" }]);
  });

  it("a bid whose cost lines add up to £0.00 cannot be submitted", () => {
    expect(fields(submissionProblems(completeBid({ totalCostPence: 0 }), SINGLE_YEAR, ALLOCATION))).toEqual([
      "costs/costs-0-description",
    ]);
  });
});

describe("match funding", () => {
  it("a stream that needs match funding refuses a bid without any", () => {
    expect(
      submissionProblems(spanningBid({ matchFundingLines: 0, matchFundingPence: 0 }), SPANNING, { allocationPence: 5_000_000, committedElsewherePence: 0 }),
    ).toEqual([{ section: "match-funding", field: "match-0-source", message: "This fund needs match funding: add at least one source" }]);
  });

  it("a stream that does not need match funding accepts a bid without any", () => {
    expect(submissionProblems(completeBid({ matchFundingLines: 0, matchFundingPence: 0 }), SINGLE_YEAR, ALLOCATION)).toEqual([]);
  });

  it("match funding of more than the total cost cannot be submitted, and the message shows both amounts", () => {
    const problems = submissionProblems(
      completeBid({ totalCostPence: 303_500, matchFundingPence: 303_501, matchFundingLines: 1 }),
      SINGLE_YEAR,
      ALLOCATION,
    );
    expect(problems).toContainEqual({
      section: "match-funding",
      field: "match-0-amount",
      message: "Match funding (£3,035.01) is more than the total cost (£3,035.00)",
    });
    // Nothing would then be asked of the OPCC either.
    expect(fields(problems)).toContain("costs/costs-0-description");
  });

  it("match funding equal to the total cost is not 'more than' it, but leaves nothing to request", () => {
    const problems = submissionProblems(completeBid({ matchFundingPence: 303_500, matchFundingLines: 1 }), SINGLE_YEAR, ALLOCATION);
    expect(fields(problems)).toEqual(["costs/costs-0-description"]);
  });

  it("the amount requested is the total cost less match funding (Melton's officer: £30,924 less £15,462)", () => {
    expect(requestedPence({ totalCostPence: 3_092_400, matchFundingPence: 1_546_200 })).toBe(1_546_200);
    expect(requestedPence({ totalCostPence: 303_500, matchFundingPence: 0 })).toBe(303_500);
  });
});

describe("outcomes", () => {
  it("a bid with no outcomes cannot be submitted", () => {
    expect(submissionProblems(completeBid({ outcomes: [] }), SINGLE_YEAR, ALLOCATION)).toEqual([
      { section: "outcomes", field: "outcomes-0-measure", message: "Add at least one outcome with a baseline and a target" },
    ]);
  });

  it.each([
    [{ baseline: null, target: "6" }],
    [{ baseline: "12", target: null }],
    [{ baseline: "", target: "6" }],
    [{ baseline: "12", target: "" }],
    [{ baseline: null, target: null }],
  ])("an outcome without both a baseline and a target does not count (%j)", (outcome) => {
    expect(fields(submissionProblems(completeBid({ outcomes: [outcome] }), SINGLE_YEAR, ALLOCATION))).toEqual([
      "outcomes/outcomes-0-measure",
    ]);
  });

  it("one complete outcome is enough, even alongside incomplete ones", () => {
    const outcomes = [
      { baseline: null, target: "6" },
      { baseline: "12", target: "6" },
    ];
    expect(submissionProblems(completeBid({ outcomes }), SINGLE_YEAR, ALLOCATION)).toEqual([]);
  });

  it("a baseline of zero, typed as \"0\", counts as a baseline", () => {
    expect(submissionProblems(completeBid({ outcomes: [{ baseline: "0", target: "50" }] }), SINGLE_YEAR, ALLOCATION)).toEqual([]);
  });
});

describe("risks", () => {
  it("a bid with no risks cannot be submitted", () => {
    expect(submissionProblems(completeBid({ risks: [] }), SINGLE_YEAR, ALLOCATION)).toEqual([
      { section: "risks", field: "risks-0-description", message: "Add at least one risk" },
    ]);
  });

  it("each risk without a mitigation is named by its number", () => {
    const risks = [{ mitigation: "Two suppliers" }, { mitigation: "" }, { mitigation: "   " }];
    expect(submissionProblems(completeBid({ risks }), SINGLE_YEAR, ALLOCATION)).toEqual([
      { section: "risks", field: "risks-1-mitigation", message: "Enter a mitigation for risk 2" },
      { section: "risks", field: "risks-2-mitigation", message: "Enter a mitigation for risk 3" },
    ]);
  });
});

describe("data protection and equality", () => {
  it("a bid that does not say whether it holds personal data cannot be submitted", () => {
    expect(submissionProblems(completeBid({ holdsPersonalData: null }), SINGLE_YEAR, ALLOCATION)).toEqual([
      { section: "data-protection", field: "holdsPersonalData", message: "Say whether the project uses CCTV or holds personal data" },
    ]);
  });

  it("a bid that holds personal data must say whether a DPIA has been done", () => {
    expect(submissionProblems(completeBid({ holdsPersonalData: true, dpiaCompleted: null }), SINGLE_YEAR, ALLOCATION)).toEqual([
      {
        section: "data-protection",
        field: "dpiaCompleted",
        message: "Say whether a data protection impact assessment (DPIA) has been done",
      },
    ]);
  });

  it.each([true, false])("a bid that holds personal data and answers the DPIA question (%s) can be submitted", (dpiaCompleted) => {
    expect(submissionProblems(completeBid({ holdsPersonalData: true, dpiaCompleted }), SINGLE_YEAR, ALLOCATION)).toEqual([]);
  });

  it("a bid that holds no personal data is not asked about a DPIA", () => {
    expect(submissionProblems(completeBid({ holdsPersonalData: false, dpiaCompleted: null }), SINGLE_YEAR, ALLOCATION)).toEqual([]);
  });

  it("a bid without an equality impact cannot be submitted", () => {
    expect(submissionProblems(completeBid({ equalityImpact: " " }), SINGLE_YEAR, ALLOCATION)).toEqual([
      { section: "data-protection", field: "equalityImpact", message: "Describe the equality impact" },
    ]);
  });
});

describe("the partnership's allocation", () => {
  it("a bid asking for more than the remaining allocation cannot be submitted, and the message shows the figures as money", () => {
    // Melton: £31,000.00 allocation, £30,227.80 already in its other bids, leaving £772.20.
    const allocation = { allocationPence: 3_100_000, committedElsewherePence: 3_022_780 };
    expect(submissionProblems(completeBid(), SINGLE_YEAR, allocation)).toEqual([
      {
        section: "costs",
        field: "costs-0-description",
        message:
          "The amount requested (£3,035.00) is more than your remaining allocation for this round (£772.20: " +
          "allocation £31,000.00 less £30,227.80 in other submitted bids)",
      },
    ]);
  });

  it("a bid asking for exactly the remaining allocation can be submitted", () => {
    const allocation = { allocationPence: 303_500 + 2_000_000, committedElsewherePence: 2_000_000 };
    expect(submissionProblems(completeBid(), SINGLE_YEAR, allocation)).toEqual([]);
  });

  it("a bid asking for a penny more than the remaining allocation cannot be submitted", () => {
    const allocation = { allocationPence: 303_499, committedElsewherePence: 0 };
    const [problem] = submissionProblems(completeBid(), SINGLE_YEAR, allocation);
    expect(problem.message).toContain("(£3,035.00)");
    expect(problem.message).toContain("(£3,034.99:");
  });

  it("only the amount requested (after match funding) counts against the allocation", () => {
    // £30,924.00 total, £15,462.00 match: £15,462.00 requested fits a £15,462.00 allocation.
    expect(submissionProblems(spanningBid(), SPANNING, { allocationPence: 1_546_200, committedElsewherePence: 0 })).toEqual([]);
  });

  it("when other bids already exceed the allocation, the remaining amount shows as negative", () => {
    const [problem] = submissionProblems(completeBid(), SINGLE_YEAR, { allocationPence: 100_000, committedElsewherePence: 101_230 });
    expect(problem.message).toContain("(−£12.30:");
  });

  it("a partnership with no allocation in the round cannot bid in it", () => {
    expect(submissionProblems(completeBid(), SINGLE_YEAR, null)).toEqual([
      { section: "costs", field: "costs-0-description", message: "Your partnership has no allocation in this round, so it cannot bid in it" },
    ]);
  });

  it("a partnership with a £0.00 allocation cannot ask for anything", () => {
    const problems = submissionProblems(completeBid(), SINGLE_YEAR, { allocationPence: 0, committedElsewherePence: 0 });
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toContain("(£0.00:");
  });
});

describe("bid sections", () => {
  it("lists the seven sections in the order the form shows them", () => {
    expect(BID_SECTIONS.map((s) => s.key)).toEqual(["details", "priorities", "costs", "match-funding", "outcomes", "risks", "data-protection"]);
  });

  it("gives each section its title", () => {
    expect(sectionTitle("details")).toBe("Project details");
    expect(sectionTitle("match-funding")).toBe("Match funding");
    expect(sectionTitle("data-protection")).toBe("Data protection and equality");
  });

  it("recognises section keys from a URL and refuses anything else", () => {
    for (const s of BID_SECTIONS) expect(isBidSectionKey(s.key)).toBe(true);
    for (const value of ["", "Details", "costs ", "match_funding", "review"]) expect(isBidSectionKey(value)).toBe(false);
  });
});

describe("a bid to the round's central fund", () => {
  it("cannot ask for more than is left in the central fund, and the message says so with the figures", () => {
    // A £25,000.00 central fund with £23,000.00 held by other partnerships' bids leaves £2,000.00.
    const central = { fund: "central" as const, allocationPence: 2_500_000, committedElsewherePence: 2_300_000 };
    expect(submissionProblems(completeBid(), SINGLE_YEAR, central)).toEqual([
      {
        section: "costs",
        field: "costs-0-description",
        message:
          "The amount requested (£3,035.00) is more than is left in the round's central fund (£2,000.00: " +
          "central fund £25,000.00 less £23,000.00 in other bids to it)",
      },
    ]);
  });

  it("may ask for all that is left", () => {
    expect(submissionProblems(completeBid(), SINGLE_YEAR, { fund: "central", allocationPence: 303_500, committedElsewherePence: 0 })).toEqual([]);
  });

  it("cannot be submitted in a round whose central fund is now nothing", () => {
    const [problem] = submissionProblems(completeBid(), SINGLE_YEAR, { fund: "central", allocationPence: 0, committedElsewherePence: 0 });
    expect(problem.message).toBe("This round has no central fund, so the bid cannot draw on it");
  });
});
