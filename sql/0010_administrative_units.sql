-- Administrative units with their validity and successors, so places recorded before a reorganisation are judged
-- and remapped through the units that took them over. `coopcase migrate` installs the shipped units; the rest come
-- from a file (`coopcase places import`).
CREATE TABLE administrative_units (
    code       text PRIMARY KEY CHECK (code ~ '^[0-9]{1,10}$'),
    level      text NOT NULL CHECK (level IN ('province', 'district', 'commune')),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    valid_to   date,
    changed_by text NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE unit_successions (
    from_code text NOT NULL REFERENCES administrative_units (code),
    to_code   text NOT NULL REFERENCES administrative_units (code),
    effective date NOT NULL,
    basis     text NOT NULL CHECK (length(basis) BETWEEN 1 AND 300),
    PRIMARY KEY (from_code, to_code),
    CHECK (from_code <> to_code)
);

GRANT SELECT, INSERT, UPDATE ON administrative_units, unit_successions TO coopcase_app;
