-- Importing the same files twice must not double anything. Identity links carry no id: a link
-- whose refs are stored already is a repeat (the first one, by load order, is kept). Order lines
-- carry no id either: the importer treats the lines of an order that already has lines as repeats,
-- which needs the lines of one order found without a scan.
-- Earlier doubles are removed through an index (a NOT IN over a grouped list is quadratic on
-- PostgreSQL once the list outgrows its working memory).
CREATE INDEX IF NOT EXISTS identity_links_refs_lookup ON identity_links (refs);
DELETE FROM identity_links
 WHERE EXISTS (SELECT 1 FROM identity_links earlier WHERE earlier.refs = identity_links.refs AND earlier.seq < identity_links.seq);
CREATE UNIQUE INDEX IF NOT EXISTS identity_links_by_refs ON identity_links (refs);
DROP INDEX identity_links_refs_lookup;
CREATE INDEX IF NOT EXISTS order_items_by_order ON order_items (order_id);
