export type PriorityKind = "police_and_crime_plan" | "csp" | "statutory";

export const PRIORITY_KIND_LABELS: Record<PriorityKind, string> = {
  police_and_crime_plan: "Police and Crime Plan priorities",
  csp: "Your partnership's priorities",
  statutory: "Statutory duties",
};
