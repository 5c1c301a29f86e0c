-- Signed checkpoints over every application's chain head, so that even deleting the last event of a chain
-- (and hiding it on the application row) is detectable.

CREATE TABLE audit_checkpoints (
    id              bigserial PRIMARY KEY,
    taken_at        timestamptz NOT NULL,
    applications    integer NOT NULL CHECK (applications >= 0),
    events          bigint NOT NULL CHECK (events >= 0),
    -- Canonical JSON (sorted keys) exactly as signed: counts, heads digest, previous checkpoint's hash.
    body            bytea NOT NULL,
    signature       bytea NOT NULL CHECK (octet_length(signature) = 64),
    public_key      bytea NOT NULL CHECK (octet_length(public_key) = 32)
);

-- The heads that changed since the previous checkpoint; the full set at checkpoint N is, per application,
-- its latest row with checkpoint_id <= N.
CREATE TABLE audit_checkpoint_heads (
    checkpoint_id   bigint NOT NULL REFERENCES audit_checkpoints (id),
    application_id  uuid NOT NULL,
    seq             integer NOT NULL CHECK (seq > 0),
    hash            bytea NOT NULL CHECK (octet_length(hash) = 32),
    PRIMARY KEY (checkpoint_id, application_id)
);
CREATE INDEX audit_checkpoint_heads_application ON audit_checkpoint_heads (application_id, checkpoint_id DESC);

CREATE TRIGGER audit_checkpoints_append_only
    BEFORE UPDATE OR DELETE ON audit_checkpoints FOR EACH ROW EXECUTE FUNCTION refuse_event_change();
CREATE TRIGGER audit_checkpoints_no_truncate
    BEFORE TRUNCATE ON audit_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();
CREATE TRIGGER audit_checkpoint_heads_append_only
    BEFORE UPDATE OR DELETE ON audit_checkpoint_heads FOR EACH ROW EXECUTE FUNCTION refuse_event_change();
CREATE TRIGGER audit_checkpoint_heads_no_truncate
    BEFORE TRUNCATE ON audit_checkpoint_heads FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();

GRANT SELECT, INSERT ON audit_checkpoints, audit_checkpoint_heads TO coopcase_app;
GRANT USAGE, SELECT ON SEQUENCE audit_checkpoints_id_seq TO coopcase_app;
