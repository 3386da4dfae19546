-- Event documents are written once and read by a few fields: kept as json text, which PostgreSQL only checks,
-- rather than jsonb, which it parses into its binary form on every insert.
ALTER TABLE event_log ALTER COLUMN document TYPE json USING document::json;
