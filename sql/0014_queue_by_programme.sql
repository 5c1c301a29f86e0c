-- The queue filtered by programme reads that programme's open rows in due order (ApplicationStore.queueDue, written
-- the same way): one programme's work is found at once, not after every row of the other programmes that falls due
-- before it.
CREATE INDEX applications_queue_programme ON applications (programme_id,
    (coalesce(CASE WHEN state = 'submitted' THEN intake_due_at
    WHEN state IN ('underReview', 'recommended') THEN review_due_at END, '2200-01-01 00:00:00+00'::timestamptz)), id)
    WHERE state NOT IN ('draft', 'rejected', 'withdrawn', 'cancelled', 'closed');
