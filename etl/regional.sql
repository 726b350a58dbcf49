-- The regional warehouse (meta kind = 'regional'): what boards chose to share, one
-- bundle per board (etl/bundle.py writes them, etl/regional.py imports them). Every table
-- carries board_key (stable, never the name of a board shown as a letter) and shown_as
-- (the name or "Board K", as the board chose). Counts are VARCHAR: "<5" for 1–4.

CREATE TABLE IF NOT EXISTS regional_bundles (
    board_key      VARCHAR PRIMARY KEY,
    shown_as       VARCHAR NOT NULL,
    shared_as      VARCHAR NOT NULL,      -- 'name' | 'letter'
    as_of          DATE NOT NULL,
    exported_at    TIMESTAMP NOT NULL,
    period_from    VARCHAR,               -- YYYY-MM
    period_to      VARCHAR,
    schema_version VARCHAR NOT NULL,
    bundle_sha256  VARCHAR NOT NULL,
    imported_at    TIMESTAMP NOT NULL,
    imported_by    VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS regional_reviews (
    board_key VARCHAR NOT NULL, shown_as VARCHAR NOT NULL,
    review_id VARCHAR NOT NULL, review_type VARCHAR, methodology VARCHAR, status VARCHAR,
    notified_month VARCHAR, decision_month VARCHAR, panel_notified_month VARCHAR,
    initiated_month VARCHAR, completed_month VARCHAR, published_month VARCHAR
);

CREATE TABLE IF NOT EXISTS regional_learning (
    board_key VARCHAR NOT NULL, shown_as VARCHAR NOT NULL,
    learning_id VARCHAR NOT NULL, source_id VARCHAR, source_type VARCHAR, kind VARCHAR,
    text VARCHAR, themes VARCHAR[]
);

CREATE TABLE IF NOT EXISTS regional_recommendations (
    board_key VARCHAR NOT NULL, shown_as VARCHAR NOT NULL,
    recommendation_id VARCHAR NOT NULL, source_id VARCHAR, source_type VARCHAR,
    addressed_to VARCHAR, text VARCHAR, themes VARCHAR[]
);

CREATE TABLE IF NOT EXISTS regional_recommendation_actions (
    board_key VARCHAR NOT NULL, shown_as VARCHAR NOT NULL,
    recommendation_id VARCHAR NOT NULL, actions VARCHAR, open VARCHAR, completed VARCHAR,
    cancelled VARCHAR, overdue VARCHAR
);

CREATE TABLE IF NOT EXISTS regional_audit_grade_shares (
    board_key VARCHAR NOT NULL, shown_as VARCHAR NOT NULL,
    audit_id VARCHAR NOT NULL, audit_type VARCHAR, reported_month VARCHAR, themes VARCHAR[],
    grade_rows VARCHAR, outstanding_pct DOUBLE, good_pct DOUBLE,
    requires_improvement_pct DOUBLE, inadequate_pct DOUBLE
);

CREATE TABLE IF NOT EXISTS regional_measure_status (
    board_key VARCHAR NOT NULL, shown_as VARCHAR NOT NULL,
    measure_id VARCHAR NOT NULL, name VARCHAR, unit VARCHAR, better VARCHAR, status VARCHAR,
    themes VARCHAR[]
);

CREATE TABLE IF NOT EXISTS regional_benchmarks (
    board_key VARCHAR NOT NULL, shown_as VARCHAR NOT NULL,
    as_of VARCHAR, actions VARCHAR, actions_completed VARCHAR, actions_open VARCHAR,
    actions_overdue VARCHAR, completion_rate_pct DOUBLE, overdue_rate_pct DOUBLE,
    milestones_judged VARCHAR, milestones_on_time VARCHAR, milestones_met_late VARCHAR,
    milestones_late_outstanding VARCHAR, timeliness_rate_pct DOUBLE, grade_rows VARCHAR,
    outstanding_pct DOUBLE, good_pct DOUBLE, requires_improvement_pct DOUBLE, inadequate_pct DOUBLE
);

-- One row per confirmed theme of a shared statement, with the year of its source
-- (the review's completed/decision/notified month, or the audit's reported month).
CREATE OR REPLACE VIEW regional_statement_themes AS
WITH statements AS (
    SELECT board_key, shown_as, 'learning' AS statement_table, learning_id AS statement_id,
           source_id, text, themes FROM regional_learning
    UNION ALL
    SELECT board_key, shown_as, 'recommendations', recommendation_id, source_id, text, themes
    FROM regional_recommendations
), source_months AS (
    SELECT board_key, review_id AS source_id,
           coalesce(completed_month, decision_month, notified_month) AS source_month
    FROM regional_reviews
    UNION ALL
    SELECT board_key, audit_id, reported_month FROM regional_audit_grade_shares
)
SELECT s.board_key, s.shown_as, s.statement_table, s.statement_id, s.source_id, s.text,
       t.theme, m.source_month, TRY_CAST(left(m.source_month, 4) AS INTEGER) AS source_year
FROM statements s, unnest(s.themes) AS t(theme)
LEFT JOIN source_months m ON m.board_key = s.board_key AND m.source_id = s.source_id;

-- The regional theme table: for each theme, how many boards share it, which, and how
-- many statements and sources (reviews/audits) carry it.
CREATE OR REPLACE VIEW regional_theme_boards AS
SELECT theme,
       count(DISTINCT board_key) AS boards,
       string_agg(DISTINCT shown_as, ', ' ORDER BY shown_as) AS shown_as,
       count(DISTINCT board_key || '|' || statement_table || '|' || statement_id) AS statements,
       count(DISTINCT board_key || '|' || source_id) AS sources
FROM regional_statement_themes
GROUP BY theme;

-- Theme trend: statements per theme, board and source year.
CREATE OR REPLACE VIEW regional_theme_trend AS
SELECT theme, source_year, shown_as, board_key,
       count(DISTINCT statement_table || '|' || statement_id) AS statements
FROM regional_statement_themes
WHERE source_year IS NOT NULL
GROUP BY ALL;
