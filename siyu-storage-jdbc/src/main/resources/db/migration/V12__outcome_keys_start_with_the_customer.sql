-- An outcome's key now starts with its customer id and ':' (playbooks make keys
-- "customer:playbook@version:rule:action:customer:occasion"), so one customer's outcomes are one
-- range of the key index. Keys stored before get the prefix, and stay what the playbooks make for
-- the same action and occasion: de-duplication across the upgrade holds.
UPDATE outcomes SET outcome_key = customer_id || ':' || outcome_key;
