CREATE TABLE `campaign_delivery` (
	`campaign_id` text PRIMARY KEY NOT NULL,
	`letter_mode` text DEFAULT 'individual' NOT NULL,
	`milestones_json` text DEFAULT '[]' NOT NULL,
	`last_milestone` integer DEFAULT 0 NOT NULL,
	`retention_days` integer DEFAULT 28 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `campaign_target_rules` (
	`campaign_id` text NOT NULL,
	`seq` integer NOT NULL,
	`kind` text NOT NULL,
	`target_id` text,
	`role_key` text,
	PRIMARY KEY(`campaign_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`target_id` text NOT NULL,
	`reason` text NOT NULL,
	`count` integer NOT NULL,
	`tree_size` integer NOT NULL,
	`checkpoint_note` text NOT NULL,
	`status` text NOT NULL,
	`skip_reason` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_once_unique` ON `deliveries` (`campaign_id`,`target_id`,`reason`);--> statement-breakpoint
CREATE TABLE `letters` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`signature_id` text NOT NULL,
	`target_id` text NOT NULL,
	`status` text NOT NULL,
	`content_ct` text,
	`fingerprint` text NOT NULL,
	`personal` integer DEFAULT false NOT NULL,
	`batch_id` text,
	`fail_reason` text,
	`created_hour` integer NOT NULL,
	`sent_at` integer,
	`scrub_after` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `letters_signature_target_unique` ON `letters` (`signature_id`,`target_id`);--> statement-breakpoint
CREATE INDEX `letters_status_idx` ON `letters` (`status`,`target_id`);--> statement-breakpoint
CREATE TABLE `postcode_constituencies` (
	`country` text NOT NULL,
	`postcode` text NOT NULL,
	`constituency` text NOT NULL,
	PRIMARY KEY(`country`, `postcode`)
);
--> statement-breakpoint
CREATE TABLE `responses` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`target_id` text NOT NULL,
	`received_on` text NOT NULL,
	`summary` text NOT NULL,
	`link` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `targets` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`role_key` text NOT NULL,
	`body` text NOT NULL,
	`country` text,
	`constituency` text,
	`email` text,
	`postal_address` text,
	`web_form_url` text,
	`source` text NOT NULL,
	`last_verified` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `targets_role_country_idx` ON `targets` (`role_key`,`country`,`constituency`);