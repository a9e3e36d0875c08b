import { formatPence, formatQuantity, formatUnitPrice, lineTotalPence } from "./money";

/**
 * A bid as submitted, frozen: what a reviewer compares between one submission and the next.
 */
export interface BidSnapshot {
  title: string;
  summary: string;
  need: string;
  activities: string;
  deliveryPartners: string;
  locations: string;
  startDate: string | null;
  endDate: string | null;
  priorities: string[];
  milestones: { when: string; description: string }[];
  costLines: { description: string; quantityHundredths: number; unitPriceTenThousandths: number; expenditureType: string; recurrence: string; financialYearLabel: string }[];
  matchFunding: { source: string; kind: string; amountPence: number }[];
  outcomes: { measure: string; unit: string; baseline: string | null; target: string | null; targetDate: string | null }[];
  risks: { description: string; likelihood: number; impact: number; mitigation: string }[];
  holdsPersonalData: boolean | null;
  dpiaCompleted: boolean | null;
  equalityImpact: string;
  totalCostPence: number;
  matchFundingPence: number;
  requestedPence: number;
}

export interface Change {
  what: string;
  before: string;
  after: string;
}

const FIELDS: [keyof BidSnapshot, string][] = [
  ["title", "Title"],
  ["summary", "Summary"],
  ["need", "The problem and evidence of need"],
  ["activities", "What will be done"],
  ["deliveryPartners", "Delivery partners"],
  ["locations", "Where"],
  ["startDate", "Start date"],
  ["endDate", "End date"],
  ["equalityImpact", "Equality impact"],
];

const show = (v: unknown) => (v === null || v === undefined || v === "" ? "(blank)" : typeof v === "boolean" ? (v ? "Yes" : "No") : String(v));

export const describeCostLine = (l: BidSnapshot["costLines"][number]) =>
  `${l.description}: ${formatQuantity(l.quantityHundredths)} × ${formatUnitPrice(l.unitPriceTenThousandths)} = ${formatPence(lineTotalPence(l.quantityHundredths, l.unitPriceTenThousandths))} (${l.expenditureType}, ${l.recurrence.replace("_", "-")}, ${l.financialYearLabel})`;

/** Lists, compared as sets of their descriptions: what was removed and what was added. */
function listChanges<T>(what: string, before: T[], after: T[], describe: (item: T) => string): Change[] {
  const a = before.map(describe);
  const b = after.map(describe);
  const removed = a.filter((x) => !b.includes(x));
  const added = b.filter((x) => !a.includes(x));
  return [
    ...removed.map((x) => ({ what: `${what} removed`, before: x, after: "" })),
    ...added.map((x) => ({ what: `${what} added`, before: "", after: x })),
  ];
}

/** Every difference between two submissions of a bid, fields first, then lines and totals. */
export function diffSnapshots(before: BidSnapshot, after: BidSnapshot): Change[] {
  const changes: Change[] = [];
  for (const [key, label] of FIELDS) {
    if (before[key] !== after[key]) changes.push({ what: label, before: show(before[key]), after: show(after[key]) });
  }
  changes.push(...listChanges("Priority", before.priorities, after.priorities, (p) => p));
  changes.push(...listChanges("Milestone", before.milestones, after.milestones, (m) => `${m.when}: ${m.description}`));
  changes.push(...listChanges("Cost line", before.costLines, after.costLines, describeCostLine));
  changes.push(...listChanges("Match funding", before.matchFunding, after.matchFunding, (m) => `${m.source} (${m.kind.replace("_", " ")}): ${formatPence(m.amountPence)}`));
  changes.push(...listChanges("Outcome", before.outcomes, after.outcomes, (o) => `${o.measure} (${o.unit}): ${show(o.baseline)} → ${show(o.target)} by ${show(o.targetDate)}`));
  changes.push(...listChanges("Risk", before.risks, after.risks, (r) => `${r.description} (${r.likelihood}×${r.impact}): ${show(r.mitigation)}`));
  if (before.holdsPersonalData !== after.holdsPersonalData) changes.push({ what: "Uses CCTV or personal data", before: show(before.holdsPersonalData), after: show(after.holdsPersonalData) });
  if (before.dpiaCompleted !== after.dpiaCompleted) changes.push({ what: "DPIA done", before: show(before.dpiaCompleted), after: show(after.dpiaCompleted) });
  if (before.requestedPence !== after.requestedPence) changes.push({ what: "Requested from the OPCC", before: formatPence(before.requestedPence), after: formatPence(after.requestedPence) });
  return changes;
}
