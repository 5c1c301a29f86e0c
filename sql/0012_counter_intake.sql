-- Dossiers received on paper at the one-stop desk. The officers who received papers for an application may neither
-- recommend nor approve it; a request for information is made once unless an approver allows another.
ALTER TABLE applications
    ADD COLUMN received_by uuid[] NOT NULL DEFAULT '{}',
    ADD COLUMN info_requests integer NOT NULL DEFAULT 0 CHECK (info_requests >= 0),
    ADD COLUMN further_request_allowed boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT desk_four_eyes CHECK (
        (recommended_by IS NULL OR recommended_by <> ALL (received_by))
        AND (approved_by IS NULL OR approved_by <> ALL (received_by)));

ALTER TABLE application_events DROP CONSTRAINT application_events_channel_check;
ALTER TABLE application_events ADD CONSTRAINT application_events_channel_check
    CHECK (channel IN ('api', 'cli', 'web', 'counter'));
