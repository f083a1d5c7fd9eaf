CREATE TABLE `log_nodes` (
	`campaign_id` text NOT NULL,
	`level` integer NOT NULL,
	`idx` integer NOT NULL,
	`hash` text NOT NULL,
	PRIMARY KEY(`campaign_id`, `level`, `idx`)
);
