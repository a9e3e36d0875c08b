CREATE TABLE `grant_returns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`grant_id` integer NOT NULL,
	`start_year` integer NOT NULL,
	`quarter` integer NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`due_on` text NOT NULL,
	`status` text DEFAULT 'not_started' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`spend_rag` text,
	`spend_rag_reason` text DEFAULT '' NOT NULL,
	`delivery_rag` text,
	`delivery_rag_reason` text DEFAULT '' NOT NULL,
	`went_well` text DEFAULT '' NOT NULL,
	`did_not_go_well` text DEFAULT '' NOT NULL,
	`next_steps` text DEFAULT '' NOT NULL,
	`certified_by` integer,
	`certified_name` text,
	`certified_role` text,
	`certified_on` text,
	`first_submitted_at` text,
	`submitted_at` text,
	`accepted_at` text,
	`updated_by` integer,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`grant_id`) REFERENCES `grants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`certified_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "grant_returns_quarter_check" CHECK("grant_returns"."quarter" between 1 and 4),
	CONSTRAINT "grant_returns_status_check" CHECK("status" in ('not_started','in_progress','submitted','queried','resubmitted','accepted')),
	CONSTRAINT "grant_returns_version_check" CHECK("grant_returns"."version" >= 1),
	CONSTRAINT "grant_returns_spend_rag_check" CHECK("grant_returns"."spend_rag" is null or "grant_returns"."spend_rag" in ('red','amber','green')),
	CONSTRAINT "grant_returns_delivery_rag_check" CHECK("grant_returns"."delivery_rag" is null or "grant_returns"."delivery_rag" in ('red','amber','green'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `grant_returns_grant_quarter_unique` ON `grant_returns` (`grant_id`,`start_year`,`quarter`);--> statement-breakpoint
CREATE INDEX `grant_returns_status_due_idx` ON `grant_returns` (`status`,`due_on`);--> statement-breakpoint
CREATE INDEX `grant_returns_due_idx` ON `grant_returns` (`due_on`);--> statement-breakpoint
CREATE INDEX `grant_returns_year_idx` ON `grant_returns` (`start_year`,`quarter`);--> statement-breakpoint
CREATE TABLE `return_evidence` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`return_id` integer NOT NULL,
	`stored_name` text NOT NULL,
	`file_name` text NOT NULL,
	`content_type` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`scan` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`uploaded_by` integer NOT NULL,
	`uploaded_at` text NOT NULL,
	`removed_at` text,
	FOREIGN KEY (`return_id`) REFERENCES `grant_returns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "return_evidence_size_check" CHECK("return_evidence"."size_bytes" > 0 and "return_evidence"."size_bytes" <= 10485760),
	CONSTRAINT "return_evidence_scan_check" CHECK("return_evidence"."scan" in ('clean','not_scanned'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `return_evidence_stored_name_unique` ON `return_evidence` (`stored_name`);--> statement-breakpoint
CREATE INDEX `return_evidence_return_idx` ON `return_evidence` (`return_id`,`removed_at`);--> statement-breakpoint
CREATE TABLE `return_forecasts` (
	`return_id` integer NOT NULL,
	`cost_line_id` integer NOT NULL,
	`start_year` integer NOT NULL,
	`quarter` integer NOT NULL,
	`amount_pence` integer NOT NULL,
	PRIMARY KEY(`return_id`, `cost_line_id`, `start_year`, `quarter`),
	FOREIGN KEY (`return_id`) REFERENCES `grant_returns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`cost_line_id`) REFERENCES `bid_cost_lines`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "return_forecasts_quarter_check" CHECK("return_forecasts"."quarter" between 1 and 4),
	CONSTRAINT "return_forecasts_amount_check" CHECK("return_forecasts"."amount_pence" >= 0 and "return_forecasts"."amount_pence" <= 100000000000)
);
--> statement-breakpoint
CREATE TABLE `return_lines` (
	`return_id` integer NOT NULL,
	`cost_line_id` integer NOT NULL,
	`actual_pence` integer,
	`variance_explanation` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`return_id`, `cost_line_id`),
	FOREIGN KEY (`return_id`) REFERENCES `grant_returns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`cost_line_id`) REFERENCES `bid_cost_lines`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "return_lines_actual_check" CHECK("return_lines"."actual_pence" is null or ("return_lines"."actual_pence" >= 0 and "return_lines"."actual_pence" <= 100000000000))
);
--> statement-breakpoint
CREATE INDEX `return_lines_cost_line_idx` ON `return_lines` (`cost_line_id`,`return_id`);--> statement-breakpoint
CREATE TABLE `return_milestones` (
	`return_id` integer NOT NULL,
	`milestone_id` integer NOT NULL,
	`progress` text,
	`comment` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`return_id`, `milestone_id`),
	FOREIGN KEY (`return_id`) REFERENCES `grant_returns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`milestone_id`) REFERENCES `bid_milestones`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "return_milestones_progress_check" CHECK("return_milestones"."progress" is null or "return_milestones"."progress" in ('on_track','at_risk','late','done'))
);
--> statement-breakpoint
CREATE TABLE `return_outcomes` (
	`return_id` integer NOT NULL,
	`outcome_id` integer NOT NULL,
	`actual_to_date` text,
	`comment` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`return_id`, `outcome_id`),
	FOREIGN KEY (`return_id`) REFERENCES `grant_returns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`outcome_id`) REFERENCES `bid_outcomes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `return_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`return_id` integer NOT NULL,
	`action` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`by_user` integer NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`return_id`) REFERENCES `grant_returns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_user`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "return_reviews_action_check" CHECK("return_reviews"."action" in ('accepted','queried','reopened'))
);
--> statement-breakpoint
CREATE INDEX `return_reviews_return_idx` ON `return_reviews` (`return_id`,`at`);--> statement-breakpoint
CREATE TABLE `return_submissions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`return_id` integer NOT NULL,
	`number` integer NOT NULL,
	`submitted_at` text NOT NULL,
	`submitted_by` integer NOT NULL,
	`snapshot` text NOT NULL,
	FOREIGN KEY (`return_id`) REFERENCES `grant_returns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "return_submissions_number_check" CHECK("return_submissions"."number" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `return_submissions_return_number_unique` ON `return_submissions` (`return_id`,`number`);--> statement-breakpoint
CREATE TABLE `grant_recoveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`grant_id` integer NOT NULL,
	`decision_id` integer,
	`amount_pence` integer NOT NULL,
	`reason` text NOT NULL,
	`status` text DEFAULT 'raised' NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`grant_id`) REFERENCES `grants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "grant_recoveries_amount_check" CHECK("grant_recoveries"."amount_pence" > 0)
);
--> statement-breakpoint
CREATE INDEX `grant_recoveries_grant_idx` ON `grant_recoveries` (`grant_id`);--> statement-breakpoint
CREATE TABLE `job_runs` (
	`name` text PRIMARY KEY NOT NULL,
	`last_started_at` text,
	`last_finished_at` text,
	`last_error` text
);
--> statement-breakpoint
CREATE TABLE `payment_hold_releases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`instalment_id` integer NOT NULL,
	`reason` text NOT NULL,
	`released_by` integer NOT NULL,
	`released_at` text NOT NULL,
	FOREIGN KEY (`instalment_id`) REFERENCES `grant_payments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`released_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payment_hold_releases_instalment_idx` ON `payment_hold_releases` (`instalment_id`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`grant_id` integer NOT NULL,
	`instalment_id` integer NOT NULL,
	`paid_on` text NOT NULL,
	`amount_pence` integer NOT NULL,
	`finance_reference` text NOT NULL,
	`recorded_by` integer NOT NULL,
	`recorded_at` text NOT NULL,
	FOREIGN KEY (`grant_id`) REFERENCES `grants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`instalment_id`) REFERENCES `grant_payments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "payments_amount_check" CHECK("payments"."amount_pence" > 0 and "payments"."amount_pence" <= 100000000000)
);
--> statement-breakpoint
CREATE INDEX `payments_grant_idx` ON `payments` (`grant_id`,`paid_on`,`amount_pence`);--> statement-breakpoint
CREATE INDEX `payments_instalment_idx` ON `payments` (`instalment_id`,`amount_pence`);--> statement-breakpoint
CREATE INDEX `payments_paid_on_idx` ON `payments` (`paid_on`);--> statement-breakpoint
CREATE TABLE `return_reminders` (
	`return_id` integer NOT NULL,
	`kind` text NOT NULL,
	`sent_at` text NOT NULL,
	FOREIGN KEY (`return_id`) REFERENCES `grant_returns`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "return_reminders_kind_check" CHECK("return_reminders"."kind" in ('due_soon','overdue'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `return_reminders_unique` ON `return_reminders` (`return_id`,`kind`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_funding_streams` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`may_span_years` integer NOT NULL,
	`max_duration_months` integer NOT NULL,
	`match_funding_required` integer NOT NULL,
	`rubric` text,
	`tolerance_basis_points` integer DEFAULT 1000 NOT NULL,
	`return_due_days` integer DEFAULT 30 NOT NULL,
	`accept_by_days` integer DEFAULT 28 NOT NULL,
	`certification_required` integer DEFAULT false NOT NULL,
	CONSTRAINT "funding_streams_duration_check" CHECK("__new_funding_streams"."max_duration_months" between 1 and 120),
	CONSTRAINT "funding_streams_tolerance_check" CHECK("__new_funding_streams"."tolerance_basis_points" between 0 and 10000),
	CONSTRAINT "funding_streams_return_due_days_check" CHECK("__new_funding_streams"."return_due_days" between 1 and 365),
	CONSTRAINT "funding_streams_accept_by_days_check" CHECK("__new_funding_streams"."accept_by_days" between 1 and 365)
);
--> statement-breakpoint
INSERT INTO `__new_funding_streams`("id", "code", "name", "description", "may_span_years", "max_duration_months", "match_funding_required", "rubric") SELECT "id", "code", "name", "description", "may_span_years", "max_duration_months", "match_funding_required", "rubric" FROM `funding_streams`;--> statement-breakpoint
DROP TABLE `funding_streams`;--> statement-breakpoint
ALTER TABLE `__new_funding_streams` RENAME TO `funding_streams`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `funding_streams_code_unique` ON `funding_streams` (`code`);--> statement-breakpoint
CREATE TABLE `__new_grants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`decision_id` integer NOT NULL,
	`bid_id` integer NOT NULL,
	`csp_id` integer NOT NULL,
	`payment_basis` text NOT NULL,
	`created_at` text NOT NULL,
	`withdrawn_at` text,
	`withdrawn_by_decision_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`offer_status` text DEFAULT 'offered' NOT NULL,
	`accept_by` text NOT NULL,
	`responded_by` integer,
	`responded_at` text,
	`declaration_name` text,
	`declaration_role` text,
	`declaration_date` text,
	`decline_reason` text,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`bid_id`) REFERENCES `bids`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`csp_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`withdrawn_by_decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "grants_payment_basis_check" CHECK("__new_grants"."payment_basis" in ('quarterly_arrears','advance','milestones')),
	CONSTRAINT "grants_offer_status_check" CHECK("__new_grants"."offer_status" in ('offered','accepted','declined'))
);
--> statement-breakpoint
-- Grants made before offers were accepted in the portal: offered, to be accepted by 28 days after their decision.
INSERT INTO `__new_grants`("id", "decision_id", "bid_id", "csp_id", "payment_basis", "created_at", "withdrawn_at", "withdrawn_by_decision_id", "accept_by") SELECT g."id", g."decision_id", g."bid_id", g."csp_id", g."payment_basis", g."created_at", g."withdrawn_at", g."withdrawn_by_decision_id", date(d."decided_on", '+28 days') FROM `grants` g JOIN `decisions` d ON d."id" = g."decision_id";--> statement-breakpoint
DROP TABLE `grants`;--> statement-breakpoint
ALTER TABLE `__new_grants` RENAME TO `grants`;--> statement-breakpoint
CREATE UNIQUE INDEX `grants_decision_unique` ON `grants` (`decision_id`);--> statement-breakpoint
CREATE INDEX `grants_csp_idx` ON `grants` (`csp_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `grants_bid_unique` ON `grants` (`bid_id`);--> statement-breakpoint
CREATE INDEX `grants_offer_idx` ON `grants` (`offer_status`,`accept_by`);