CREATE INDEX `grant_payments_due_idx` ON `grant_payments` (`due_on`);--> statement-breakpoint
CREATE INDEX `grant_returns_overdue_idx` ON `grant_returns` (`first_submitted_at`,`due_on`);