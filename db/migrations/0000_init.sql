CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`template_id` text,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`privacy_mode` text NOT NULL,
	`language` text DEFAULT 'en' NOT NULL,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`addressee` text NOT NULL,
	`body` text NOT NULL,
	`targets_json` text DEFAULT '[]' NOT NULL,
	`sources_json` text DEFAULT '[]' NOT NULL,
	`goal` integer NOT NULL,
	`deadline` integer,
	`organiser_public_key` text NOT NULL,
	`log_origin` text NOT NULL,
	`dedupe_key_wrapped` text,
	`contact_key_wrapped` text,
	`published_count` integer DEFAULT 0 NOT NULL,
	`published_tree_size` integer DEFAULT 0 NOT NULL,
	`breakdown_releases` integer DEFAULT 0 NOT NULL,
	`epsilon_spent` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`closed_at` integer,
	`purge_after` integer,
	`purged_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaigns_slug_unique` ON `campaigns` (`slug`);--> statement-breakpoint
CREATE INDEX `campaigns_status_idx` ON `campaigns` (`status`);--> statement-breakpoint
CREATE TABLE `checkpoints` (
	`campaign_id` text NOT NULL,
	`tree_size` integer NOT NULL,
	`root` text NOT NULL,
	`adds` integer NOT NULL,
	`withdraws` integer NOT NULL,
	`note` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `tree_size`)
);
--> statement-breakpoint
CREATE TABLE `ip_keys` (
	`day` integer PRIMARY KEY NOT NULL,
	`key_wrapped` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `log_leaves` (
	`campaign_id` text NOT NULL,
	`idx` integer NOT NULL,
	`leaf_type` text NOT NULL,
	`commitment` text NOT NULL,
	`leaf_hash` text NOT NULL,
	PRIMARY KEY(`campaign_id`, `idx`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `log_leaves_commitment_unique` ON `log_leaves` (`campaign_id`,`leaf_type`,`commitment`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`campaign_id` text,
	`payload_ct` text,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`locked_at` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_campaign_idx` ON `outbox` (`campaign_id`);--> statement-breakpoint
CREATE TABLE `pending_leaves` (
	`campaign_id` text NOT NULL,
	`leaf_type` text NOT NULL,
	`commitment` text NOT NULL,
	`queued_at` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `leaf_type`, `commitment`)
);
--> statement-breakpoint
CREATE TABLE `purge_tombstones` (
	`campaign_id` text PRIMARY KEY NOT NULL,
	`purged_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `rate_counters` (
	`bucket` text NOT NULL,
	`window_start` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`bucket`, `window_start`)
);
--> statement-breakpoint
CREATE TABLE `released_stats` (
	`campaign_id` text NOT NULL,
	`seq` integer NOT NULL,
	`released_at` integer NOT NULL,
	`kind` text NOT NULL,
	`tree_size` integer NOT NULL,
	`payload_json` text NOT NULL,
	`epsilon` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `signatures` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`status` text NOT NULL,
	`email_hmac` text,
	`contact_ct` text,
	`named_ct` text,
	`named_enc` text,
	`country` text NOT NULL,
	`commitment` text NOT NULL,
	`confirm_token_hash` text,
	`confirm_expires_at` integer,
	`manage_token_hash` text,
	`updates_opt_in` integer DEFAULT false NOT NULL,
	`receipt_opt_in` integer DEFAULT false NOT NULL,
	`public_name` text,
	`emails_sent` integer DEFAULT 0 NOT NULL,
	`created_hour` integer NOT NULL,
	`confirmed_hour` integer,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signatures_live_email_unique` ON `signatures` (`campaign_id`,`email_hmac`) WHERE status in ('pending', 'confirmed', 'quarantined');--> statement-breakpoint
CREATE UNIQUE INDEX `signatures_commitment_unique` ON `signatures` (`campaign_id`,`commitment`);--> statement-breakpoint
CREATE UNIQUE INDEX `signatures_confirm_token_unique` ON `signatures` (`confirm_token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `signatures_manage_token_unique` ON `signatures` (`manage_token_hash`);--> statement-breakpoint
CREATE INDEX `signatures_campaign_status_idx` ON `signatures` (`campaign_id`,`status`);--> statement-breakpoint
CREATE INDEX `signatures_created_idx` ON `signatures` (`status`,`created_hour`);