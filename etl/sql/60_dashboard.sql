-- Dashboard-only aggregates (owned by the dashboard). Built ON the metric layer: every
-- RULES.md figure (open, overdue, completed, slipped, milestones, measure status, grade
-- shares, return missing) comes from 10_actions / 20_reviews / 30_measures / 40_audits;
-- this file only groups, buckets and checks. Every row carries `board`.
--
-- action_rates(as_of) — per board, owner_agency, source_id (review or audit):
--   board, owner_agency, source_id, source_type
--   existing      actions existing as of D
--   open, overdue, completed, cancelled, slipped, exceptions   (counts, BIGINT)
--   Roll up with SUM; rates are computed by the callers below so they can group.
--
-- agency_action_rates(as_of) — per board, owner_agency:
--   existing, open, overdue, completed, cancelled, slipped (BIGINT)
--   completion_rate_pct  completed / (existing − cancelled), 1 dp half away (pct_1dp)
--   overdue_rate_pct     overdue / open, 1 dp
--
-- source_action_rates(as_of) — the same per board, source_id (+ source_type, title).
--
-- action_ageing(as_of) — open actions per board, owner_agency, source_id and bucket of how
--   far past the effective due date they are:
--   bucket        'Not yet due' | '1–30 days overdue' | '31–90 days overdue' |
--                 '91–180 days overdue' | 'Over 180 days overdue'
--   bucket_order  1..5
--   n             BIGINT
--
-- reviews_in_progress(as_of) — reviews started and not yet finished as of D:
--   started = COALESCE(initiated_date, decision_date) <= D; finished = completed_date
--   or published_date <= D. Columns: stg_reviews columns + as_of.
--
-- (Grade shares per domain / agency: audit_grade_shares_by() in 40_audits.sql.)
--
-- data_quality — one row per problem found in the (non-withdrawn) data:
--   board, check_name, table_name, row_key, detail
--   check_name  'Action with no returns' | 'Impact evidenced with no evidence' |
--               'Measure with no values' | 'Target on the wrong side of the baseline' |
--               'More graded cases than cases audited'

CREATE OR REPLACE MACRO action_rates(as_of) AS TABLE
SELECT board, owner_agency, source_id, source_type,
       count(*) AS existing,
       count(*) FILTER (WHERE is_open) AS open,
       count(*) FILTER (WHERE is_overdue) AS overdue,
       count(*) FILTER (WHERE is_completed) AS completed,
       count(*) FILTER (WHERE is_cancelled AND NOT is_completed) AS cancelled,
       count(*) FILTER (WHERE is_slipped) AS slipped,
       count(*) FILTER (WHERE on_exception_list) AS exceptions
FROM action_status(as_of)
GROUP BY ALL;

CREATE OR REPLACE MACRO agency_action_rates(as_of) AS TABLE
SELECT board, owner_agency,
       sum(existing)::BIGINT AS existing, sum(open)::BIGINT AS open,
       sum(overdue)::BIGINT AS overdue, sum(completed)::BIGINT AS completed,
       sum(cancelled)::BIGINT AS cancelled, sum(slipped)::BIGINT AS slipped,
       pct_1dp(sum(completed), sum(existing) - sum(cancelled)) AS completion_rate_pct,
       pct_1dp(sum(overdue), sum(open)) AS overdue_rate_pct
FROM action_rates(as_of)
GROUP BY board, owner_agency;

CREATE OR REPLACE MACRO source_action_rates(as_of) AS TABLE
SELECT r.board, r.source_id, r.source_type, s.title,
       sum(existing)::BIGINT AS existing, sum(open)::BIGINT AS open,
       sum(overdue)::BIGINT AS overdue, sum(completed)::BIGINT AS completed,
       sum(cancelled)::BIGINT AS cancelled, sum(slipped)::BIGINT AS slipped,
       pct_1dp(sum(completed), sum(existing) - sum(cancelled)) AS completion_rate_pct,
       pct_1dp(sum(overdue), sum(open)) AS overdue_rate_pct
FROM action_rates(as_of) r
LEFT JOIN stg_sources s ON s.source_id = r.source_id
GROUP BY r.board, r.source_id, r.source_type, s.title;

CREATE OR REPLACE MACRO action_ageing(as_of) AS TABLE
SELECT board, owner_agency, source_id, bucket, bucket_order, count(*) AS n
FROM (
    SELECT board, owner_agency, source_id,
           CASE WHEN NOT is_overdue THEN 'Not yet due'
                WHEN days_overdue <= 30 THEN '1–30 days overdue'
                WHEN days_overdue <= 90 THEN '31–90 days overdue'
                WHEN days_overdue <= 180 THEN '91–180 days overdue'
                ELSE 'Over 180 days overdue' END AS bucket,
           CASE WHEN NOT is_overdue THEN 1
                WHEN days_overdue <= 30 THEN 2
                WHEN days_overdue <= 90 THEN 3
                WHEN days_overdue <= 180 THEN 4
                ELSE 5 END AS bucket_order
    FROM action_status(as_of)
    WHERE is_open
)
GROUP BY ALL;

CREATE OR REPLACE MACRO reviews_in_progress(as_of) AS TABLE
SELECT CAST(as_of AS DATE) AS as_of, r.*
FROM stg_reviews r
WHERE COALESCE(r.initiated_date, r.decision_date) <= CAST(as_of AS DATE)
  AND NOT COALESCE(r.completed_date <= CAST(as_of AS DATE), FALSE)
  AND NOT COALESCE(r.published_date <= CAST(as_of AS DATE), FALSE);

CREATE OR REPLACE VIEW data_quality AS
SELECT a.board, 'Action with no returns' AS check_name, 'actions' AS table_name,
       a.action_id AS row_key,
       'No progress return has been loaded for this action (owner: ' || a.owner_agency || ')' AS detail
FROM stg_actions a
WHERE NOT EXISTS (SELECT 1 FROM stg_action_updates u WHERE u.action_id = a.action_id)
UNION ALL
SELECT a.board, 'Impact evidenced with no evidence', 'actions', a.action_id,
       'Status is "Complete - impact evidenced" but the evidence column is blank'
FROM stg_actions a
WHERE (a.status = 'Complete - impact evidenced'
       OR EXISTS (SELECT 1 FROM stg_action_updates u
                  WHERE u.action_id = a.action_id AND u.status = 'Complete - impact evidenced'))
  AND NULLIF(trim(COALESCE(a.evidence, '')), '') IS NULL
UNION ALL
SELECT m.board, 'Measure with no values', 'measures', m.measure_id,
       'No values have been loaded for "' || m.name || '"'
FROM stg_measures m
WHERE NOT EXISTS (SELECT 1 FROM stg_measure_values v WHERE v.measure_id = m.measure_id)
UNION ALL
SELECT s.board, 'Target on the wrong side of the baseline', 'measures', s.measure_id,
       'Better is ' || s.better || ', but the target (' || s.target || ') is worse than the baseline ('
           || s.baseline || ')'
FROM measure_status(DATE '2999-12-31') s
WHERE s.target_wrong_side
UNION ALL
SELECT board, 'More graded cases than cases audited', 'audits', audit_id,
       graded_cases || ' cases graded but cases_audited is ' || cases_audited
FROM audit_data_quality
WHERE more_cases_than_audited;

-- reaudit_comparison — audits of a topic audited more than once on the same board, with
-- their grade shares (audit_grade_shares()), so the committee sees whether practice moved.
-- The topic is the audit title compared case- and space-insensitively, with a trailing
-- year or "re-audit" marker ignored ("Neglect audit 2024" ≈ "Re-audit: neglect audit").
--   board, topic, audit_id, title, audit_type, reported_date, round (1 = first audit),
--   graded_rows, outstanding_pct, good_pct, requires_improvement_pct, inadequate_pct
CREATE OR REPLACE VIEW reaudit_comparison AS
WITH a AS (
    SELECT s.*,
           regexp_replace(regexp_replace(
               regexp_replace(lower(title), '\(?\s*re-?audit\s*\)?|\b(19|20)\d\d(/\d\d)?\b', '', 'g'),
               '\s+', ' ', 'g'), '^[\s:;,.–-]+|[\s:;,.–-]+$', '', 'g') AS topic
    FROM audit_grade_shares() s
), t AS (
    SELECT board, topic FROM a GROUP BY ALL HAVING count(*) > 1
)
SELECT a.board, a.topic, a.audit_id, a.title, a.audit_type, a.reported_date,
       row_number() OVER (PARTITION BY a.board, a.topic ORDER BY a.reported_date, a.audit_id) AS round,
       a.graded_rows, a.outstanding_pct, a.good_pct, a.requires_improvement_pct, a.inadequate_pct
FROM a JOIN t USING (board, topic);
