DROP INDEX `grants_bid_idx`;--> statement-breakpoint
ALTER TABLE `grants` ADD `withdrawn_at` text;--> statement-breakpoint
ALTER TABLE `grants` ADD `withdrawn_by_decision_id` integer REFERENCES decisions(id);--> statement-breakpoint
CREATE UNIQUE INDEX `grants_bid_unique` ON `grants` (`bid_id`);--> statement-breakpoint
ALTER TABLE `decisions` ADD `correction_reason` text;--> statement-breakpoint
CREATE UNIQUE INDEX `decisions_supersedes_unique` ON `decisions` (`supersedes_id`);