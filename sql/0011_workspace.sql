-- The officers' workspace signs in with a cookie. Its sessions also end after a spell without use, so each keeps when
-- it was last used, in a table of its own: touching it must not wake the listeners of session changes. A cookie's
-- token is not accepted as a bearer token, nor the reverse.
ALTER TABLE sessions ADD COLUMN web boolean NOT NULL DEFAULT false;

CREATE TABLE web_sessions (
    token_hash   bytea PRIMARY KEY REFERENCES sessions (token_hash),
    idle_seconds integer NOT NULL CHECK (idle_seconds > 0),
    last_seen_at timestamptz NOT NULL
);

GRANT SELECT, INSERT, UPDATE ON web_sessions TO coopcase_app;

-- The queue lists open work by what falls due first: a submission's intake, a running review's due instant; work
-- waiting on the cooperative or past its decision comes after (ApplicationStore.queueDue, written the same way).
CREATE INDEX applications_queue ON applications ((coalesce(CASE WHEN state = 'submitted' THEN intake_due_at
    WHEN state IN ('underReview', 'recommended') THEN review_due_at END, '2200-01-01 00:00:00+00'::timestamptz)), id)
    WHERE state NOT IN ('draft', 'rejected', 'withdrawn', 'cancelled', 'closed');

-- Actions taken in the workspace are recorded as such.
ALTER TABLE application_events DROP CONSTRAINT application_events_channel_check;
ALTER TABLE application_events ADD CONSTRAINT application_events_channel_check
    CHECK (channel IN ('api', 'cli', 'web'));
