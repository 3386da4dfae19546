-- Connectors per space. config keeps the validated JSON text as written (key order matters on the wire);
-- secrets holds the AES-256-GCM sealed JSON, bound to (space_id, id, connector_type_id).
CREATE TABLE connector (
    space_id           TEXT        NOT NULL,
    id                 TEXT        NOT NULL,
    connector_type_id  TEXT        NOT NULL,
    name               TEXT        NOT NULL,
    config             JSON        NOT NULL,
    secrets            BYTEA       NOT NULL,
    is_missing_secrets BOOLEAN     NOT NULL DEFAULT FALSE,
    version            BIGINT      NOT NULL DEFAULT 0,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (space_id, id)
);
