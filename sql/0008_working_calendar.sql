-- The working calendar as data: days off and make-up working days, each with the document that set it, and the
-- years whose days are known (a deadline that would count into another year is refused). `coopcase migrate` fills
-- the shipped years from the domain's computation; administrators keep them current.
CREATE TABLE calendar_years (
    year       int PRIMARY KEY CHECK (year BETWEEN 1900 AND 2199),
    basis      text NOT NULL,
    changed_by text NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE calendar_entries (
    day        date PRIMARY KEY,
    kind       text NOT NULL CHECK (kind IN ('dayOff', 'workingDay')),
    name_vi    text NOT NULL CHECK (length(name_vi) BETWEEN 1 AND 300),
    name_en    text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 300),
    basis      text NOT NULL CHECK (length(basis) BETWEEN 1 AND 300),
    -- A make-up day is a Saturday or Sunday worked (ISO day of week 6 or 7).
    CHECK (kind = 'dayOff' OR extract(isodow FROM day) >= 6),
    changed_by text NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);

-- Who changed the calendar, when and how: appended, never changed.
CREATE TABLE calendar_changes (
    id             bigserial PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT now(),
    actor_username text NOT NULL,
    change         text NOT NULL CHECK (change IN ('add', 'remove', 'import', 'install')),
    year           int NOT NULL,
    day            date,
    detail         jsonb NOT NULL
);
CREATE INDEX calendar_changes_year ON calendar_changes (year, id);
CREATE TRIGGER calendar_changes_append_only
    BEFORE UPDATE OR DELETE ON calendar_changes FOR EACH ROW EXECUTE FUNCTION refuse_event_change();
CREATE TRIGGER calendar_changes_no_truncate
    BEFORE TRUNCATE ON calendar_changes FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();

-- The intake clock (8 office hours to the start of review), and when the review clock stopped at a decision.
ALTER TABLE applications ADD COLUMN intake_due_at timestamptz, ADD COLUMN decided_at timestamptz;
-- The overdue list reads running clocks only.
CREATE INDEX applications_running_review ON applications (review_due_at)
    WHERE state IN ('submitted', 'underReview', 'recommended');

GRANT SELECT, INSERT, UPDATE, DELETE ON calendar_years TO coopcase_app;
GRANT SELECT, INSERT, DELETE ON calendar_entries TO coopcase_app;
GRANT SELECT, INSERT ON calendar_changes TO coopcase_app;
GRANT USAGE, SELECT ON SEQUENCE calendar_changes_id_seq TO coopcase_app;
