-- Delivery through channels: messages, invitations and webhook calls wait in the outbox as
-- 'queued' until a channel delivers them ('sent') or gives up after retries ('failed').
-- detail holds what the body does not: the group invited to, the offer kind, the tag, the URL.
ALTER TABLE outcomes ADD COLUMN detail TEXT;
ALTER TABLE outcomes ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outcomes ADD COLUMN last_error TEXT;
ALTER TABLE outcomes ADD COLUMN delivered_at BIGINT;
ALTER TABLE outcomes ADD COLUMN next_attempt_at BIGINT;
CREATE INDEX outcomes_queue ON outcomes (state, next_attempt_at);

-- The last occurrence each scheduled (cron) playbook rule ran for, so a restart runs a missed
-- occurrence once and never runs one twice.
CREATE TABLE schedule_marks (
    schedule_id TEXT   NOT NULL PRIMARY KEY,
    last_at     BIGINT NOT NULL
);
