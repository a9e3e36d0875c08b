import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { bids } from "./bids";
import { users } from "./users";

/**
 * Every submission of a bid, kept whole and never changed, so a reviewer can see what changed
 * between one submission and the next.
 */
export const bidSubmissions = sqliteTable(
  "bid_submissions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    bidId: integer("bid_id")
      .notNull()
      .references(() => bids.id),
    number: integer("number").notNull(),
    submittedAt: text("submitted_at").notNull(),
    submittedBy: integer("submitted_by")
      .notNull()
      .references(() => users.id),
    /** The bid as submitted: every section, as JSON. */
    snapshot: text("snapshot", { mode: "json" }).notNull(),
  },
  (t) => [uniqueIndex("bid_submissions_bid_number_unique").on(t.bidId, t.number), check("bid_submissions_number_check", sql`${t.number} >= 1`)],
);

export const CONFLICT_ANSWERS = ["none", "declared"] as const;

/** A reviewer assigned to a bid. They declare any conflict of interest before scoring. */
export const reviewAssignments = sqliteTable(
  "review_assignments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    bidId: integer("bid_id")
      .notNull()
      .references(() => bids.id),
    reviewerId: integer("reviewer_id")
      .notNull()
      .references(() => users.id),
    isLead: integer("is_lead", { mode: "boolean" }).notNull().default(false),
    assignedBy: integer("assigned_by")
      .notNull()
      .references(() => users.id),
    assignedAt: text("assigned_at").notNull(),
    /** null until the reviewer answers; "declared" bars them from scoring. */
    conflict: text("conflict", { enum: CONFLICT_ANSWERS }),
    conflictDetails: text("conflict_details").notNull().default(""),
    conflictAnsweredAt: text("conflict_answered_at"),
  },
  (t) => [
    uniqueIndex("review_assignments_bid_reviewer_unique").on(t.bidId, t.reviewerId),
    index("review_assignments_reviewer_idx").on(t.reviewerId, t.bidId),
    check("review_assignments_conflict_check", sql`${t.conflict} is null or ${t.conflict} in ('none','declared')`),
  ],
);

export const SCORE_KINDS = ["individual", "moderated"] as const;

/** One reviewer's score sheet for one submission, or the lead reviewer's moderated score. */
export const reviewScores = sqliteTable(
  "review_scores",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    bidId: integer("bid_id")
      .notNull()
      .references(() => bids.id),
    submissionNumber: integer("submission_number").notNull(),
    reviewerId: integer("reviewer_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", { enum: SCORE_KINDS }).notNull(),
    /** { gateKey: true|false } */
    gates: text("gates", { mode: "json" }).$type<Record<string, boolean>>().notNull(),
    /** { criterionKey: 0–5 } */
    scores: text("scores", { mode: "json" }).$type<Record<string, number>>().notNull(),
    /** { criterionKey: why } */
    justifications: text("justifications", { mode: "json" }).$type<Record<string, string>>().notNull(),
    /**
     * The rubric the sheet was scored against, so a score reads the same after the stream's rubric
     * changes. Null only for sheets scored before rubrics could change: the default rubric.
     */
    rubric: text("rubric", { mode: "json" }),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("review_scores_unique").on(t.bidId, t.submissionNumber, t.reviewerId, t.kind),
    check("review_scores_kind_check", sql`${t.kind} in ('individual','moderated')`),
  ],
);

export const COMMENT_VISIBILITIES = ["internal", "shared"] as const;

/** Reviewers' comments: internal to the OPCC, or shared with the CSP (shared ones go back with a change request). */
export const reviewComments = sqliteTable(
  "review_comments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    bidId: integer("bid_id")
      .notNull()
      .references(() => bids.id),
    authorId: integer("author_id")
      .notNull()
      .references(() => users.id),
    visibility: text("visibility", { enum: COMMENT_VISIBILITIES }).notNull(),
    body: text("body").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("review_comments_bid_idx").on(t.bidId, t.id), check("review_comments_visibility_check", sql`${t.visibility} in ('internal','shared')`)],
);
