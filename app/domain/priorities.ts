export type PriorityKind = "police_and_crime_plan" | "csp" | "statutory";

export const PRIORITY_KIND_LABELS: Record<PriorityKind, string> = {
  police_and_crime_plan: "Police and Crime Plan priorities",
  csp: "Your partnership's priorities",
  statutory: "Statutory duties",
};

/** The kinds an administrator keeps at /settings/priorities (a partnership's own are kept on its page). */
export const OPCC_PRIORITY_KINDS = ["police_and_crime_plan", "statutory"] as const;
export type OpccPriorityKind = (typeof OPCC_PRIORITY_KINDS)[number];
