DROP INDEX `sign_in_attempts_at_idx`;--> statement-breakpoint
ALTER TABLE `sign_in_attempts` ADD `device` text;--> statement-breakpoint
CREATE INDEX `sign_in_attempts_account_device_idx` ON `sign_in_attempts` (`account`,`device`,`at`);--> statement-breakpoint
CREATE INDEX `sign_in_attempts_succeeded_at_idx` ON `sign_in_attempts` (`succeeded`,`at`);