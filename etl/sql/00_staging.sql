-- Staging views: the contract tables with withdrawn rows (and every row depending on a
-- withdrawn row) removed, and the owning board added. Every figure reads these views,
-- never the raw tables, so "withdrawn rows are out of every figure" holds in one place.
--
-- Dependents cascade by construction: each child view INNER JOINs its parent's staging
-- view, so withdrawing a review removes its learning, recommendations, their actions and
-- those actions' returns; withdrawing an audit removes its grades, learning and
-- recommendations (and so on down); a recommendation → its actions → returns; an action →
-- its returns; a measure → its values.
--
-- A row is withdrawn while a `withdrawals` row names it (table_name, row_key =
-- contract.row_key: 'A-1' or 'A-1|2026-03-31', composite parts joined by '|', dates ISO)
-- and has restored_at IS NULL.
--
-- Columns (all contract columns of the table, plus):
--   stg_reviews          … + (nothing; has its own board)
--   stg_audits           … + (nothing; has its own board)
--   stg_measures         … + (nothing; has its own board)
--   stg_sources          source_id, source_type ('review'|'audit'), board, title, source_date
--                        (reviews: COALESCE(completed_date, decision_date, notified_date);
--                         audits: reported_date) — one row per review or audit
--   stg_learning         … + board, source_type ('review'|'audit')
--   stg_recommendations  … + board, source_type ('review'|'audit')
--   stg_actions          … + board, source_id, source_type
--   stg_action_updates   … + board, owner_agency
--   stg_audit_grades     … + board
--   stg_measure_values   … + board
-- Provenance columns (_first_load, _last_load, _source) are kept.
--
-- Helpers: pct_1dp(n, d) scalar macro — 100·n/d rounded half away from zero to 1 dp,
-- exact (the one rounding rule for every percentage; RULES.md "Audits").
-- Internal (leading underscore, do not use outside etl/sql): _stg_withdrawn,
-- _stg_withdrawn_dated, _stg_updates_own.
--
-- The cascade here gives exactly the rows listed by `withdrawn_keys` (01_withdrawn.sql,
-- which also says WHICH withdrawal took a row out); tests/metrics check they agree. It is
-- written as joins because 00 is created before 01 and DuckDB binds views at creation.

CREATE OR REPLACE VIEW _stg_withdrawn AS
SELECT DISTINCT table_name, row_key
FROM withdrawals
WHERE restored_at IS NULL;

-- Composite keys parsed back into typed columns, so the large child tables anti-join on
-- their own columns instead of building a text key for every row.
CREATE OR REPLACE VIEW _stg_withdrawn_dated AS
SELECT table_name,
       left(row_key, length(row_key) - 11) AS id,          -- key = id '|' YYYY-MM-DD
       TRY_CAST(right(row_key, 10) AS DATE) AS day
FROM _stg_withdrawn
WHERE table_name IN ('action_updates', 'measure_values');

CREATE OR REPLACE VIEW stg_reviews AS
SELECT r.*
FROM reviews r
WHERE r.review_id NOT IN (SELECT row_key FROM _stg_withdrawn WHERE table_name = 'reviews');

CREATE OR REPLACE VIEW stg_audits AS
SELECT a.*
FROM audits a
WHERE a.audit_id NOT IN (SELECT row_key FROM _stg_withdrawn WHERE table_name = 'audits');

CREATE OR REPLACE VIEW stg_measures AS
SELECT m.*
FROM measures m
WHERE m.measure_id NOT IN (SELECT row_key FROM _stg_withdrawn WHERE table_name = 'measures');

CREATE OR REPLACE VIEW stg_sources AS
SELECT review_id AS source_id, 'review' AS source_type, board, title,
       COALESCE(completed_date, decision_date, notified_date) AS source_date
FROM stg_reviews
UNION ALL
SELECT audit_id, 'audit', board, title, reported_date
FROM stg_audits;

CREATE OR REPLACE VIEW stg_learning AS
SELECT l.*, s.board, s.source_type
FROM learning l
JOIN stg_sources s ON s.source_id = l.source_id
WHERE l.learning_id NOT IN (SELECT row_key FROM _stg_withdrawn WHERE table_name = 'learning');

CREATE OR REPLACE VIEW stg_recommendations AS
SELECT r.*, s.board, s.source_type
FROM recommendations r
JOIN stg_sources s ON s.source_id = r.source_id
WHERE r.recommendation_id NOT IN
      (SELECT row_key FROM _stg_withdrawn WHERE table_name = 'recommendations');

CREATE OR REPLACE VIEW stg_actions AS
SELECT a.*, r.board, r.source_id, r.source_type
FROM actions a
JOIN stg_recommendations r ON r.recommendation_id = a.recommendation_id
WHERE a.action_id NOT IN (SELECT row_key FROM _stg_withdrawn WHERE table_name = 'actions');

-- _stg_updates_own: returns minus those withdrawn themselves (parents NOT checked). Only
-- for macros that join the result to stg_actions anyway (saves a join on the largest table).
CREATE OR REPLACE VIEW _stg_updates_own AS
SELECT u.*
FROM action_updates u
ANTI JOIN (SELECT id, day FROM _stg_withdrawn_dated WHERE table_name = 'action_updates') w
       ON w.id = u.action_id AND w.day = u.reported_on;

CREATE OR REPLACE VIEW stg_action_updates AS
SELECT u.*, a.board, a.owner_agency
FROM _stg_updates_own u
JOIN stg_actions a ON a.action_id = u.action_id;

CREATE OR REPLACE VIEW stg_audit_grades AS
SELECT g.*, a.board
FROM audit_grades g
JOIN stg_audits a ON a.audit_id = g.audit_id
WHERE g.audit_id || '|' || g.case_ref || '|' || g.agency || '|' || g.domain NOT IN
      (SELECT row_key FROM _stg_withdrawn WHERE table_name = 'audit_grades');

CREATE OR REPLACE VIEW stg_measure_values AS
SELECT v.*, m.board
FROM measure_values v
JOIN stg_measures m ON m.measure_id = v.measure_id
ANTI JOIN (SELECT id, day FROM _stg_withdrawn_dated WHERE table_name = 'measure_values') w
       ON w.id = v.measure_id AND w.day = v.period_end;

-- pct_1dp(n, d): 100·n/d rounded half AWAY from zero to 1 decimal, computed exactly in
-- integers (n, d ≥ 0 counts) so 1/8 = 12.5, 1/6 = 16.7, 1/16 = 6.3 on every client —
-- round() on a DOUBLE is float-fragile. NULL when d is 0 or NULL. Returns DOUBLE.
CREATE OR REPLACE MACRO pct_1dp(n, d) AS
    CASE WHEN d > 0 THEN
        CAST((2000 * CAST(n AS HUGEINT) + CAST(d AS HUGEINT)) // (2 * CAST(d AS HUGEINT)) AS DOUBLE) / 10
    END;
