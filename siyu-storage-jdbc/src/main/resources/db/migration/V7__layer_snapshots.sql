-- The live server's memory of every customer's layers, so moves that time alone caused while it
-- was down are found at start-up: one compact snapshot per model (stored at each build), plus the
-- moves facts caused since (appended with each request, cleared when a new snapshot is stored).
-- Replaces the per-customer membership rows of 'live:' runs, which at a million customers and
-- thirty layers meant thirty million rows per build.
CREATE TABLE layer_snapshots (
    model     TEXT   NOT NULL PRIMARY KEY,
    as_of     BIGINT NOT NULL,
    taken_at  BIGINT NOT NULL,
    snapshot  BYTEA  NOT NULL            -- SQLite keeps it as a BLOB
);

CREATE TABLE layer_moves (
    seq         BIGINT NOT NULL PRIMARY KEY,
    model       TEXT   NOT NULL,
    customer_id TEXT   NOT NULL,
    layer       TEXT   NOT NULL,
    value       TEXT   NOT NULL
);
CREATE INDEX layer_moves_by_model ON layer_moves (model, seq);
