CREATE TABLE `recovery_codes` (
	`user_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`used_at` integer,
	PRIMARY KEY(`user_id`, `code_hash`)
);
--> statement-breakpoint
ALTER TABLE `campaigns` ADD `key_tail_check` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `key_kept_at` integer;