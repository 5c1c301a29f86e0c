-- The queue filtered by one state reads that state's rows in due order (ApplicationStore.queueDue, written the same
-- way): a rare state is found at once rather than after every row of the common ones.
CREATE INDEX applications_queue_state ON applications (state, (coalesce(CASE WHEN state = 'submitted' THEN intake_due_at
    WHEN state IN ('underReview', 'recommended') THEN review_due_at END, '2200-01-01 00:00:00+00'::timestamptz)), id)
    WHERE state NOT IN ('draft', 'rejected', 'withdrawn', 'cancelled', 'closed');
