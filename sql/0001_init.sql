-- CoopCase schema: registry, programmes, applications, budget ledgers and the append-only audit trail.

-- The application role may read and write case data but only INSERT and SELECT audit events.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'coopcase_app') THEN
        CREATE ROLE coopcase_app NOLOGIN;
    END IF;
END
$$;

CREATE TABLE cooperatives (
    id              uuid PRIMARY KEY,
    code            text NOT NULL UNIQUE,
    name            text NOT NULL CHECK (name <> ''),
    kind            text NOT NULL CHECK (kind IN ('cooperative', 'cooperativeUnion', 'cooperativeGroup',
                                                  'privateEnterprise', 'householdBusiness')),
    sector          text NOT NULL,
    address         jsonb NOT NULL,
    province_code   text NOT NULL,
    members         integer NOT NULL CHECK (members >= 0),
    workers         integer NOT NULL CHECK (workers >= 0),
    annual_revenue  bigint NOT NULL CHECK (annual_revenue >= 0),
    founded         date NOT NULL,
    contact         jsonb NOT NULL,
    has_computer    boolean NOT NULL,
    has_internet    boolean NOT NULL,
    has_website     boolean NOT NULL,
    has_accounting_software boolean NOT NULL,
    has_sales_software      boolean NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id              uuid PRIMARY KEY,
    username        text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{2,64}$'),
    display_name    text NOT NULL,
    role            text NOT NULL CHECK (role IN ('applicant', 'officer', 'approver', 'auditor', 'lender', 'admin')),
    cooperative_id  uuid REFERENCES cooperatives (id),
    password_hash   text,
    disabled        boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- Applicants belong to exactly one cooperative; nobody else does.
    CHECK ((role = 'applicant') = (cooperative_id IS NOT NULL))
);

CREATE TABLE programmes (
    id              uuid PRIMARY KEY,
    code            text NOT NULL UNIQUE,
    name_vi         text NOT NULL,
    name_en         text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('preferentialLoan', 'training', 'equipmentGrant', 'digitalBranding')),
    fiscal_year     integer NOT NULL,
    opens_at        timestamptz NOT NULL,
    closes_at       timestamptz NOT NULL,
    status          text NOT NULL CHECK (status IN ('draft', 'open', 'closed', 'archived')),
    budget          bigint NOT NULL CHECK (budget > 0),
    ceiling         bigint NOT NULL CHECK (ceiling > 0),
    cooperative_cap bigint CHECK (cooperative_cap > 0),
    terms           jsonb NOT NULL,
    required_documents jsonb NOT NULL,
    review_deadline_days integer NOT NULL CHECK (review_deadline_days > 0),
    rule_version    integer NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (opens_at < closes_at)
);

-- Eligibility rules are data and versioned: an application records the version it was judged by.
CREATE TABLE programme_rule_versions (
    programme_id    uuid NOT NULL REFERENCES programmes (id),
    version         integer NOT NULL CHECK (version > 0),
    rules           jsonb NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (programme_id, version)
);

-- reserved + committed + spent <= budget, always: the CHECK is the last line of defence behind the
-- conditional UPDATE the application issues.
CREATE TABLE programme_ledgers (
    programme_id    uuid PRIMARY KEY REFERENCES programmes (id),
    budget          bigint NOT NULL CHECK (budget > 0),
    reserved        bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    committed       bigint NOT NULL DEFAULT 0 CHECK (committed >= 0),
    spent           bigint NOT NULL DEFAULT 0 CHECK (spent >= 0),
    CHECK (reserved + committed + spent <= budget)
);

CREATE TABLE cooperative_ledgers (
    programme_id    uuid NOT NULL REFERENCES programmes (id),
    cooperative_id  uuid NOT NULL REFERENCES cooperatives (id),
    cap             bigint CHECK (cap > 0),
    reserved        bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    committed       bigint NOT NULL DEFAULT 0 CHECK (committed >= 0),
    spent           bigint NOT NULL DEFAULT 0 CHECK (spent >= 0),
    PRIMARY KEY (programme_id, cooperative_id),
    CHECK (cap IS NULL OR reserved + committed + spent <= cap)
);

CREATE SEQUENCE application_serial;

CREATE TABLE applications (
    id              uuid PRIMARY KEY,
    reference       text NOT NULL UNIQUE,
    programme_id    uuid NOT NULL REFERENCES programmes (id),
    cooperative_id  uuid NOT NULL REFERENCES cooperatives (id),
    state           text NOT NULL CHECK (state IN ('draft', 'submitted', 'underReview', 'needsInfo', 'recommended',
                                                   'approved', 'rejected', 'withdrawn', 'fulfilled', 'cancelled',
                                                   'closed')),
    version         integer NOT NULL CHECK (version > 0),
    request         jsonb NOT NULL,
    requested_amount bigint NOT NULL CHECK (requested_amount > 0),
    rule_version    integer,
    created_by      uuid NOT NULL REFERENCES users (id),
    submitted_by    uuid REFERENCES users (id),
    submitted_at    timestamptz,
    assignee        uuid REFERENCES users (id),
    recommendation  jsonb,
    recommended_by  uuid REFERENCES users (id),
    decision        jsonb,
    approved_by     uuid REFERENCES users (id),
    evidence        jsonb,
    review_due_at   timestamptz,
    clock_paused_at timestamptz,
    info_request    text,
    access_code_hash text NOT NULL,
    chain_seq       integer NOT NULL DEFAULT 0,
    chain_head      bytea NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    -- Four-eyes: whoever approves neither recommended nor submitted the application.
    CONSTRAINT four_eyes CHECK (
        approved_by IS NULL
        OR (approved_by IS DISTINCT FROM recommended_by AND approved_by IS DISTINCT FROM submitted_by)),
    CONSTRAINT recommender_not_submitter CHECK (
        recommended_by IS NULL OR recommended_by IS DISTINCT FROM submitted_by)
);

CREATE INDEX applications_programme_state ON applications (programme_id, state, id);
CREATE INDEX applications_cooperative ON applications (cooperative_id, id);

-- One hash chain per application, so writers of different applications never wait on each other.
CREATE TABLE application_events (
    application_id  uuid NOT NULL REFERENCES applications (id),
    seq             integer NOT NULL CHECK (seq > 0),
    at              timestamptz NOT NULL,
    actor_id        uuid NOT NULL,
    actor_username  text NOT NULL,
    role            text NOT NULL,
    channel         text NOT NULL CHECK (channel IN ('api', 'cli')),
    action          text NOT NULL,
    from_state      text,
    to_state        text NOT NULL,
    body            bytea NOT NULL,
    prev_hash       bytea NOT NULL CHECK (octet_length(prev_hash) = 32),
    hash            bytea NOT NULL CHECK (octet_length(hash) = 32),
    PRIMARY KEY (application_id, seq)
);

CREATE FUNCTION refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'application_events is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER application_events_append_only
    BEFORE UPDATE OR DELETE ON application_events
    FOR EACH ROW EXECUTE FUNCTION refuse_event_change();

CREATE TRIGGER application_events_no_truncate
    BEFORE TRUNCATE ON application_events
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();

GRANT SELECT, INSERT, UPDATE ON cooperatives, users, programmes, programme_ledgers, cooperative_ledgers,
    applications TO coopcase_app;
GRANT SELECT, INSERT ON programme_rule_versions, application_events TO coopcase_app;
GRANT USAGE, SELECT ON SEQUENCE application_serial TO coopcase_app;
