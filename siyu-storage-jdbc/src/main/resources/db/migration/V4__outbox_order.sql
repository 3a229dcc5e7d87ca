-- New outcomes take MAX(seq) + 1; without an index that is a full scan per insert.
CREATE INDEX outcomes_by_seq ON outcomes (seq);
