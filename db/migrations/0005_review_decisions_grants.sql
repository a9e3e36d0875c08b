CREATE TABLE `formula_indicators` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer NOT NULL,
	`key` text NOT NULL,
	`label` text NOT NULL,
	`weight` real NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "formula_indicators_weight_check" CHECK("formula_indicators"."weight" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `formula_indicators_round_key_unique` ON `formula_indicators` (`round_id`,`key`);--> statement-breakpoint
CREATE TABLE `formula_values` (
	`indicator_id` integer NOT NULL,
	`csp_id` integer NOT NULL,
	`value` real NOT NULL,
	PRIMARY KEY(`indicator_id`, `csp_id`),
	FOREIGN KEY (`indicator_id`) REFERENCES `formula_indicators`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`csp_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "formula_values_value_check" CHECK("formula_values"."value" >= 0)
);
--> statement-breakpoint
CREATE TABLE `bid_submissions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bid_id` integer NOT NULL,
	`number` integer NOT NULL,
	`submitted_at` text NOT NULL,
	`submitted_by` integer NOT NULL,
	`snapshot` text NOT NULL,
	FOREIGN KEY (`bid_id`) REFERENCES `bids`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "bid_submissions_number_check" CHECK("bid_submissions"."number" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bid_submissions_bid_number_unique` ON `bid_submissions` (`bid_id`,`number`);--> statement-breakpoint
CREATE TABLE `review_assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bid_id` integer NOT NULL,
	`reviewer_id` integer NOT NULL,
	`is_lead` integer DEFAULT false NOT NULL,
	`assigned_by` integer NOT NULL,
	`assigned_at` text NOT NULL,
	`conflict` text,
	`conflict_details` text DEFAULT '' NOT NULL,
	`conflict_answered_at` text,
	FOREIGN KEY (`bid_id`) REFERENCES `bids`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "review_assignments_conflict_check" CHECK("review_assignments"."conflict" is null or "review_assignments"."conflict" in ('none','declared'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_assignments_bid_reviewer_unique` ON `review_assignments` (`bid_id`,`reviewer_id`);--> statement-breakpoint
CREATE INDEX `review_assignments_reviewer_idx` ON `review_assignments` (`reviewer_id`,`bid_id`);--> statement-breakpoint
CREATE TABLE `review_comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bid_id` integer NOT NULL,
	`author_id` integer NOT NULL,
	`visibility` text NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`bid_id`) REFERENCES `bids`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "review_comments_visibility_check" CHECK("review_comments"."visibility" in ('internal','shared'))
);
--> statement-breakpoint
CREATE INDEX `review_comments_bid_idx` ON `review_comments` (`bid_id`,`id`);--> statement-breakpoint
CREATE TABLE `review_scores` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bid_id` integer NOT NULL,
	`submission_number` integer NOT NULL,
	`reviewer_id` integer NOT NULL,
	`kind` text NOT NULL,
	`gates` text NOT NULL,
	`scores` text NOT NULL,
	`justifications` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`bid_id`) REFERENCES `bids`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "review_scores_kind_check" CHECK("review_scores"."kind" in ('individual','moderated'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_scores_unique` ON `review_scores` (`bid_id`,`submission_number`,`reviewer_id`,`kind`);--> statement-breakpoint
CREATE TABLE `decision_lines` (
	`decision_id` integer NOT NULL,
	`cost_line_id` integer NOT NULL,
	`approved_pence` integer NOT NULL,
	PRIMARY KEY(`decision_id`, `cost_line_id`),
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cost_line_id`) REFERENCES `bid_cost_lines`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "decision_lines_amount_check" CHECK("decision_lines"."approved_pence" >= 0)
);
--> statement-breakpoint
CREATE TABLE `decision_sequences` (
	`financial_year_id` integer PRIMARY KEY NOT NULL,
	`last_number` integer NOT NULL,
	FOREIGN KEY (`financial_year_id`) REFERENCES `financial_years`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`financial_year_id` integer NOT NULL,
	`sequence` integer NOT NULL,
	`bid_id` integer NOT NULL,
	`outcome` text NOT NULL,
	`decided_on` text NOT NULL,
	`decision_maker` text NOT NULL,
	`lead_officer` text NOT NULL,
	`reasons` text NOT NULL,
	`conditions` text NOT NULL,
	`declaration_of_interests` text NOT NULL,
	`publishable` integer NOT NULL,
	`foi_exemption` text,
	`supersedes_id` integer,
	`recorded_by` integer NOT NULL,
	`recorded_at` text NOT NULL,
	FOREIGN KEY (`financial_year_id`) REFERENCES `financial_years`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`bid_id`) REFERENCES `bids`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "decisions_outcome_check" CHECK("decisions"."outcome" in ('approved','part_approved','rejected')),
	CONSTRAINT "decisions_publishable_check" CHECK("decisions"."publishable" = 1 or "decisions"."foi_exemption" is not null)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `decisions_reference_unique` ON `decisions` (`reference`);--> statement-breakpoint
CREATE UNIQUE INDEX `decisions_year_sequence_unique` ON `decisions` (`financial_year_id`,`sequence`);--> statement-breakpoint
CREATE INDEX `decisions_bid_idx` ON `decisions` (`bid_id`);--> statement-breakpoint
CREATE TABLE `grant_payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`grant_id` integer NOT NULL,
	`due_on` text NOT NULL,
	`label` text NOT NULL,
	`amount_pence` integer NOT NULL,
	FOREIGN KEY (`grant_id`) REFERENCES `grants`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "grant_payments_amount_check" CHECK("grant_payments"."amount_pence" >= 0)
);
--> statement-breakpoint
CREATE INDEX `grant_payments_grant_idx` ON `grant_payments` (`grant_id`,`due_on`);--> statement-breakpoint
CREATE TABLE `grants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`decision_id` integer NOT NULL,
	`bid_id` integer NOT NULL,
	`csp_id` integer NOT NULL,
	`payment_basis` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`bid_id`) REFERENCES `bids`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`csp_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "grants_payment_basis_check" CHECK("grants"."payment_basis" in ('quarterly_arrears','advance','milestones'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `grants_decision_unique` ON `grants` (`decision_id`);--> statement-breakpoint
CREATE INDEX `grants_csp_idx` ON `grants` (`csp_id`);--> statement-breakpoint
CREATE INDEX `grants_bid_idx` ON `grants` (`bid_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`to` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL,
	`sent_at` text,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `outbox_created_idx` ON `outbox` (`created_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `standard_conditions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`text` text NOT NULL,
	`about_repayment` integer DEFAULT false NOT NULL,
	`position` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `standard_conditions_code_unique` ON `standard_conditions` (`code`);--> statement-breakpoint
ALTER TABLE `funding_streams` ADD `rubric` text;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_rounds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`stream_id` integer NOT NULL,
	`financial_year_id` integer NOT NULL,
	`name` text NOT NULL,
	`opens_on` text NOT NULL,
	`closes_on` text NOT NULL,
	`total_pot_pence` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`central_fund_pence` integer DEFAULT 0 NOT NULL,
	`over_programming_basis_points` integer DEFAULT 0 NOT NULL,
	`max_per_csp_pence` integer,
	FOREIGN KEY (`stream_id`) REFERENCES `funding_streams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`financial_year_id`) REFERENCES `financial_years`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "rounds_pot_check" CHECK("__new_rounds"."total_pot_pence" >= 0),
	CONSTRAINT "rounds_status_check" CHECK("__new_rounds"."status" in ('draft','open','closed')),
	CONSTRAINT "rounds_dates_check" CHECK("__new_rounds"."closes_on" >= "__new_rounds"."opens_on"),
	CONSTRAINT "rounds_central_fund_check" CHECK("__new_rounds"."central_fund_pence" >= 0 and "__new_rounds"."central_fund_pence" <= "__new_rounds"."total_pot_pence"),
	CONSTRAINT "rounds_over_programming_check" CHECK("__new_rounds"."over_programming_basis_points" between 0 and 5000)
);
--> statement-breakpoint
-- Edited by hand: drizzle-kit selected the three new columns from the old table, which lacks them.
INSERT INTO `__new_rounds`("id", "stream_id", "financial_year_id", "name", "opens_on", "closes_on", "total_pot_pence", "status") SELECT "id", "stream_id", "financial_year_id", "name", "opens_on", "closes_on", "total_pot_pence", "status" FROM `rounds`;--> statement-breakpoint
DROP TABLE `rounds`;--> statement-breakpoint
ALTER TABLE `__new_rounds` RENAME TO `rounds`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `rounds_stream_idx` ON `rounds` (`stream_id`);--> statement-breakpoint
CREATE INDEX `rounds_financial_year_idx` ON `rounds` (`financial_year_id`);--> statement-breakpoint
CREATE INDEX `rounds_status_idx` ON `rounds` (`status`);