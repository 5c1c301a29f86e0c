-- Sessions, idempotency keys and diacritic-insensitive cooperative search.

-- Opaque bearer tokens: only their SHA-256 is stored. A disabled user's tokens stop working at once
-- because every lookup joins users.
CREATE TABLE sessions (
    token_hash      bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    user_id         uuid NOT NULL REFERENCES users (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    revoked_at      timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);

-- A replayed request with the same key gets the stored response. Written in the same transaction as the effect.
CREATE TABLE idempotency_keys (
    user_id         uuid NOT NULL REFERENCES users (id),
    key             text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    request_hash    bytea NOT NULL,
    status          integer NOT NULL,
    response        bytea NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);

-- Vietnamese folded to plain ASCII letters, lower case: "Hợp tác xã Đông" → "hop tac xa dong".
CREATE FUNCTION vn_fold(input text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT translate(lower(normalize(input, NFC)),
        'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ',
        'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd')
$$;

ALTER TABLE cooperatives ADD COLUMN search_text text GENERATED ALWAYS AS (vn_fold(name || ' ' || code)) STORED;

CREATE INDEX applications_created ON applications (created_at DESC, id DESC);

GRANT SELECT, INSERT, UPDATE ON sessions TO coopcase_app;
GRANT SELECT, INSERT ON idempotency_keys TO coopcase_app;
