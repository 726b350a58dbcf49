-- withdrawn_keys(table_name, row_key, withdrawal_id): every row currently taken out of
-- the figures — rows withdrawn with `python -m etl withdraw` plus the rows that depend
-- on them — with the withdrawal that took each out (a row may be out for several).
-- row_key is contract.row_key: the id, or a composite key joined by '|' with ISO dates
-- ('A-1|2026-03-31'). Staging views (00_staging.sql) drop these rows.
-- Dependents:
--   reviews, audits  → their learning and recommendations (source_id)
--   audits           → their audit_grades
--   recommendations  → their actions → those actions' action_updates
--   measures         → their measure_values
-- A measure or action that merely *refers* to a withdrawn row (measures.source_id,
-- actions.measure_id) stays: it belongs to its own board and stands on its own.
-- Restored withdrawals (restored_at set) no longer count.
CREATE OR REPLACE VIEW withdrawn_keys AS
WITH w AS (
    SELECT withdrawal_id, table_name, row_key FROM withdrawals WHERE restored_at IS NULL
), sources AS (
    SELECT withdrawal_id, row_key AS id FROM w WHERE table_name IN ('reviews', 'audits')
), recs AS (
    SELECT withdrawal_id, row_key AS id FROM w WHERE table_name = 'recommendations'
    UNION ALL
    SELECT s.withdrawal_id, r.recommendation_id FROM recommendations r JOIN sources s ON r.source_id = s.id
), acts AS (
    SELECT withdrawal_id, row_key AS id FROM w WHERE table_name = 'actions'
    UNION ALL
    SELECT r.withdrawal_id, a.action_id FROM actions a JOIN recs r ON a.recommendation_id = r.id
)
SELECT DISTINCT table_name, row_key, withdrawal_id FROM (
    SELECT table_name, row_key, withdrawal_id FROM w
    UNION ALL
    SELECT 'learning', l.learning_id, s.withdrawal_id FROM learning l JOIN sources s ON l.source_id = s.id
    UNION ALL
    SELECT 'recommendations', id, withdrawal_id FROM recs
    UNION ALL
    SELECT 'actions', id, withdrawal_id FROM acts
    UNION ALL
    SELECT 'action_updates', concat_ws('|', u.action_id, CAST(u.reported_on AS VARCHAR)), a.withdrawal_id
    FROM action_updates u JOIN acts a ON u.action_id = a.id
    UNION ALL
    SELECT 'audit_grades', concat_ws('|', g.audit_id, g.case_ref, g.agency, g.domain), w.withdrawal_id
    FROM audit_grades g JOIN w ON w.table_name = 'audits' AND g.audit_id = w.row_key
    UNION ALL
    SELECT 'measure_values', concat_ws('|', v.measure_id, CAST(v.period_end AS VARCHAR)), w.withdrawal_id
    FROM measure_values v JOIN w ON w.table_name = 'measures' AND v.measure_id = w.row_key
);
