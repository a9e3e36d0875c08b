/** A return's RAG ratings and how each milestone is going; db/schema/returns.ts stores them. Plain values, so pages may import them. */
export const RAGS = ["red", "amber", "green"] as const;
export type Rag = (typeof RAGS)[number];
export const MILESTONE_PROGRESS = ["on_track", "at_risk", "late", "done"] as const;
export type MilestoneProgress = (typeof MILESTONE_PROGRESS)[number];
