-- Importing the same files twice must not double anything. Identity links carry no id: a link
-- whose refs are stored already is a repeat (the first one, by load order, is kept). Order lines
-- carry no id either: the importer treats the lines of an order that already has lines as repeats,
-- which needs the lines of one order found without a scan.
DELETE FROM identity_links WHERE seq NOT IN (SELECT MIN(seq) FROM identity_links GROUP BY refs);
CREATE UNIQUE INDEX identity_links_by_refs ON identity_links (refs);
CREATE INDEX order_items_by_order ON order_items (order_id);
