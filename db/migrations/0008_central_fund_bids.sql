-- Bids may draw on a round's central fund instead of the CSP's allocation. Existing bids drew on
-- their CSP's allocation (the INSERT below was edited by hand: the old table has no fund column).
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_bids` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer NOT NULL,
	`csp_id` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`fund` text DEFAULT 'allocation' NOT NULL,
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
	CONSTRAINT "bids_status_check" CHECK("status" in ('draft','submitted','under_review','changes_requested','approved','part_approved','rejected','withdrawn')),
	CONSTRAINT "bids_version_check" CHECK("__new_bids"."version" >= 1),
	CONSTRAINT "bids_fund_check" CHECK("__new_bids"."fund" in ('allocation', 'central')),
	CONSTRAINT "bids_dates_check" CHECK("__new_bids"."end_date" is null or "__new_bids"."start_date" is null or "__new_bids"."end_date" >= "__new_bids"."start_date")
);
--> statement-breakpoint
INSERT INTO `__new_bids`("id", "round_id", "csp_id", "status", "fund", "version", "title", "summary", "need", "activities", "delivery_partners", "locations", "start_date", "end_date", "holds_personal_data", "dpia_completed", "equality_impact", "created_by", "created_at", "updated_by", "updated_at", "submitted_at") SELECT "id", "round_id", "csp_id", "status", 'allocation', "version", "title", "summary", "need", "activities", "delivery_partners", "locations", "start_date", "end_date", "holds_personal_data", "dpia_completed", "equality_impact", "created_by", "created_at", "updated_by", "updated_at", "submitted_at" FROM `bids`;--> statement-breakpoint
DROP TABLE `bids`;--> statement-breakpoint
ALTER TABLE `__new_bids` RENAME TO `bids`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `bids_csp_round_status_idx` ON `bids` (`csp_id`,`round_id`,`status`);--> statement-breakpoint
CREATE INDEX `bids_round_status_idx` ON `bids` (`round_id`,`status`);--> statement-breakpoint
CREATE INDEX `bids_round_fund_status_idx` ON `bids` (`round_id`,`fund`,`status`);--> statement-breakpoint
CREATE INDEX `bids_status_updated_idx` ON `bids` (`status`,`updated_at`);--> statement-breakpoint
CREATE INDEX `bids_updated_idx` ON `bids` (`updated_at`);