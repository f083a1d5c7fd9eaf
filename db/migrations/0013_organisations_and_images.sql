CREATE TABLE `images` (
	`id` text PRIMARY KEY NOT NULL,
	`mime` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`data_base64` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`website` text,
	`contact_email` text NOT NULL,
	`controller_name` text NOT NULL,
	`controller_address` text NOT NULL,
	`logo_image_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_slug_unique` ON `organisations` (`slug`);--> statement-breakpoint
ALTER TABLE `campaigns` ADD `organisation_id` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `image_id` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `image_alt` text;--> statement-breakpoint
ALTER TABLE `targets` ADD `name_translations_json` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `targets` ADD `role_translations_json` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `organisation_id` text;