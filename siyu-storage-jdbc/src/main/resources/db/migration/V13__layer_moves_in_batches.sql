-- The layer moves of one model in one committed group of facts, as one row: a JSON array of
-- [customer_id, layer, value] in the order they happened. One row per move was a quarter of what
-- each outcomes commit wrote at a million customers (0.7 moves per fact, each a table row and an
-- index entry: 2.9 ms per 100 facts with them, 2.0 ms batched); moves are only ever read back
-- whole, model by model, at start-up. Rows an earlier version wrote to layer_moves stay there,
-- are read before these, and go with the model's next snapshot like these do.
CREATE TABLE layer_move_batches (
    seq    BIGINT NOT NULL PRIMARY KEY,
    model  TEXT   NOT NULL,
    moves  TEXT   NOT NULL
);
CREATE INDEX layer_move_batches_by_model ON layer_move_batches (model, seq);
