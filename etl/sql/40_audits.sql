-- Audit grade shares (RULES.md "Audits"). A share is the percentage of an audit's
-- audit_grades ROWS (not cases) at a grade, rounded half away from zero to 1 decimal
-- (pct_1dp, exact integer arithmetic), not forced to total 100. An audit with no grade
-- rows has no shares (it is absent from the share macros).
--
-- audit_grade_shares() — one row per (non-withdrawn) audit with >= 1 grade row:
--   board, audit_id, title, audit_type, reported_date, cases_audited
--   quarter_start        DATE  first day of the calendar quarter of reported_date
--   graded_rows          BIGINT
--   graded_cases         BIGINT distinct case_ref
--   outstanding_rows, good_rows, requires_improvement_rows, inadequate_rows  BIGINT
--   outstanding_pct, good_pct, requires_improvement_pct, inadequate_pct      DOUBLE (1 dp)
--
-- audit_grade_shares_by(dimension) — the same shares per audit and one breakdown column:
--   dimension is 'domain' or 'agency' (a string literal).
--   board, audit_id, title, reported_date, dimension, group_value (the domain or agency),
--   graded_rows, <grade>_rows, <grade>_pct as above
--
-- audit_data_quality (view) — one row per (non-withdrawn) audit:
--   board, audit_id, title, reported_date, cases_audited, graded_rows, graded_cases,
--   more_cases_than_audited BOOLEAN graded_cases > cases_audited (cases_audited set)

-- grade_tally(p_dimension) — internal: the one place grade rows are counted and shares
--   computed, per audit ('audit') or per audit and domain/agency. The public macros
--   below only choose their columns from it.
CREATE OR REPLACE MACRO grade_tally(p_dimension) AS TABLE
WITH g AS (
    SELECT audit_id,
           CASE p_dimension WHEN 'agency' THEN agency WHEN 'domain' THEN domain END AS group_value,
           count(*) AS graded_rows,
           count(DISTINCT case_ref) AS graded_cases,
           count(*) FILTER (WHERE grade = 'Outstanding') AS outstanding_rows,
           count(*) FILTER (WHERE grade = 'Good') AS good_rows,
           count(*) FILTER (WHERE grade = 'Requires improvement') AS requires_improvement_rows,
           count(*) FILTER (WHERE grade = 'Inadequate') AS inadequate_rows
    FROM stg_audit_grades
    GROUP BY ALL
)
SELECT a.board, a.audit_id, a.title, a.audit_type, a.reported_date, a.cases_audited,
       g.group_value, g.graded_rows, g.graded_cases,
       g.outstanding_rows, g.good_rows, g.requires_improvement_rows, g.inadequate_rows,
       pct_1dp(g.outstanding_rows, g.graded_rows) AS outstanding_pct,
       pct_1dp(g.good_rows, g.graded_rows) AS good_pct,
       pct_1dp(g.requires_improvement_rows, g.graded_rows) AS requires_improvement_pct,
       pct_1dp(g.inadequate_rows, g.graded_rows) AS inadequate_pct
FROM stg_audits a
JOIN g ON g.audit_id = a.audit_id;

CREATE OR REPLACE MACRO audit_grade_shares() AS TABLE
SELECT board, audit_id, title, audit_type, reported_date, cases_audited,
       CAST(date_trunc('quarter', reported_date) AS DATE) AS quarter_start,
       graded_rows, graded_cases,
       outstanding_rows, good_rows, requires_improvement_rows, inadequate_rows,
       outstanding_pct, good_pct, requires_improvement_pct, inadequate_pct
FROM grade_tally('audit');

CREATE OR REPLACE MACRO audit_grade_shares_by(p_dimension) AS TABLE
SELECT board, audit_id, title, reported_date,
       CASE WHEN p_dimension = 'agency' THEN 'agency' ELSE 'domain' END AS dimension,
       group_value, graded_rows,
       outstanding_rows, good_rows, requires_improvement_rows, inadequate_rows,
       outstanding_pct, good_pct, requires_improvement_pct, inadequate_pct
FROM grade_tally(CASE WHEN p_dimension = 'agency' THEN 'agency' ELSE 'domain' END);

CREATE OR REPLACE VIEW audit_data_quality AS
SELECT a.board, a.audit_id, a.title, a.reported_date, a.cases_audited,
       COALESCE(g.graded_rows, 0) AS graded_rows,
       COALESCE(g.graded_cases, 0) AS graded_cases,
       COALESCE(g.graded_cases > a.cases_audited, FALSE) AS more_cases_than_audited
FROM stg_audits a
LEFT JOIN grade_tally('audit') g ON g.audit_id = a.audit_id;
