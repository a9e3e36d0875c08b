PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_sign_in_throttle` (
	`email` text PRIMARY KEY NOT NULL,
	`failures` text NOT NULL,
	`locked_until` text,
	CONSTRAINT "sign_in_throttle_failures_check" CHECK(json_valid("__new_sign_in_throttle"."failures"))
);
--> statement-breakpoint
INSERT INTO `__new_sign_in_throttle`("email", "failures", "locked_until") SELECT "email", "failures", "locked_until" FROM `sign_in_throttle`;--> statement-breakpoint
DROP TABLE `sign_in_throttle`;--> statement-breakpoint
ALTER TABLE `__new_sign_in_throttle` RENAME TO `sign_in_throttle`;--> statement-breakpoint
PRAGMA foreign_keys=ON;