-- Confirmed themes and theme counts (RULES.md "Themes").
--
-- statement_themes (view) — one row per confirmed (statement, theme):
--   statement_table  'learning' | 'recommendations'
--   statement_id     learning_id / recommendation_id
--   theme            typology key
--   source_id        the review or audit the statement comes from
--   source_type      'review' | 'audit'
--   board
--   origin           'input'    — given in the input (the statement's themes list is
--                                 non-empty: then ONLY these count), or
--                    'accepted' — the input gave none and a person's latest decision on
--                                 that theme is 'accept', not superseded by a load.
-- Suggestions (theme_suggestions) are never confirmed unless accepted.
--
-- theme_occurrences (view) — every counted occurrence of a theme:
--   board, theme, source_id, source_type ('review'|'audit'), source_date
--   (stg_sources.source_date), statement_table, statement_id (both NULL for an audit's own
--   `themes`), origin ('input' | 'accepted' | 'audit')
--
-- theme_counts (view) — per board and theme, over all time:
--   board, theme, statements (distinct statements), sources (distinct reviews + audits,
--   an audit's own themes counting for that audit), reviews, audits  (BIGINT)
--
-- theme_counts_in(start, end) (macro) — the same, over occurrences whose source_date is
--   between start and end (inclusive): board, theme, statements, sources, reviews, audits

CREATE OR REPLACE VIEW statement_themes AS
WITH s AS (
    SELECT 'learning' AS statement_table, learning_id AS statement_id, themes,
           source_id, source_type, board
    FROM stg_learning
    UNION ALL
    SELECT 'recommendations', recommendation_id, themes, source_id, source_type, board
    FROM stg_recommendations
),
latest_decision AS (
    SELECT statement_table, statement_id, theme,
           arg_max_null(decision, decision_id) AS decision,
           arg_max_null(superseded_by_load, decision_id) AS superseded_by_load
    FROM theme_decisions
    GROUP BY statement_table, statement_id, theme
),
input AS (
    SELECT DISTINCT statement_table, statement_id, unnest(themes) AS theme,
           source_id, source_type, board, 'input' AS origin
    FROM s
    WHERE len(COALESCE(themes, [])) > 0
),
accepted AS (
    SELECT s.statement_table, s.statement_id, d.theme,
           s.source_id, s.source_type, s.board, 'accepted' AS origin
    FROM s
    JOIN latest_decision d
      ON d.statement_table = s.statement_table AND d.statement_id = s.statement_id
    WHERE len(COALESCE(s.themes, [])) = 0
      AND d.decision = 'accept' AND d.superseded_by_load IS NULL
)
SELECT statement_table, statement_id, theme, source_id, source_type, board, origin
FROM input
UNION ALL
SELECT statement_table, statement_id, theme, source_id, source_type, board, origin
FROM accepted;

CREATE OR REPLACE VIEW theme_occurrences AS
SELECT t.board, t.theme, t.source_id, t.source_type, src.source_date,
       t.statement_table, t.statement_id, t.origin
FROM statement_themes t
JOIN stg_sources src ON src.source_id = t.source_id
UNION ALL
SELECT a.board, a.theme, a.audit_id, 'audit', a.reported_date,
       NULL, NULL, 'audit'
FROM (SELECT DISTINCT board, audit_id, reported_date, unnest(themes) AS theme
      FROM stg_audits WHERE len(COALESCE(themes, [])) > 0) a;

CREATE OR REPLACE MACRO theme_counts_in(p_start, p_end) AS TABLE
SELECT board, theme,
       count(DISTINCT statement_table || ':' || statement_id) AS statements,
       count(DISTINCT source_id) AS sources,
       count(DISTINCT source_id) FILTER (WHERE source_type = 'review') AS reviews,
       count(DISTINCT source_id) FILTER (WHERE source_type = 'audit') AS audits
FROM theme_occurrences
-- NULL bounds = all time, undated sources included (the theme_counts view)
WHERE (p_start IS NULL AND p_end IS NULL)
   OR source_date BETWEEN CAST(p_start AS DATE) AND CAST(p_end AS DATE)
GROUP BY board, theme;

CREATE OR REPLACE VIEW theme_counts AS
SELECT * FROM theme_counts_in(NULL, NULL);
