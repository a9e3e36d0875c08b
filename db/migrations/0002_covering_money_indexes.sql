DROP INDEX `bid_cost_lines_bid_idx`;--> statement-breakpoint
CREATE INDEX `bid_cost_lines_bid_idx` ON `bid_cost_lines` (`bid_id`,`position`,`quantity_hundredths`,`unit_price_ten_thousandths`);--> statement-breakpoint
DROP INDEX `bid_match_funding_bid_idx`;--> statement-breakpoint
CREATE INDEX `bid_match_funding_bid_idx` ON `bid_match_funding` (`bid_id`,`position`,`amount_pence`);