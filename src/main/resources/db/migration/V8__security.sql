-- Users, roles and API keys, in the shapes Elasticsearch and Kibana manage them. Passwords and API keys are kept
-- only as bcrypt hashes.
CREATE TABLE security_user (
    username      TEXT        PRIMARY KEY,
    password_hash TEXT        NOT NULL,
    roles         TEXT[]      NOT NULL,
    full_name     TEXT,
    email         TEXT,
    enabled       BOOLEAN     NOT NULL DEFAULT TRUE,
    metadata      JSONB       NOT NULL DEFAULT '{}',
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- definition is the role as Kibana's role API takes it (elasticsearch, kibana, metadata).
CREATE TABLE security_role (
    name       TEXT        PRIMARY KEY,
    definition JSONB       NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- role_descriptors NULL means the key holds its owner's privileges; otherwise it holds at most what they grant.
CREATE TABLE security_api_key (
    id               TEXT        PRIMARY KEY,
    name             TEXT        NOT NULL,
    key_hash         TEXT        NOT NULL,
    owner            TEXT        NOT NULL,
    role_descriptors JSONB,
    metadata         JSONB       NOT NULL DEFAULT '{}',
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at       TIMESTAMPTZ,
    invalidated_at   TIMESTAMPTZ
);
CREATE INDEX security_api_key_owner ON security_api_key (owner);

-- Who did what: authentication failures, changes to connectors, users, roles and keys, executions, key rotation.
CREATE TABLE audit_event (
    id        BIGSERIAL   PRIMARY KEY,
    timestamp TIMESTAMPTZ NOT NULL,
    action    TEXT        NOT NULL,
    outcome   TEXT        NOT NULL,
    username  TEXT,
    space_id  TEXT,
    document  JSON        NOT NULL
);
CREATE INDEX audit_event_timestamp ON audit_event (timestamp);
