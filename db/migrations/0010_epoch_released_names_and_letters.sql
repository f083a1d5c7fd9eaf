DROP INDEX `signatures_public_names_idx`;--> statement-breakpoint
ALTER TABLE `signatures` ADD `released_tree_size` integer;--> statement-breakpoint
CREATE INDEX `signatures_released_names_idx` ON `signatures` (`campaign_id`,"released_tree_size" desc,`id`) WHERE status = 'confirmed' and public_name is not null and released_tree_size is not null;--> statement-breakpoint
ALTER TABLE `letters` ADD `released_tree_size` integer;--> statement-breakpoint
CREATE INDEX `letters_released_idx` ON `letters` (`campaign_id`,`target_id`,`status`,`fail_reason`) WHERE released_tree_size is not null;--> statement-breakpoint
UPDATE `signatures` SET `released_tree_size` = (SELECT min(c.`tree_size`) FROM `log_leaves` l JOIN `checkpoints` c ON c.`campaign_id` = l.`campaign_id` AND c.`tree_size` > l.`idx` WHERE l.`campaign_id` = `signatures`.`campaign_id` AND l.`leaf_type` = 'add' AND l.`commitment` = `signatures`.`commitment`) WHERE `released_tree_size` IS NULL;--> statement-breakpoint
UPDATE `letters` SET `released_tree_size` = (SELECT s.`released_tree_size` FROM `signatures` s WHERE s.`id` = `letters`.`signature_id`) WHERE `released_tree_size` IS NULL AND `status` <> 'awaiting_confirmation';
