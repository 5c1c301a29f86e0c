-- Cooperatives are edited by officers: each edit checks the version the editor read (If-Match) and appends what
-- changed, from and to, with who and when. The history is appended, never changed.
ALTER TABLE cooperatives ADD COLUMN version int NOT NULL DEFAULT 1 CHECK (version >= 1);

CREATE TABLE cooperative_changes (
    id             bigserial PRIMARY KEY,
    cooperative_id uuid NOT NULL REFERENCES cooperatives (id),
    version        int NOT NULL,
    at             timestamptz NOT NULL DEFAULT now(),
    actor_username text NOT NULL,
    changes        jsonb NOT NULL,
    UNIQUE (cooperative_id, version)
);
CREATE TRIGGER cooperative_changes_append_only
    BEFORE UPDATE OR DELETE ON cooperative_changes FOR EACH ROW EXECUTE FUNCTION refuse_event_change();
CREATE TRIGGER cooperative_changes_no_truncate
    BEFORE TRUNCATE ON cooperative_changes FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();

GRANT SELECT, INSERT ON cooperative_changes TO coopcase_app;
GRANT USAGE, SELECT ON SEQUENCE cooperative_changes_id_seq TO coopcase_app;
