CREATE TABLE `organisations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`code` text NOT NULL,
	`accountable_council` text,
	CONSTRAINT "organisations_kind_check" CHECK("organisations"."kind" in ('opcc','csp','partner')),
	CONSTRAINT "organisations_csp_council_check" CHECK("organisations"."kind" <> 'csp' or "organisations"."accountable_council" is not null)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_code_unique` ON `organisations` (`code`);--> statement-breakpoint
CREATE INDEX `organisations_kind_name_idx` ON `organisations` (`kind`,`name`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_token_hash_unique` ON `sessions` (`token_hash`);--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `sign_in_throttle` (
	`email` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`window_started_at` text NOT NULL,
	`locked_until` text,
	CONSTRAINT "sign_in_throttle_failures_check" CHECK("sign_in_throttle"."failures" >= 0)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`organisation_id` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "users_role_check" CHECK("users"."role" in ('csp_lead','opcc_reviewer','finance','admin')),
	CONSTRAINT "users_email_lower_check" CHECK("users"."email" = lower("users"."email"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (lower("email"));--> statement-breakpoint
CREATE INDEX `users_organisation_idx` ON `users` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `allocations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer NOT NULL,
	`csp_id` integer NOT NULL,
	`amount_pence` integer NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`csp_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "allocations_amount_check" CHECK("allocations"."amount_pence" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `allocations_round_csp_unique` ON `allocations` (`round_id`,`csp_id`);--> statement-breakpoint
CREATE INDEX `allocations_csp_idx` ON `allocations` (`csp_id`);--> statement-breakpoint
CREATE TABLE `financial_years` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`label` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	CONSTRAINT "financial_years_status_check" CHECK("financial_years"."status" in ('open','closed')),
	CONSTRAINT "financial_years_dates_check" CHECK("financial_years"."ends_on" > "financial_years"."starts_on")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `financial_years_label_unique` ON `financial_years` (`label`);--> statement-breakpoint
CREATE UNIQUE INDEX `financial_years_starts_on_unique` ON `financial_years` (`starts_on`);--> statement-breakpoint
CREATE TABLE `funding_streams` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`may_span_years` integer NOT NULL,
	`max_duration_months` integer NOT NULL,
	`match_funding_required` integer NOT NULL,
	CONSTRAINT "funding_streams_duration_check" CHECK("funding_streams"."max_duration_months" between 1 and 120)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `funding_streams_code_unique` ON `funding_streams` (`code`);--> statement-breakpoint
CREATE TABLE `priorities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`csp_id` integer,
	`name` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`csp_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "priorities_kind_check" CHECK("priorities"."kind" in ('police_and_crime_plan','csp','statutory')),
	CONSTRAINT "priorities_csp_check" CHECK(("priorities"."kind" = 'csp') = ("priorities"."csp_id" is not null))
);
--> statement-breakpoint
CREATE INDEX `priorities_kind_idx` ON `priorities` (`kind`,`position`);--> statement-breakpoint
CREATE INDEX `priorities_csp_idx` ON `priorities` (`csp_id`);--> statement-breakpoint
CREATE TABLE `rounds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`stream_id` integer NOT NULL,
	`financial_year_id` integer NOT NULL,
	`name` text NOT NULL,
	`opens_on` text NOT NULL,
	`closes_on` text NOT NULL,
	`total_pot_pence` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	FOREIGN KEY (`stream_id`) REFERENCES `funding_streams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`financial_year_id`) REFERENCES `financial_years`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "rounds_pot_check" CHECK("rounds"."total_pot_pence" >= 0),
	CONSTRAINT "rounds_status_check" CHECK("rounds"."status" in ('draft','open','closed')),
	CONSTRAINT "rounds_dates_check" CHECK("rounds"."closes_on" >= "rounds"."opens_on")
);
--> statement-breakpoint
CREATE INDEX `rounds_stream_idx` ON `rounds` (`stream_id`);--> statement-breakpoint
CREATE INDEX `rounds_financial_year_idx` ON `rounds` (`financial_year_id`);--> statement-breakpoint
CREATE INDEX `rounds_status_idx` ON `rounds` (`status`);--> statement-breakpoint
CREATE TABLE `bid_cost_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bid_id` integer NOT NULL,
	`position` integer NOT NULL,
	`description` text NOT NULL,
	`quantity_hundredths` integer NOT NULL,
	`unit_price_ten_thousandths` integer NOT NULL,
	`expenditure_type` text NOT NULL,
	`recurrence` text NOT NULL,
	`financial_year_id` integer NOT NULL,
	FOREIGN KEY (`bid_id`) REFERENCES `bids`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`financial_year_id`) REFERENCES `financial_years`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "bid_cost_lines_quantity_check" CHECK("bid_cost_lines"."quantity_hundredths" > 0 and "bid_cost_lines"."quantity_hundredths" <= 100000000),
	CONSTRAINT "bid_cost_lines_unit_price_check" CHECK("bid_cost_lines"."unit_price_ten_thousandths" >= 0 and "bid_cost_lines"."unit_price_ten_thousandths" <= 100000000000),
	CONSTRAINT "bid_cost_lines_type_check" CHECK("bid_cost_lines"."expenditure_type" in ('capital','revenue')),
	CONSTRAINT "bid_cost_lines_recurrence_check" CHECK("bid_cost_lines"."recurrence" in ('one_off','recurring'))
);
--> statement-breakpoint
CREATE INDEX `bid_cost_lines_bid_idx` ON `bid_cost_lines` (`bid_id`,`position`);--> statement-breakpoint
CREATE INDEX `bid_cost_lines_financial_year_idx` ON `bid_cost_lines` (`financial_year_id`);--> statement-breakpoint
CREATE TABLE `bid_match_funding` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bid_id` integer NOT NULL,
	`position` integer NOT NULL,
	`source` text NOT NULL,
	`kind` text NOT NULL,
	`amount_pence` integer NOT NULL,
	FOREIGN KEY (`bid_id`) REFERENCES `bids`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "bid_match_funding_amount_check" CHECK("bid_match_funding"."amount_pence" > 0 and "bid_match_funding"."amount_pence" <= 100000000000),
	CONSTRAINT "bid_match_funding_kind_check" CHECK("bid_match_funding"."kind" in ('cash','in_kind'))
);
--> statement-breakpoint
CREATE INDEX `bid_match_funding_bid_idx` ON `bid_match_funding` (`bid_id`,`position`);--> statement-breakpoint
CREATE TABLE `bid_milestones` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bid_id` integer NOT NULL,
	`position` integer NOT NULL,
	`financial_year_id` integer NOT NULL,
	`quarter` integer NOT NULL,
	`description` text NOT NULL,
	FOREIGN KEY (`bid_id`) REFERENCES `bids`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`financial_year_id`) REFERENCES `financial_years`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "bid_milestones_quarter_check" CHECK("bid_milestones"."quarter" between 1 and 4)
);
--> statement-breakpoint
CREATE INDEX `bid_milestones_bid_idx` ON `bid_milestones` (`bid_id`,`position`);--> statement-breakpoint
CREATE TABLE `bid_outcomes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bid_id` integer NOT NULL,
	`position` integer NOT NULL,
	`measure` text NOT NULL,
	`unit` text NOT NULL,
	`baseline` text,
	`target` text,
	`target_date` text,
	FOREIGN KEY (`bid_id`) REFERENCES `bids`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `bid_outcomes_bid_idx` ON `bid_outcomes` (`bid_id`,`position`);--> statement-breakpoint
CREATE TABLE `bid_priorities` (
	`bid_id` integer NOT NULL,
	`priority_id` integer NOT NULL,
	PRIMARY KEY(`bid_id`, `priority_id`),
	FOREIGN KEY (`bid_id`) REFERENCES `bids`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`priority_id`) REFERENCES `priorities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `bid_priorities_priority_idx` ON `bid_priorities` (`priority_id`,`bid_id`);--> statement-breakpoint
CREATE TABLE `bid_risks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bid_id` integer NOT NULL,
	`position` integer NOT NULL,
	`description` text NOT NULL,
	`likelihood` integer NOT NULL,
	`impact` integer NOT NULL,
	`mitigation` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`bid_id`) REFERENCES `bids`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "bid_risks_likelihood_check" CHECK("bid_risks"."likelihood" between 1 and 6),
	CONSTRAINT "bid_risks_impact_check" CHECK("bid_risks"."impact" between 1 and 4)
);
--> statement-breakpoint
CREATE INDEX `bid_risks_bid_idx` ON `bid_risks` (`bid_id`,`position`);--> statement-breakpoint
CREATE TABLE `bids` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer NOT NULL,
	`csp_id` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`title` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`need` text DEFAULT '' NOT NULL,
	`activities` text DEFAULT '' NOT NULL,
	`delivery_partners` text DEFAULT '' NOT NULL,
	`locations` text DEFAULT '' NOT NULL,
	`start_date` text,
	`end_date` text,
	`holds_personal_data` integer,
	`dpia_completed` integer,
	`equality_impact` text DEFAULT '' NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_by` integer NOT NULL,
	`updated_at` text NOT NULL,
	`submitted_at` text,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`csp_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "bids_status_check" CHECK("status" in ('draft','submitted','withdrawn')),
	CONSTRAINT "bids_version_check" CHECK("bids"."version" >= 1),
	CONSTRAINT "bids_dates_check" CHECK("bids"."end_date" is null or "bids"."start_date" is null or "bids"."end_date" >= "bids"."start_date")
);
--> statement-breakpoint
CREATE INDEX `bids_csp_round_status_idx` ON `bids` (`csp_id`,`round_id`,`status`);--> statement-breakpoint
CREATE INDEX `bids_round_status_idx` ON `bids` (`round_id`,`status`);--> statement-breakpoint
CREATE INDEX `bids_status_updated_idx` ON `bids` (`status`,`updated_at`);--> statement-breakpoint
CREATE INDEX `bids_updated_idx` ON `bids` (`updated_at`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`user_id` integer,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` integer NOT NULL,
	`bid_id` integer,
	`csp_id` integer,
	`before` text,
	`after` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`csp_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity_type`,`entity_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_bid_idx` ON `audit_log` (`bid_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_user_idx` ON `audit_log` (`user_id`,`id`);