ALTER TABLE `outbox` ADD `claimed_at` text;--> statement-breakpoint
CREATE INDEX `outbox_waiting_idx` ON `outbox` (`id`) WHERE sent_at is null and error is null;