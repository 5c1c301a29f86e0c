-- Helpers for bench/scale.sql; dropped again by bench/scale.sh.
CREATE FUNCTION bench_genesis() RETURNS bytea LANGUAGE sql IMMUTABLE AS
  $$ SELECT '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea $$;
-- The Luhn check digit of a string of digits, as PublicReference computes it.
CREATE FUNCTION bench_luhn(digits text) RETURNS int LANGUAGE sql IMMUTABLE AS $$
  SELECT (10 - sum(CASE WHEN i % 2 = 0 THEN (CASE WHEN d * 2 > 9 THEN d * 2 - 9 ELSE d * 2 END) ELSE d END) % 10) % 10
  FROM (SELECT i - 1 AS i, substr(reverse(digits), i, 1)::int AS d
        FROM generate_series(1, length(digits)) i) x
$$;
-- An event body as the server writes it: canonical JSON, keys sorted.
CREATE FUNCTION bench_body(action text, actor_id uuid, role text, actor text, application uuid, at timestamptz,
    from_state text, to_state text, amount bigint, reference text, seq int) RETURNS bytea
  LANGUAGE sql IMMUTABLE AS $$
  SELECT convert_to(
    '{"action":"' || action || '","actor":{"id":"' || upper(actor_id::text) || '","role":"' || role
    || '","username":"' || actor || '"},"application":"' || upper(application::text) || '","at":"'
    || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '","channel":"api",'
    || CASE WHEN from_state IS NULL THEN '' ELSE '"from":"' || from_state || '",' END
    || '"input":' || CASE action
         WHEN 'create' THEN '{"request":{"amount":' || amount
           || ',"documents":[],"items":[],"purpose":"Hỗ trợ chuyển đổi số"}}'
         WHEN 'requestInfo' THEN '{"message":"Đề nghị bổ sung báo giá"}'
         ELSE '{}' END
    || ',"ledger":{"committed":0,"reserved":0,"spent":0},"reference":"' || reference || '","seq":' || seq
    || ',"to":"' || to_state || '","version":' || seq || '}', 'UTF8')
$$;
CREATE TABLE bench_programmes AS
  SELECT (row_number() OVER (ORDER BY code) - 1)::int AS slot, id, rule_version,
    CASE kind WHEN 'preferentialLoan' THEN 'VAY' WHEN 'training' THEN 'TAP' WHEN 'equipmentGrant' THEN 'TBI'
      ELSE 'TTH' END AS prefix
  FROM programmes;
CREATE TABLE bench_applicants AS
  SELECT (row_number() OVER (ORDER BY username) - 1)::int AS slot, cooperative_id, id AS user_id, username
  FROM users WHERE role = 'applicant' AND cooperative_id IS NOT NULL;
CREATE TABLE bench_officer AS SELECT id, username FROM users WHERE username = 'canbo.hoa';
