-- Ownership transfers (a departing salesperson's customers go to a colleague; history is kept) and
-- the follow-up status of each customer (to_follow, following, won, lost), also with history.
CREATE TABLE ownership_changes (
    seq         BIGINT NOT NULL PRIMARY KEY,
    customer_id TEXT   NOT NULL,
    from_staff  TEXT,
    to_staff    TEXT   NOT NULL,
    changed_at  BIGINT NOT NULL
);
CREATE INDEX ownership_by_customer ON ownership_changes (customer_id, seq);

CREATE TABLE follow_ups (
    seq         BIGINT NOT NULL PRIMARY KEY,
    customer_id TEXT   NOT NULL,
    status      TEXT   NOT NULL,
    staff_id    TEXT,
    changed_at  BIGINT NOT NULL
);
CREATE INDEX follow_ups_by_customer ON follow_ups (customer_id, seq);
