-- Alertmanager receivers per space: the connectors a notification is queued for, with each one's params templates.
-- actions keeps the JSON text as written, so params come back in the order they were given.
CREATE TABLE alertmanager_receiver (
    space_id   TEXT        NOT NULL,
    name       TEXT        NOT NULL,
    actions    JSON        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (space_id, name)
);
