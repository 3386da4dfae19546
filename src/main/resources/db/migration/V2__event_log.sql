-- One row per event of an execution, shaped like Kibana's event log: the whole event in `document`, and the
-- fields the execution-log routes filter and sort on as columns.
CREATE TABLE event_log (
    id                BIGSERIAL   PRIMARY KEY,
    timestamp         TIMESTAMPTZ NOT NULL,
    action            TEXT        NOT NULL,
    outcome           TEXT,
    space_id          TEXT        NOT NULL,
    connector_id      TEXT        NOT NULL,
    connector_type_id TEXT        NOT NULL,
    execution_uuid    UUID        NOT NULL,
    duration_ns       BIGINT,
    document          JSONB       NOT NULL
);
CREATE INDEX event_log_timestamp ON event_log (timestamp);
CREATE INDEX event_log_connector ON event_log (space_id, connector_id, timestamp);
CREATE INDEX event_log_execution ON event_log (execution_uuid);
