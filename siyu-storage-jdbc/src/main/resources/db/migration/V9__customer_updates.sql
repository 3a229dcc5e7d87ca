-- New attribute values posted for a customer already stored, each under its own load-order
-- number: acknowledged once stored here, folded into customers.attributes only when the live
-- engines apply them (with their outcomes), so an update acknowledged before a crash is applied,
-- playbooks and ownership transfer included, at the next start-up.
CREATE TABLE customer_updates (
    seq         BIGINT NOT NULL PRIMARY KEY,
    customer_id TEXT   NOT NULL,
    attributes  TEXT   NOT NULL
);

INSERT INTO applied_marks (fact_table, seq) VALUES ('customer_updates', 0);
