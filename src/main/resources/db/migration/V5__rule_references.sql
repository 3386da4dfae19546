-- Which connectors each rule of the rule engine uses, per space: what Kibana keeps as a rule's references of
-- type 'action'. connector_id is not a foreign key: a connector may be deleted while rules still name it (Kibana
-- allows it), and preconfigured connectors have no row in connector. position keeps the order the rule gave.
CREATE TABLE rule_reference (
    space_id     TEXT    NOT NULL,
    rule_id      TEXT    NOT NULL,
    connector_id TEXT    NOT NULL,
    position     INTEGER NOT NULL,
    PRIMARY KEY (space_id, rule_id, connector_id)
);
-- The connector list counts rules per connector of one space.
CREATE INDEX rule_reference_connector ON rule_reference (space_id, connector_id);
