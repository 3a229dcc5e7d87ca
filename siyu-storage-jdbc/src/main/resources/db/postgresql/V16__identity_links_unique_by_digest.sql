-- A link's refs (JSON of every identity it joins) can pass the 2,704 bytes a PostgreSQL btree
-- entry holds: a person known by many identities made the insert fail. The unique index is over
-- the refs' MD5 instead; an insert still skips a link stored before (ON CONFLICT DO NOTHING), and
-- the importer recognises repeats by the full text in memory. SQLite indexes text of any length.
CREATE UNIQUE INDEX IF NOT EXISTS identity_links_by_refs_md5 ON identity_links (md5(refs));
DROP INDEX IF EXISTS identity_links_by_refs;
