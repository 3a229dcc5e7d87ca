-- Each commit of ingest wrote a batch row per model that moved, and each landed on its model's own
-- page of layer_move_batches_by_model, plus a page of the separate index SQLite keeps for a
-- "BIGINT PRIMARY KEY" (only "INTEGER PRIMARY KEY" is the row id itself): 6.7 of the 68 pages a
-- commit wrote at a million customers. Batches are read and cleared model by model only at
-- start-up and when a model's snapshot is taken, over moves since its last snapshot — a scan of
-- this small table then costs less than an index every commit rewrites.
CREATE TABLE layer_move_batches_by_seq (
    seq    INTEGER NOT NULL PRIMARY KEY,
    model  TEXT    NOT NULL,
    moves  TEXT    NOT NULL
);
INSERT INTO layer_move_batches_by_seq (seq, model, moves) SELECT seq, model, moves FROM layer_move_batches;
DROP TABLE layer_move_batches;
ALTER TABLE layer_move_batches_by_seq RENAME TO layer_move_batches;
