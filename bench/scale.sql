-- One chunk of synthetic case histories for bench/scale.sh: applications :first .. :last (psql variables),
-- each with 8–12 events whose chain is real (each hash is SHA-256 of the previous hash and the body). The
-- histories follow the workflow — create, submit, startReview, then requestInfo and resubmit in turn — and
-- applications and events go in in one statement, so the foreign keys are checked at its end.
WITH RECURSIVE
base AS (
  SELECT g,
    ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid AS id,
    p.id AS programme_id, p.prefix, p.rule_version,
    c.cooperative_id, c.user_id AS applicant_id, c.username AS applicant,
    8 + g % 5 AS events,
    timestamptz '2025-01-06 01:00:00+00' + (g % 300) * interval '1 day' + (g % 480) * interval '1 minute' AS created,
    p.prefix || '-2025-' || lpad(((g - 1) / 4 + 1)::text, 6, '0') || '-'
      || bench_luhn('2025' || lpad(((g - 1) / 4 + 1)::text, 6, '0')) AS reference,
    CASE WHEN p.prefix = 'TAP' THEN 2 ELSE 10000000 + (g % 20) * 1000000 END AS amount,
    md5('salt' || g) AS salt,
    upper(substr(md5('code' || g), 1, 8)) AS code
  FROM generate_series(:first, :last) g
  JOIN bench_programmes p ON p.slot = g % 4
  JOIN bench_applicants c ON c.slot = g % (SELECT count(*) FROM bench_applicants)
),
chain (id, seq, events, at, actor_id, actor, role, action, from_state, to_state, prev_hash, hash) AS (
  SELECT b.id, 1, b.events, b.created, b.applicant_id, b.applicant, 'applicant', 'create', NULL::text, 'draft',
    bench_genesis(),
    sha256(bench_genesis() || bench_body('create', b.applicant_id, 'applicant', b.applicant, b.id, b.created, NULL,
      'draft', b.amount, b.reference, 1))
  FROM base b
  UNION ALL
  SELECT c.id, c.seq + 1, c.events, c.at + interval '1 hour', n.actor_id, n.actor, n.role, n.action, c.to_state,
    n.to_state, c.hash,
    sha256(c.hash || bench_body(n.action, n.actor_id, n.role, n.actor, c.id, c.at + interval '1 hour', c.to_state,
      n.to_state, 0, b.reference, c.seq + 1))
  FROM chain c
  JOIN base b ON b.id = c.id
  CROSS JOIN LATERAL (SELECT
      CASE WHEN c.seq + 1 = 2 THEN 'submit' WHEN c.seq + 1 = 3 THEN 'startReview'
           WHEN (c.seq + 1) % 2 = 0 THEN 'requestInfo' ELSE 'resubmit' END AS action) a
  CROSS JOIN LATERAL (SELECT a.action,
      CASE a.action WHEN 'submit' THEN 'submitted' WHEN 'startReview' THEN 'underReview'
           WHEN 'requestInfo' THEN 'needsInfo' ELSE 'underReview' END AS to_state,
      CASE WHEN a.action IN ('submit', 'resubmit') THEN b.applicant_id ELSE (SELECT id FROM bench_officer) END AS actor_id,
      CASE WHEN a.action IN ('submit', 'resubmit') THEN b.applicant ELSE (SELECT username FROM bench_officer) END AS actor,
      CASE WHEN a.action IN ('submit', 'resubmit') THEN 'applicant' ELSE 'officer' END AS role) n
  WHERE c.seq < c.events
),
apps AS (
  INSERT INTO applications (id, reference, programme_id, cooperative_id, state, version, request, requested_amount,
    rule_version, created_by, submitted_by, submitted_at, assignee, review_due_at, clock_paused_at, info_request,
    access_code_hash, chain_seq, chain_head, created_at, updated_at)
  SELECT b.id, b.reference, b.programme_id, b.cooperative_id, h.to_state, b.events,
    jsonb_build_object('amount', b.amount, 'documents', '[]'::jsonb, 'items', '[]'::jsonb,
      'purpose', 'Hỗ trợ chuyển đổi số'),
    b.amount, b.rule_version, b.applicant_id, b.applicant_id, b.created + interval '1 hour',
    (SELECT id FROM bench_officer), b.created + interval '15 days',
    CASE WHEN h.to_state = 'needsInfo' THEN h.at END,
    CASE WHEN h.to_state = 'needsInfo' THEN 'Đề nghị bổ sung báo giá' END,
    b.salt || '$' || encode(sha256(decode(b.salt, 'hex') || convert_to(b.code, 'UTF8')), 'hex'),
    b.events, h.hash, b.created, h.at
  FROM base b JOIN chain h ON h.id = b.id AND h.seq = b.events
)
INSERT INTO application_events (application_id, seq, at, actor_id, actor_username, role, channel, action, from_state,
  to_state, body, prev_hash, hash)
SELECT c.id, c.seq, c.at, c.actor_id, c.actor, c.role, 'api', c.action, c.from_state, c.to_state,
  bench_body(c.action, c.actor_id, c.role, c.actor, c.id, c.at, c.from_state, c.to_state,
    CASE WHEN c.seq = 1 THEN b.amount ELSE 0 END, b.reference, c.seq),
  c.prev_hash, c.hash
FROM chain c JOIN base b ON b.id = c.id;
