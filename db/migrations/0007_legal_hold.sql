ALTER TABLE `campaigns` ADD `legal_hold_until` integer;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `legal_hold_reason` text;