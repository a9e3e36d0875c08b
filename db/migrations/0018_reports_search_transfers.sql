CREATE TABLE `scrutiny_reports` (
	`csp_id` integer NOT NULL,
	`financial_year_id` integer NOT NULL,
	`introduction` text NOT NULL,
	`updated_by` integer NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	PRIMARY KEY(`csp_id`, `financial_year_id`),
	FOREIGN KEY (`csp_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`financial_year_id`) REFERENCES `financial_years`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_grant_variations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`grant_id` integer NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'requested' NOT NULL,
	`financial_year_id` integer NOT NULL,
	`from_cost_line_id` integer,
	`to_cost_line_id` integer,
	`to_grant_id` integer,
	`decision_id` integer,
	`to_decision_id` integer,
	`amount_pence` integer,
	`current_end_date` text,
	`new_end_date` text,
	`reason` text NOT NULL,
	`auto_approved` integer DEFAULT false NOT NULL,
	`requested_by` integer NOT NULL,
	`requested_at` text NOT NULL,
	`decided_by` integer,
	`decided_at` text,
	`decision_reason` text,
	`withdrawn_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`grant_id`) REFERENCES `grants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`financial_year_id`) REFERENCES `financial_years`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`from_cost_line_id`) REFERENCES `bid_cost_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_cost_line_id`) REFERENCES `bid_cost_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_grant_id`) REFERENCES `grants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "grant_variations_kind_check" CHECK("__new_grant_variations"."kind" in ('virement','extension','transfer')),
	CONSTRAINT "grant_variations_status_check" CHECK("__new_grant_variations"."status" in ('requested','approved','refused','withdrawn')),
	CONSTRAINT "grant_variations_shape_check" CHECK(("__new_grant_variations"."kind" = 'virement' and "__new_grant_variations"."from_cost_line_id" is not null and "__new_grant_variations"."to_cost_line_id" is not null and "__new_grant_variations"."from_cost_line_id" <> "__new_grant_variations"."to_cost_line_id" and "__new_grant_variations"."amount_pence" > 0 and "__new_grant_variations"."new_end_date" is null and "__new_grant_variations"."to_grant_id" is null)
       or ("__new_grant_variations"."kind" = 'extension' and "__new_grant_variations"."new_end_date" is not null and "__new_grant_variations"."current_end_date" is not null and "__new_grant_variations"."new_end_date" > "__new_grant_variations"."current_end_date" and "__new_grant_variations"."amount_pence" is null and "__new_grant_variations"."to_grant_id" is null)
       or ("__new_grant_variations"."kind" = 'transfer' and "__new_grant_variations"."from_cost_line_id" is not null and "__new_grant_variations"."amount_pence" > 0 and "__new_grant_variations"."new_end_date" is null
           and (("__new_grant_variations"."to_grant_id" is null and "__new_grant_variations"."to_cost_line_id" is null) or ("__new_grant_variations"."to_grant_id" is not null and "__new_grant_variations"."to_cost_line_id" is not null and "__new_grant_variations"."to_grant_id" <> "__new_grant_variations"."grant_id")))),
	CONSTRAINT "grant_variations_decided_check" CHECK(("__new_grant_variations"."status" in ('approved','refused')) = ("__new_grant_variations"."decided_at" is not null)),
	CONSTRAINT "grant_variations_transfer_decision_check" CHECK("__new_grant_variations"."kind" <> 'transfer' or ("__new_grant_variations"."status" = 'approved') = ("__new_grant_variations"."decision_id" is not null and ("__new_grant_variations"."to_grant_id" is null) = ("__new_grant_variations"."to_decision_id" is null)))
);
--> statement-breakpoint
INSERT INTO `__new_grant_variations`("id", "grant_id", "kind", "status", "financial_year_id", "from_cost_line_id", "to_cost_line_id", "to_grant_id", "decision_id", "to_decision_id", "amount_pence", "current_end_date", "new_end_date", "reason", "auto_approved", "requested_by", "requested_at", "decided_by", "decided_at", "decision_reason", "withdrawn_at", "version") SELECT "id", "grant_id", "kind", "status", "financial_year_id", "from_cost_line_id", "to_cost_line_id", NULL, NULL, NULL, "amount_pence", "current_end_date", "new_end_date", "reason", "auto_approved", "requested_by", "requested_at", "decided_by", "decided_at", "decision_reason", "withdrawn_at", "version" FROM `grant_variations`;--> statement-breakpoint
DROP TABLE `grant_variations`;--> statement-breakpoint
ALTER TABLE `__new_grant_variations` RENAME TO `grant_variations`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `grant_variations_grant_idx` ON `grant_variations` (`grant_id`,`id`);--> statement-breakpoint
CREATE INDEX `grant_variations_status_idx` ON `grant_variations` (`status`,`requested_at`);--> statement-breakpoint
CREATE INDEX `grant_variations_year_idx` ON `grant_variations` (`financial_year_id`,`status`);--> statement-breakpoint
CREATE INDEX `grant_variations_to_grant_idx` ON `grant_variations` (`to_grant_id`);--> statement-breakpoint
ALTER TABLE `organisations` ADD `council_gss_code` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `council_org_id` text;
--> statement-breakpoint
-- The year lock's triggers on grant_variations, made again: rebuilding the table dropped them.
CREATE TRIGGER `grant_variations_year_lock_insert` BEFORE INSERT ON `grant_variations`
WHEN EXISTS (SELECT 1 FROM `financial_years` fy WHERE fy.`id` = NEW.`financial_year_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: grant_variations');
END;
--> statement-breakpoint
CREATE TRIGGER `grant_variations_year_lock_update` BEFORE UPDATE ON `grant_variations`
WHEN (EXISTS (SELECT 1 FROM `financial_years` fy WHERE fy.`id` = OLD.`financial_year_id` AND fy.`status` = 'closed') OR EXISTS (SELECT 1 FROM `financial_years` fy WHERE fy.`id` = NEW.`financial_year_id` AND fy.`status` = 'closed'))
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: grant_variations');
END;
--> statement-breakpoint
CREATE TRIGGER `grant_variations_year_lock_delete` BEFORE DELETE ON `grant_variations`
WHEN EXISTS (SELECT 1 FROM `financial_years` fy WHERE fy.`id` = OLD.`financial_year_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: grant_variations');
END;
--> statement-breakpoint
-- Search (issue 11): one row per bid, rowid = bids.id, holding what a search box finds a bid, its
-- grant or its decisions by. Kept in step with the records by the triggers below, never written by
-- the portal's code.
CREATE VIRTUAL TABLE `search_bids` USING fts5(`title`, `summary`, `refs`, `csp`, `partners`, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO `search_bids` (rowid, `title`, `summary`, `refs`, `csp`, `partners`)
  SELECT b.`id`, b.`title`, b.`summary`, coalesce((SELECT group_concat(d.`reference`, ' ') FROM `decisions` d WHERE d.`bid_id` = b.`id`), ''), o.`name`, b.`delivery_partners`
    FROM `bids` b JOIN `organisations` o ON o.`id` = b.`csp_id`;
--> statement-breakpoint
CREATE TRIGGER `search_bids_after_bid_insert` AFTER INSERT ON `bids`
BEGIN
  DELETE FROM `search_bids` WHERE rowid = NEW.`id`;
  INSERT INTO `search_bids` (rowid, `title`, `summary`, `refs`, `csp`, `partners`)
    SELECT b.`id`, b.`title`, b.`summary`, coalesce((SELECT group_concat(d.`reference`, ' ') FROM `decisions` d WHERE d.`bid_id` = b.`id`), ''), o.`name`, b.`delivery_partners`
      FROM `bids` b JOIN `organisations` o ON o.`id` = b.`csp_id` WHERE b.`id` = NEW.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `search_bids_after_bid_update` AFTER UPDATE OF `title`, `summary`, `delivery_partners`, `csp_id` ON `bids`
BEGIN
  DELETE FROM `search_bids` WHERE rowid = NEW.`id`;
  INSERT INTO `search_bids` (rowid, `title`, `summary`, `refs`, `csp`, `partners`)
    SELECT b.`id`, b.`title`, b.`summary`, coalesce((SELECT group_concat(d.`reference`, ' ') FROM `decisions` d WHERE d.`bid_id` = b.`id`), ''), o.`name`, b.`delivery_partners`
      FROM `bids` b JOIN `organisations` o ON o.`id` = b.`csp_id` WHERE b.`id` = NEW.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `search_bids_after_bid_delete` AFTER DELETE ON `bids`
BEGIN
  DELETE FROM `search_bids` WHERE rowid = OLD.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `search_bids_after_decision_insert` AFTER INSERT ON `decisions`
BEGIN
  DELETE FROM `search_bids` WHERE rowid = NEW.`bid_id`;
  INSERT INTO `search_bids` (rowid, `title`, `summary`, `refs`, `csp`, `partners`)
    SELECT b.`id`, b.`title`, b.`summary`, coalesce((SELECT group_concat(d.`reference`, ' ') FROM `decisions` d WHERE d.`bid_id` = b.`id`), ''), o.`name`, b.`delivery_partners`
      FROM `bids` b JOIN `organisations` o ON o.`id` = b.`csp_id` WHERE b.`id` = NEW.`bid_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `search_bids_after_decision_delete` AFTER DELETE ON `decisions`
BEGIN
  DELETE FROM `search_bids` WHERE rowid = OLD.`bid_id`;
  INSERT INTO `search_bids` (rowid, `title`, `summary`, `refs`, `csp`, `partners`)
    SELECT b.`id`, b.`title`, b.`summary`, coalesce((SELECT group_concat(d.`reference`, ' ') FROM `decisions` d WHERE d.`bid_id` = b.`id`), ''), o.`name`, b.`delivery_partners`
      FROM `bids` b JOIN `organisations` o ON o.`id` = b.`csp_id` WHERE b.`id` = OLD.`bid_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `search_bids_after_csp_rename` AFTER UPDATE OF `name` ON `organisations`
BEGIN
  UPDATE `search_bids` SET `csp` = NEW.`name` WHERE rowid IN (SELECT `id` FROM `bids` WHERE `csp_id` = NEW.`id`);
END;
