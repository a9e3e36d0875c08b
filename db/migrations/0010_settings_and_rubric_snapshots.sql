ALTER TABLE `review_scores` ADD `rubric` text;--> statement-breakpoint
ALTER TABLE `standard_conditions` ADD `retired_at` text;--> statement-breakpoint
-- Sheets already scored were scored against their stream's rubric as it stands (rubrics could not be changed before this); null stays null: the default rubric.
UPDATE `review_scores` SET `rubric` = (SELECT fs.`rubric` FROM `bids` b JOIN `rounds` r ON r.`id` = b.`round_id` JOIN `funding_streams` fs ON fs.`id` = r.`stream_id` WHERE b.`id` = `review_scores`.`bid_id`);
