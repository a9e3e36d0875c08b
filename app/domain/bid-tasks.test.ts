import { describe, expect, it } from "vitest";
import type { SubmissionProblem } from "./bid-completeness";
import { sectionTasks, type BidContent } from "./bid-tasks";

const justStarted: BidContent = {
  title: "Drink Safe",
  summary: "",
  need: "",
  activities: "",
  deliveryPartners: "",
  locations: "",
  startDate: null,
  endDate: null,
  milestones: [],
  priorities: [],
  costLines: [],
  matchFunding: [],
  outcomes: [],
  risks: [],
  holdsPersonalData: null,
  dpiaCompleted: null,
  equalityImpact: "",
};

const problem = (section: SubmissionProblem["section"], message: string): SubmissionProblem => ({ section, field: "x", message });

describe("a draft's task list", () => {
  it("shows a draft with only a title as in progress on its details and not started elsewhere, with the problems found", () => {
    const tasks = sectionTasks(justStarted, [problem("details", "Enter a summary of the project"), problem("costs", "Add at least one cost line")], new Set(), { matchFundingRequired: false });
    expect(tasks.map((t) => [t.title, t.status])).toEqual([
      ["Project details", "In progress"],
      ["Priorities", "Not started"],
      ["Costs", "Not started"],
      ["Match funding", "Not started"],
      ["Outcomes", "Not started"],
      ["Risks", "Not started"],
      ["Data protection and equality", "Not started"],
    ]);
    expect(tasks[0].problems).toEqual(["Enter a summary of the project"]);
    expect(tasks[2].problems).toEqual(["Add at least one cost line"]);
  });

  it("marks a section completed once it is filled in without problems, or saved empty when nothing requires it", () => {
    const tasks = sectionTasks({ ...justStarted, costLines: [{}] }, [], new Set(["match-funding"]), { matchFundingRequired: false });
    expect(tasks.find((t) => t.section === "costs")!.status).toBe("Completed");
    expect(tasks.find((t) => t.section === "match-funding")).toMatchObject({ status: "Completed", optional: true });
  });

  it("keeps a section with problems in progress even when saved", () => {
    const tasks = sectionTasks({ ...justStarted, risks: [{}] }, [problem("risks", "Enter a mitigation for risk 1")], new Set(["risks"]), { matchFundingRequired: true });
    expect(tasks.find((t) => t.section === "risks")).toMatchObject({ status: "In progress", problems: ["Enter a mitigation for risk 1"] });
    expect(tasks.find((t) => t.section === "match-funding")!.optional).toBe(false);
  });
});
