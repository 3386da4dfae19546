-- Queued executions. A row is unfinished until finished_at is set; due_at orders the unfinished rows: for a row
-- waiting (queued, retrying) it is when it may run, for a running row when its worker's lease ends (a row whose
-- lease has ended is taken over by any instance).
CREATE TABLE queued_execution (
    id                UUID        PRIMARY KEY,
    space_id          TEXT        NOT NULL,
    connector_id      TEXT        NOT NULL,
    connector_type_id TEXT        NOT NULL,
    params            JSONB       NOT NULL,
    -- What the event rows name beside the connector: executionId, source, relatedSavedObjects, consumer.
    context           JSONB       NOT NULL,
    idempotency_key   TEXT,
    state             TEXT        NOT NULL,
    attempts          INTEGER     NOT NULL DEFAULT 0,
    max_attempts      INTEGER     NOT NULL,
    due_at            TIMESTAMPTZ NOT NULL,
    -- When the current or last attempt became due: a task's runAt, for its schedule delay.
    scheduled_at      TIMESTAMPTZ NOT NULL,
    lease_owner       TEXT,
    last_result       JSONB,
    created_at        TIMESTAMPTZ NOT NULL,
    finished_at       TIMESTAMPTZ
);
CREATE INDEX queued_execution_due ON queued_execution (due_at) WHERE finished_at IS NULL;
CREATE INDEX queued_execution_finished ON queued_execution (finished_at) WHERE finished_at IS NOT NULL;
CREATE UNIQUE INDEX queued_execution_idempotency ON queued_execution (idempotency_key)
    WHERE idempotency_key IS NOT NULL;
