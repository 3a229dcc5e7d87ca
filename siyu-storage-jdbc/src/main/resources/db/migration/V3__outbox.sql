-- What playbooks produced: tasks for staff, messages to customers, and actions the contact policy
-- blocked (with the reason). The idempotency key is the primary key, so an outcome produced again
-- after a crash and redelivery is stored once (the outbox).
CREATE TABLE outcomes (
    outcome_key TEXT   NOT NULL PRIMARY KEY,
    seq         BIGINT NOT NULL,
    kind        TEXT   NOT NULL,            -- task, message, blocked
    playbook    TEXT   NOT NULL,
    rule_name   TEXT   NOT NULL,
    customer_id TEXT   NOT NULL,
    staff_id    TEXT,
    channel     TEXT,
    body        TEXT,                       -- task reason or message text
    reason      TEXT,                       -- why it was blocked
    state       TEXT   NOT NULL,            -- open, done, expired (tasks); sent (messages); blocked
    created_at  BIGINT NOT NULL,
    due_at      BIGINT
);

CREATE INDEX outcomes_by_staff ON outcomes (staff_id, state);
CREATE INDEX outcomes_by_customer ON outcomes (customer_id);
