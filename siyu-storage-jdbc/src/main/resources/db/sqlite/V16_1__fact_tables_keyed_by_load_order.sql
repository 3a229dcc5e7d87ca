-- Fact tables keyed by their load order itself. V1 declared "seq BIGINT NOT NULL PRIMARY KEY",
-- which on SQLite is a second B-tree beside the table (only "INTEGER PRIMARY KEY" is the row id):
-- every fact stored went into both. Keyed by seq, the table is the B-tree: at a million customers
-- storing a fact took ~1.5 - 3 us less and wrote ~15% less log (docs/benchmarks.md), and replay,
-- which reads each table ORDER BY seq, walks the table itself. The ids are kept unique by indexes
-- built once the rows are copied (a sorted build: much faster than a row at a time into a UNIQUE
-- column); same rule as before, NULL ids never collide. On a store with tens of millions of facts
-- this copies every fact once (minutes; docs/operations.md "Upgrading"), and the pages of the old
-- tables are left free in the file for later facts (VACUUM gives them back to the disk).
PRAGMA cache_size = -262144; -- 256 MB of pages while the tables are copied and indexed (this connection only)

CREATE TABLE customers_by_seq (seq INTEGER NOT NULL PRIMARY KEY, customer_id TEXT NOT NULL, attributes TEXT NOT NULL);
INSERT INTO customers_by_seq (seq, customer_id, attributes) SELECT seq, customer_id, attributes FROM customers ORDER BY seq;
DROP TABLE customers;
ALTER TABLE customers_by_seq RENAME TO customers;
CREATE UNIQUE INDEX customers_by_id ON customers (customer_id);

CREATE TABLE identity_links_by_seq (seq INTEGER NOT NULL PRIMARY KEY, refs TEXT NOT NULL, source TEXT);
INSERT INTO identity_links_by_seq (seq, refs, source) SELECT seq, refs, source FROM identity_links ORDER BY seq;
DROP TABLE identity_links;
ALTER TABLE identity_links_by_seq RENAME TO identity_links;
CREATE UNIQUE INDEX identity_links_by_refs ON identity_links (refs);

CREATE TABLE staff_by_seq (seq INTEGER NOT NULL PRIMARY KEY, staff_id TEXT NOT NULL, name TEXT, role TEXT, store_id TEXT, active INTEGER NOT NULL);
INSERT INTO staff_by_seq (seq, staff_id, name, role, store_id, active) SELECT seq, staff_id, name, role, store_id, active FROM staff ORDER BY seq;
DROP TABLE staff;
ALTER TABLE staff_by_seq RENAME TO staff;
CREATE UNIQUE INDEX staff_by_id ON staff (staff_id);

CREATE TABLE products_by_seq (seq INTEGER NOT NULL PRIMARY KEY, sku TEXT NOT NULL, name TEXT, category TEXT, price DOUBLE PRECISION, cycle_days DOUBLE PRECISION);
INSERT INTO products_by_seq (seq, sku, name, category, price, cycle_days) SELECT seq, sku, name, category, price, cycle_days FROM products ORDER BY seq;
DROP TABLE products;
ALTER TABLE products_by_seq RENAME TO products;
CREATE UNIQUE INDEX products_by_sku ON products (sku);

CREATE TABLE orders_by_seq (seq INTEGER NOT NULL PRIMARY KEY, order_id TEXT NOT NULL, ref_kind TEXT NOT NULL, ref_value TEXT NOT NULL, ordered_at BIGINT NOT NULL, amount DOUBLE PRECISION, status TEXT, store_id TEXT, channel TEXT, table_id TEXT);
INSERT INTO orders_by_seq (seq, order_id, ref_kind, ref_value, ordered_at, amount, status, store_id, channel, table_id) SELECT seq, order_id, ref_kind, ref_value, ordered_at, amount, status, store_id, channel, table_id FROM orders ORDER BY seq;
DROP TABLE orders;
ALTER TABLE orders_by_seq RENAME TO orders;
CREATE UNIQUE INDEX orders_by_id ON orders (order_id);

CREATE TABLE order_items_by_seq (seq INTEGER NOT NULL PRIMARY KEY, order_id TEXT NOT NULL, sku TEXT NOT NULL, quantity DOUBLE PRECISION, unit_price DOUBLE PRECISION);
INSERT INTO order_items_by_seq (seq, order_id, sku, quantity, unit_price) SELECT seq, order_id, sku, quantity, unit_price FROM order_items ORDER BY seq;
DROP TABLE order_items;
ALTER TABLE order_items_by_seq RENAME TO order_items;
CREATE INDEX order_items_by_order ON order_items (order_id);

CREATE TABLE events_by_seq (seq INTEGER NOT NULL PRIMARY KEY, event_id TEXT, ref_kind TEXT NOT NULL, ref_value TEXT NOT NULL, occurred_at BIGINT NOT NULL, type TEXT NOT NULL, properties TEXT NOT NULL);
INSERT INTO events_by_seq (seq, event_id, ref_kind, ref_value, occurred_at, type, properties) SELECT seq, event_id, ref_kind, ref_value, occurred_at, type, properties FROM events ORDER BY seq;
DROP TABLE events;
ALTER TABLE events_by_seq RENAME TO events;
CREATE UNIQUE INDEX events_by_id ON events (event_id); -- NULL ids are never de-duplicated

CREATE TABLE messages_by_seq (seq INTEGER NOT NULL PRIMARY KEY, message_id TEXT, ref_kind TEXT NOT NULL, ref_value TEXT NOT NULL, sent_at BIGINT NOT NULL, text TEXT, direction TEXT, channel TEXT, group_id TEXT, staff_id TEXT);
INSERT INTO messages_by_seq (seq, message_id, ref_kind, ref_value, sent_at, text, direction, channel, group_id, staff_id) SELECT seq, message_id, ref_kind, ref_value, sent_at, text, direction, channel, group_id, staff_id FROM messages ORDER BY seq;
DROP TABLE messages;
ALTER TABLE messages_by_seq RENAME TO messages;
CREATE UNIQUE INDEX messages_by_id ON messages (message_id); -- NULL ids are never de-duplicated

CREATE TABLE customer_updates_by_seq (seq INTEGER NOT NULL PRIMARY KEY, customer_id TEXT NOT NULL, attributes TEXT NOT NULL);
INSERT INTO customer_updates_by_seq (seq, customer_id, attributes) SELECT seq, customer_id, attributes FROM customer_updates ORDER BY seq;
DROP TABLE customer_updates;
ALTER TABLE customer_updates_by_seq RENAME TO customer_updates;
