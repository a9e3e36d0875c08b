CREATE TABLE `grant_underspends` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`grant_id` integer NOT NULL,
	`financial_year_id` integer NOT NULL,
	`outcome` text NOT NULL,
	`amount_pence` integer NOT NULL,
	`reason` text NOT NULL,
	`to_financial_year_id` integer,
	`decision_id` integer,
	`recorded_by` integer NOT NULL,
	`recorded_at` text NOT NULL,
	FOREIGN KEY (`grant_id`) REFERENCES `grants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`financial_year_id`) REFERENCES `financial_years`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_financial_year_id`) REFERENCES `financial_years`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "grant_underspends_amount_check" CHECK("grant_underspends"."amount_pence" > 0),
	CONSTRAINT "grant_underspends_outcome_check" CHECK("grant_underspends"."outcome" in ('returned','carried_forward','reallocated')),
	CONSTRAINT "grant_underspends_carry_check" CHECK(("grant_underspends"."outcome" = 'carried_forward') = ("grant_underspends"."to_financial_year_id" is not null))
);
--> statement-breakpoint
CREATE INDEX `grant_underspends_grant_idx` ON `grant_underspends` (`grant_id`,`financial_year_id`,`outcome`,`amount_pence`);--> statement-breakpoint
CREATE INDEX `grant_underspends_year_idx` ON `grant_underspends` (`financial_year_id`,`outcome`);--> statement-breakpoint
CREATE TABLE `grant_line_adjustments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`grant_id` integer NOT NULL,
	`cost_line_id` integer NOT NULL,
	`delta_pence` integer NOT NULL,
	`variation_id` integer,
	`underspend_id` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`grant_id`) REFERENCES `grants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cost_line_id`) REFERENCES `bid_cost_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`variation_id`) REFERENCES `grant_variations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`underspend_id`) REFERENCES `grant_underspends`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "grant_line_adjustments_delta_check" CHECK("grant_line_adjustments"."delta_pence" <> 0),
	CONSTRAINT "grant_line_adjustments_source_check" CHECK(("grant_line_adjustments"."variation_id" is null) <> ("grant_line_adjustments"."underspend_id" is null))
);
--> statement-breakpoint
CREATE INDEX `grant_line_adjustments_line_idx` ON `grant_line_adjustments` (`grant_id`,`cost_line_id`,`delta_pence`);--> statement-breakpoint
CREATE INDEX `grant_line_adjustments_variation_idx` ON `grant_line_adjustments` (`variation_id`);--> statement-breakpoint
CREATE INDEX `grant_line_adjustments_underspend_idx` ON `grant_line_adjustments` (`underspend_id`);--> statement-breakpoint
CREATE TABLE `grant_variations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`grant_id` integer NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'requested' NOT NULL,
	`financial_year_id` integer NOT NULL,
	`from_cost_line_id` integer,
	`to_cost_line_id` integer,
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
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "grant_variations_kind_check" CHECK("grant_variations"."kind" in ('virement','extension')),
	CONSTRAINT "grant_variations_status_check" CHECK("grant_variations"."status" in ('requested','approved','refused','withdrawn')),
	CONSTRAINT "grant_variations_shape_check" CHECK(("grant_variations"."kind" = 'virement' and "grant_variations"."from_cost_line_id" is not null and "grant_variations"."to_cost_line_id" is not null and "grant_variations"."from_cost_line_id" <> "grant_variations"."to_cost_line_id" and "grant_variations"."amount_pence" > 0 and "grant_variations"."new_end_date" is null)
       or ("grant_variations"."kind" = 'extension' and "grant_variations"."new_end_date" is not null and "grant_variations"."current_end_date" is not null and "grant_variations"."new_end_date" > "grant_variations"."current_end_date" and "grant_variations"."amount_pence" is null)),
	CONSTRAINT "grant_variations_decided_check" CHECK(("grant_variations"."status" in ('approved','refused')) = ("grant_variations"."decided_at" is not null))
);
--> statement-breakpoint
CREATE INDEX `grant_variations_grant_idx` ON `grant_variations` (`grant_id`,`id`);--> statement-breakpoint
CREATE INDEX `grant_variations_status_idx` ON `grant_variations` (`status`,`requested_at`);--> statement-breakpoint
CREATE INDEX `grant_variations_year_idx` ON `grant_variations` (`financial_year_id`,`status`);--> statement-breakpoint
CREATE TABLE `financial_year_closures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`financial_year_id` integer NOT NULL,
	`closed_by` integer NOT NULL,
	`closed_at` text NOT NULL,
	`reopened_by` integer,
	`reopened_at` text,
	`reopen_reason` text,
	FOREIGN KEY (`financial_year_id`) REFERENCES `financial_years`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reopened_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "financial_year_closures_reopen_check" CHECK(("financial_year_closures"."reopened_at" is null) = ("financial_year_closures"."reopen_reason" is null))
);
--> statement-breakpoint
CREATE INDEX `financial_year_closures_year_idx` ON `financial_year_closures` (`financial_year_id`,`id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_grant_recoveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`grant_id` integer NOT NULL,
	`decision_id` integer,
	`financial_year_id` integer NOT NULL,
	`underspend_id` integer,
	`amount_pence` integer NOT NULL,
	`reason` text NOT NULL,
	`status` text DEFAULT 'raised' NOT NULL,
	`created_at` text NOT NULL,
	`created_by` integer,
	`invoice_reference` text,
	`invoiced_on` text,
	`invoiced_by` integer,
	`received_on` text,
	`received_by` integer,
	`waived_reason` text,
	`waived_decision_reference` text,
	`waived_by` integer,
	`waived_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`grant_id`) REFERENCES `grants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`financial_year_id`) REFERENCES `financial_years`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`underspend_id`) REFERENCES `grant_underspends`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invoiced_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`received_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`waived_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "grant_recoveries_amount_check" CHECK("__new_grant_recoveries"."amount_pence" > 0),
	CONSTRAINT "grant_recoveries_status_check" CHECK("__new_grant_recoveries"."status" in ('raised','invoiced','received','waived')),
	CONSTRAINT "grant_recoveries_invoice_check" CHECK("__new_grant_recoveries"."status" not in ('invoiced','received') or "__new_grant_recoveries"."invoice_reference" is not null),
	CONSTRAINT "grant_recoveries_received_check" CHECK(("__new_grant_recoveries"."status" = 'received') = ("__new_grant_recoveries"."received_on" is not null)),
	CONSTRAINT "grant_recoveries_waived_check" CHECK(("__new_grant_recoveries"."status" = 'waived') = ("__new_grant_recoveries"."waived_reason" is not null))
);
--> statement-breakpoint
INSERT INTO `__new_grant_recoveries`("id", "grant_id", "decision_id", "financial_year_id", "amount_pence", "reason", "status", "created_at", "version") SELECT x."id", x."grant_id", x."decision_id", (select r."financial_year_id" from `grants` g join `bids` b on b."id" = g."bid_id" join `rounds` r on r."id" = b."round_id" where g."id" = x."grant_id"), x."amount_pence", x."reason", x."status", x."created_at", 1 FROM `grant_recoveries` x;--> statement-breakpoint
DROP TABLE `grant_recoveries`;--> statement-breakpoint
ALTER TABLE `__new_grant_recoveries` RENAME TO `grant_recoveries`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `grant_recoveries_grant_idx` ON `grant_recoveries` (`grant_id`,`status`,`amount_pence`);--> statement-breakpoint
CREATE INDEX `grant_recoveries_year_idx` ON `grant_recoveries` (`financial_year_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `grant_recoveries_underspend_unique` ON `grant_recoveries` (`underspend_id`);--> statement-breakpoint
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
	`virement_cap_pence` integer DEFAULT 500000 NOT NULL,
	CONSTRAINT "funding_streams_duration_check" CHECK("__new_funding_streams"."max_duration_months" between 1 and 120),
	CONSTRAINT "funding_streams_tolerance_check" CHECK("__new_funding_streams"."tolerance_basis_points" between 0 and 10000),
	CONSTRAINT "funding_streams_return_due_days_check" CHECK("__new_funding_streams"."return_due_days" between 1 and 365),
	CONSTRAINT "funding_streams_accept_by_days_check" CHECK("__new_funding_streams"."accept_by_days" between 1 and 365),
	CONSTRAINT "funding_streams_virement_cap_check" CHECK("__new_funding_streams"."virement_cap_pence" between 0 and 100000000000)
);
--> statement-breakpoint
INSERT INTO `__new_funding_streams`("id", "code", "name", "description", "may_span_years", "max_duration_months", "match_funding_required", "rubric", "tolerance_basis_points", "return_due_days", "accept_by_days", "certification_required", "virement_cap_pence") SELECT "id", "code", "name", "description", "may_span_years", "max_duration_months", "match_funding_required", "rubric", "tolerance_basis_points", "return_due_days", "accept_by_days", "certification_required", 500000 FROM `funding_streams`;--> statement-breakpoint
DROP TABLE `funding_streams`;--> statement-breakpoint
ALTER TABLE `__new_funding_streams` RENAME TO `funding_streams`;--> statement-breakpoint
CREATE UNIQUE INDEX `funding_streams_code_unique` ON `funding_streams` (`code`);--> statement-breakpoint
ALTER TABLE `grants` ADD `extended_to` text;--> statement-breakpoint
-- The year lock's last guard (decision record 022): the data layer refuses a change to a closed
-- financial year with a message; these refuse it in the database, whatever wrote it.
CREATE TRIGGER `grant_returns_year_lock_insert` BEFORE INSERT ON `grant_returns`
WHEN EXISTS (SELECT 1 FROM `financial_years` fy WHERE fy.`starts_on` = printf('%04d-04-01', NEW.`start_year`) AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: grant_returns');
END;
--> statement-breakpoint
CREATE TRIGGER `grant_returns_year_lock_update` BEFORE UPDATE ON `grant_returns`
WHEN (EXISTS (SELECT 1 FROM `financial_years` fy WHERE fy.`starts_on` = printf('%04d-04-01', OLD.`start_year`) AND fy.`status` = 'closed') OR EXISTS (SELECT 1 FROM `financial_years` fy WHERE fy.`starts_on` = printf('%04d-04-01', NEW.`start_year`) AND fy.`status` = 'closed'))
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: grant_returns');
END;
--> statement-breakpoint
CREATE TRIGGER `grant_returns_year_lock_delete` BEFORE DELETE ON `grant_returns`
WHEN EXISTS (SELECT 1 FROM `financial_years` fy WHERE fy.`starts_on` = printf('%04d-04-01', OLD.`start_year`) AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: grant_returns');
END;
--> statement-breakpoint
CREATE TRIGGER `return_lines_year_lock_insert` BEFORE INSERT ON `return_lines`
WHEN EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = NEW.`return_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: return_lines');
END;
--> statement-breakpoint
CREATE TRIGGER `return_lines_year_lock_update` BEFORE UPDATE ON `return_lines`
WHEN (EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = OLD.`return_id` AND fy.`status` = 'closed') OR EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = NEW.`return_id` AND fy.`status` = 'closed'))
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: return_lines');
END;
--> statement-breakpoint
CREATE TRIGGER `return_lines_year_lock_delete` BEFORE DELETE ON `return_lines`
WHEN EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = OLD.`return_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: return_lines');
END;
--> statement-breakpoint
CREATE TRIGGER `return_forecasts_year_lock_insert` BEFORE INSERT ON `return_forecasts`
WHEN EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = NEW.`return_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: return_forecasts');
END;
--> statement-breakpoint
CREATE TRIGGER `return_forecasts_year_lock_update` BEFORE UPDATE ON `return_forecasts`
WHEN (EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = OLD.`return_id` AND fy.`status` = 'closed') OR EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = NEW.`return_id` AND fy.`status` = 'closed'))
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: return_forecasts');
END;
--> statement-breakpoint
CREATE TRIGGER `return_forecasts_year_lock_delete` BEFORE DELETE ON `return_forecasts`
WHEN EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = OLD.`return_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: return_forecasts');
END;
--> statement-breakpoint
CREATE TRIGGER `return_outcomes_year_lock_insert` BEFORE INSERT ON `return_outcomes`
WHEN EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = NEW.`return_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: return_outcomes');
END;
--> statement-breakpoint
CREATE TRIGGER `return_outcomes_year_lock_update` BEFORE UPDATE ON `return_outcomes`
WHEN (EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = OLD.`return_id` AND fy.`status` = 'closed') OR EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = NEW.`return_id` AND fy.`status` = 'closed'))
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: return_outcomes');
END;
--> statement-breakpoint
CREATE TRIGGER `return_outcomes_year_lock_delete` BEFORE DELETE ON `return_outcomes`
WHEN EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = OLD.`return_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: return_outcomes');
END;
--> statement-breakpoint
CREATE TRIGGER `return_milestones_year_lock_insert` BEFORE INSERT ON `return_milestones`
WHEN EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = NEW.`return_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: return_milestones');
END;
--> statement-breakpoint
CREATE TRIGGER `return_milestones_year_lock_update` BEFORE UPDATE ON `return_milestones`
WHEN (EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = OLD.`return_id` AND fy.`status` = 'closed') OR EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = NEW.`return_id` AND fy.`status` = 'closed'))
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: return_milestones');
END;
--> statement-breakpoint
CREATE TRIGGER `return_milestones_year_lock_delete` BEFORE DELETE ON `return_milestones`
WHEN EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = OLD.`return_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: return_milestones');
END;
--> statement-breakpoint
CREATE TRIGGER `return_submissions_year_lock_insert` BEFORE INSERT ON `return_submissions`
WHEN EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = NEW.`return_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: return_submissions');
END;
--> statement-breakpoint
CREATE TRIGGER `return_submissions_year_lock_update` BEFORE UPDATE ON `return_submissions`
WHEN (EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = OLD.`return_id` AND fy.`status` = 'closed') OR EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = NEW.`return_id` AND fy.`status` = 'closed'))
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: return_submissions');
END;
--> statement-breakpoint
CREATE TRIGGER `return_submissions_year_lock_delete` BEFORE DELETE ON `return_submissions`
WHEN EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = OLD.`return_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: return_submissions');
END;
--> statement-breakpoint
CREATE TRIGGER `return_reviews_year_lock_insert` BEFORE INSERT ON `return_reviews`
WHEN EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = NEW.`return_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: return_reviews');
END;
--> statement-breakpoint
CREATE TRIGGER `return_reviews_year_lock_update` BEFORE UPDATE ON `return_reviews`
WHEN (EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = OLD.`return_id` AND fy.`status` = 'closed') OR EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = NEW.`return_id` AND fy.`status` = 'closed'))
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: return_reviews');
END;
--> statement-breakpoint
CREATE TRIGGER `return_reviews_year_lock_delete` BEFORE DELETE ON `return_reviews`
WHEN EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = OLD.`return_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: return_reviews');
END;
--> statement-breakpoint
CREATE TRIGGER `return_evidence_year_lock_insert` BEFORE INSERT ON `return_evidence`
WHEN EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = NEW.`return_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: return_evidence');
END;
--> statement-breakpoint
CREATE TRIGGER `return_evidence_year_lock_update` BEFORE UPDATE ON `return_evidence`
WHEN (EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = OLD.`return_id` AND fy.`status` = 'closed') OR EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = NEW.`return_id` AND fy.`status` = 'closed'))
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: return_evidence');
END;
--> statement-breakpoint
CREATE TRIGGER `return_evidence_year_lock_delete` BEFORE DELETE ON `return_evidence`
WHEN EXISTS (SELECT 1 FROM `grant_returns` gr JOIN `financial_years` fy ON fy.`starts_on` = printf('%04d-04-01', gr.`start_year`) WHERE gr.`id` = OLD.`return_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: return_evidence');
END;
--> statement-breakpoint
CREATE TRIGGER `payments_year_lock_insert` BEFORE INSERT ON `payments`
WHEN EXISTS (SELECT 1 FROM `financial_years` fy WHERE NEW.`paid_on` BETWEEN fy.`starts_on` AND fy.`ends_on` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: payments');
END;
--> statement-breakpoint
CREATE TRIGGER `payments_year_lock_update` BEFORE UPDATE ON `payments`
WHEN (EXISTS (SELECT 1 FROM `financial_years` fy WHERE OLD.`paid_on` BETWEEN fy.`starts_on` AND fy.`ends_on` AND fy.`status` = 'closed') OR EXISTS (SELECT 1 FROM `financial_years` fy WHERE NEW.`paid_on` BETWEEN fy.`starts_on` AND fy.`ends_on` AND fy.`status` = 'closed'))
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: payments');
END;
--> statement-breakpoint
CREATE TRIGGER `payments_year_lock_delete` BEFORE DELETE ON `payments`
WHEN EXISTS (SELECT 1 FROM `financial_years` fy WHERE OLD.`paid_on` BETWEEN fy.`starts_on` AND fy.`ends_on` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: payments');
END;
--> statement-breakpoint
CREATE TRIGGER `grant_payments_year_lock_insert` BEFORE INSERT ON `grant_payments`
WHEN EXISTS (SELECT 1 FROM `financial_years` fy WHERE NEW.`due_on` BETWEEN fy.`starts_on` AND fy.`ends_on` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: grant_payments');
END;
--> statement-breakpoint
CREATE TRIGGER `grant_payments_year_lock_update` BEFORE UPDATE ON `grant_payments`
WHEN (EXISTS (SELECT 1 FROM `financial_years` fy WHERE OLD.`due_on` BETWEEN fy.`starts_on` AND fy.`ends_on` AND fy.`status` = 'closed') OR EXISTS (SELECT 1 FROM `financial_years` fy WHERE NEW.`due_on` BETWEEN fy.`starts_on` AND fy.`ends_on` AND fy.`status` = 'closed'))
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: grant_payments');
END;
--> statement-breakpoint
CREATE TRIGGER `grant_payments_year_lock_delete` BEFORE DELETE ON `grant_payments`
WHEN EXISTS (SELECT 1 FROM `financial_years` fy WHERE OLD.`due_on` BETWEEN fy.`starts_on` AND fy.`ends_on` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: grant_payments');
END;
--> statement-breakpoint
CREATE TRIGGER `payment_hold_releases_year_lock_insert` BEFORE INSERT ON `payment_hold_releases`
WHEN EXISTS (SELECT 1 FROM `grant_payments` gp JOIN `financial_years` fy ON gp.`due_on` BETWEEN fy.`starts_on` AND fy.`ends_on` WHERE gp.`id` = NEW.`instalment_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: payment_hold_releases');
END;
--> statement-breakpoint
CREATE TRIGGER `payment_hold_releases_year_lock_update` BEFORE UPDATE ON `payment_hold_releases`
WHEN (EXISTS (SELECT 1 FROM `grant_payments` gp JOIN `financial_years` fy ON gp.`due_on` BETWEEN fy.`starts_on` AND fy.`ends_on` WHERE gp.`id` = OLD.`instalment_id` AND fy.`status` = 'closed') OR EXISTS (SELECT 1 FROM `grant_payments` gp JOIN `financial_years` fy ON gp.`due_on` BETWEEN fy.`starts_on` AND fy.`ends_on` WHERE gp.`id` = NEW.`instalment_id` AND fy.`status` = 'closed'))
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: payment_hold_releases');
END;
--> statement-breakpoint
CREATE TRIGGER `payment_hold_releases_year_lock_delete` BEFORE DELETE ON `payment_hold_releases`
WHEN EXISTS (SELECT 1 FROM `grant_payments` gp JOIN `financial_years` fy ON gp.`due_on` BETWEEN fy.`starts_on` AND fy.`ends_on` WHERE gp.`id` = OLD.`instalment_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: payment_hold_releases');
END;
--> statement-breakpoint
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
CREATE TRIGGER `grant_line_adjustments_year_lock_insert` BEFORE INSERT ON `grant_line_adjustments`
WHEN EXISTS (SELECT 1 FROM `bid_cost_lines` l JOIN `financial_years` fy ON fy.`id` = l.`financial_year_id` WHERE l.`id` = NEW.`cost_line_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: grant_line_adjustments');
END;
--> statement-breakpoint
CREATE TRIGGER `grant_line_adjustments_year_lock_update` BEFORE UPDATE ON `grant_line_adjustments`
WHEN (EXISTS (SELECT 1 FROM `bid_cost_lines` l JOIN `financial_years` fy ON fy.`id` = l.`financial_year_id` WHERE l.`id` = OLD.`cost_line_id` AND fy.`status` = 'closed') OR EXISTS (SELECT 1 FROM `bid_cost_lines` l JOIN `financial_years` fy ON fy.`id` = l.`financial_year_id` WHERE l.`id` = NEW.`cost_line_id` AND fy.`status` = 'closed'))
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: grant_line_adjustments');
END;
--> statement-breakpoint
CREATE TRIGGER `grant_line_adjustments_year_lock_delete` BEFORE DELETE ON `grant_line_adjustments`
WHEN EXISTS (SELECT 1 FROM `bid_cost_lines` l JOIN `financial_years` fy ON fy.`id` = l.`financial_year_id` WHERE l.`id` = OLD.`cost_line_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: grant_line_adjustments');
END;
--> statement-breakpoint
CREATE TRIGGER `grant_underspends_year_lock_insert` BEFORE INSERT ON `grant_underspends`
WHEN EXISTS (SELECT 1 FROM `financial_years` fy WHERE fy.`id` = NEW.`financial_year_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: grant_underspends');
END;
--> statement-breakpoint
CREATE TRIGGER `grant_underspends_year_lock_update` BEFORE UPDATE ON `grant_underspends`
WHEN (EXISTS (SELECT 1 FROM `financial_years` fy WHERE fy.`id` = OLD.`financial_year_id` AND fy.`status` = 'closed') OR EXISTS (SELECT 1 FROM `financial_years` fy WHERE fy.`id` = NEW.`financial_year_id` AND fy.`status` = 'closed'))
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: grant_underspends');
END;
--> statement-breakpoint
CREATE TRIGGER `grant_underspends_year_lock_delete` BEFORE DELETE ON `grant_underspends`
WHEN EXISTS (SELECT 1 FROM `financial_years` fy WHERE fy.`id` = OLD.`financial_year_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: grant_underspends');
END;
--> statement-breakpoint
CREATE TRIGGER `grant_recoveries_year_lock_insert` BEFORE INSERT ON `grant_recoveries`
WHEN EXISTS (SELECT 1 FROM `financial_years` fy WHERE fy.`id` = NEW.`financial_year_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: grant_recoveries');
END;
--> statement-breakpoint
CREATE TRIGGER `grant_recoveries_year_lock_update` BEFORE UPDATE ON `grant_recoveries`
WHEN (EXISTS (SELECT 1 FROM `financial_years` fy WHERE fy.`id` = OLD.`financial_year_id` AND fy.`status` = 'closed') OR EXISTS (SELECT 1 FROM `financial_years` fy WHERE fy.`id` = NEW.`financial_year_id` AND fy.`status` = 'closed')) AND NOT (OLD.`status` = 'invoiced' AND NEW.`status` = 'received' AND NEW.`amount_pence` = OLD.`amount_pence` AND NEW.`financial_year_id` = OLD.`financial_year_id` AND NEW.`grant_id` = OLD.`grant_id` AND NEW.`invoice_reference` IS OLD.`invoice_reference`)
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: grant_recoveries');
END;
--> statement-breakpoint
CREATE TRIGGER `grant_recoveries_year_lock_delete` BEFORE DELETE ON `grant_recoveries`
WHEN EXISTS (SELECT 1 FROM `financial_years` fy WHERE fy.`id` = OLD.`financial_year_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: grant_recoveries');
END;
--> statement-breakpoint
CREATE TRIGGER `grants_year_lock_update` BEFORE UPDATE ON `grants`
WHEN (EXISTS (SELECT 1 FROM `grants` g JOIN `bids` b ON b.`id` = g.`bid_id` JOIN `rounds` r ON r.`id` = b.`round_id` JOIN `financial_years` fy ON fy.`id` = r.`financial_year_id` WHERE g.`id` = OLD.`id` AND fy.`status` = 'closed') AND NOT EXISTS (SELECT 1 FROM `grants` g JOIN `decision_lines` dl ON dl.`decision_id` = g.`decision_id` JOIN `bid_cost_lines` l ON l.`id` = dl.`cost_line_id` JOIN `financial_years` fy ON fy.`id` = l.`financial_year_id` WHERE g.`id` = OLD.`id` AND fy.`status` = 'open') AND NOT EXISTS (SELECT 1 FROM `grants` g JOIN `financial_years` fy ON g.`extended_to` BETWEEN fy.`starts_on` AND fy.`ends_on` WHERE g.`id` = OLD.`id` AND fy.`status` = 'open'))
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: grants');
END;
--> statement-breakpoint
CREATE TRIGGER `grants_year_lock_insert` BEFORE INSERT ON `grants`
WHEN EXISTS (SELECT 1 FROM `bids` b JOIN `rounds` r ON r.`id` = b.`round_id` JOIN `financial_years` fy ON fy.`id` = r.`financial_year_id` WHERE b.`id` = NEW.`bid_id` AND fy.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'financial year closed: grants');
END;
