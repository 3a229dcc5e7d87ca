-- How far the server's live engines have applied each fact table: facts stored after the mark
-- (acknowledged once durable, applied behind) are applied again at start-up after a crash.
-- Imports (CLI, generator) are loaded, not applied live: they move the marks past their rows.
CREATE TABLE applied_marks (
    fact_table TEXT   NOT NULL PRIMARY KEY,
    seq        BIGINT NOT NULL
);

INSERT INTO applied_marks (fact_table, seq) SELECT 'customers', COALESCE(MAX(seq), 0) FROM customers;
INSERT INTO applied_marks (fact_table, seq) SELECT 'identity_links', COALESCE(MAX(seq), 0) FROM identity_links;
INSERT INTO applied_marks (fact_table, seq) SELECT 'orders', COALESCE(MAX(seq), 0) FROM orders;
INSERT INTO applied_marks (fact_table, seq) SELECT 'order_items', COALESCE(MAX(seq), 0) FROM order_items;
INSERT INTO applied_marks (fact_table, seq) SELECT 'events', COALESCE(MAX(seq), 0) FROM events;
INSERT INTO applied_marks (fact_table, seq) SELECT 'messages', COALESCE(MAX(seq), 0) FROM messages;
