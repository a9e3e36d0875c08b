CREATE INDEX `bids_visible_updated_idx` ON `bids` (`updated_at`,`id`,`round_id`,`csp_id`,`status`,`fund`) WHERE status <> 'draft' and (status <> 'withdrawn' or submitted_at is not null);--> statement-breakpoint
CREATE INDEX `bids_visible_round_idx` ON `bids` (`round_id`,`updated_at`) WHERE status <> 'draft' and (status <> 'withdrawn' or submitted_at is not null);--> statement-breakpoint
CREATE INDEX `bids_visible_status_idx` ON `bids` (`status`,`updated_at`) WHERE status <> 'draft' and (status <> 'withdrawn' or submitted_at is not null);--> statement-breakpoint
CREATE INDEX `bids_visible_title_idx` ON `bids` ("title" collate nocase) WHERE status <> 'draft' and (status <> 'withdrawn' or submitted_at is not null);--> statement-breakpoint
CREATE INDEX `bids_review_queue_idx` ON `bids` (`submitted_at`,`id`,`round_id`,`csp_id`) WHERE status in ('submitted', 'under_review');--> statement-breakpoint
CREATE INDEX `return_forecasts_return_amount_idx` ON `return_forecasts` (`return_id`,`cost_line_id`,`start_year`,`quarter`,`amount_pence`);--> statement-breakpoint
CREATE INDEX `return_lines_return_actual_idx` ON `return_lines` (`return_id`,`cost_line_id`,`actual_pence`);