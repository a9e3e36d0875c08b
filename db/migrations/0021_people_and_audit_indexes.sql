DROP INDEX `users_organisation_idx`;--> statement-breakpoint
CREATE INDEX `users_organisation_name_idx` ON `users` (`organisation_id`,`name`,`id`);--> statement-breakpoint
CREATE INDEX `users_name_idx` ON `users` (`name`,`id`);--> statement-breakpoint
CREATE INDEX `users_role_name_idx` ON `users` (`role`,`name`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_entity_type_idx` ON `audit_log` (`entity_type`,`id`);