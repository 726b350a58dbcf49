-- Actions as of a date D (RULES.md "Actions"). Every macro takes D as a DATE or an ISO
-- string; every row carries `board` — callers filter on it.
-- Output columns never reuse a parameter name (as_of, q_start, …): DuckDB substitutes a
-- calling macro's parameter for a same-named column, so your own macro can name its
-- parameter `as_of` and call these safely. Parameters are positional.
--
-- action_status(as_of) — one row per (non-withdrawn) action that EXISTS as of D
-- (start_date blank or <= D). Returns with reported_on > D are ignored for everything.
--   as_of_date          DATE     D
--   board               VARCHAR  the recommendation's source's board
--   action_id, recommendation_id, source_id (review_id or audit_id),
--   source_type         'review' | 'audit'
--   owner_agency, lead_role, text, evidence, measure_id
--   status              the action's own status column (as loaded)
--   start_date, due_date (original), completed_date, cancelled_date   (as loaded)
--   returns_count       BIGINT   returns up to D
--   latest_return_date  DATE     greatest reported_on <= D (NULL: no return yet)
--   latest_status       status of that return
--   latest_rag          REPORTED rag of that return (NULL = not reported; never inherited)
--   latest_note         note of that return
--   revised_due_date    revised_due_date of the most recent return up to D giving one
--   effective_due_date  COALESCE(revised_due_date, due_date)
--   is_completed        completed_date <= D, or latest return status starts with 'Complete'
--   is_cancelled        cancelled_date <= D, or latest return status Cancelled/Superseded
--   is_open             NOT is_completed AND NOT is_cancelled
--   is_overdue          is_open AND effective_due_date < D (due on D is not overdue)
--   days_overdue        BIGINT   D - effective_due_date when is_overdue, else NULL
--   days_to_due         BIGINT   effective_due_date - D (any action; negative = past)
--   is_slipped          is_open AND effective_due_date > due_date
--   derived_rag         'Blue' completed | NULL cancelled | 'Red' overdue |
--                       'Amber' effective due 0..30 days after D | 'Green'
--   on_exception_list   is_open AND (is_overdue OR latest_rag = 'Red')
--   completion_date     completed_date when set, else reported_on of the earliest return
--                       up to D whose status starts with 'Complete' (NULL otherwise).
--                       Note: literal RULES — an action with completed_date set keeps that
--                       date even when it is later than D.
--   age_days            BIGINT   D - start_date (NULL when start_date blank)
--
-- action_status_at(dates) — the same for several dates in one pass: `dates` is a LIST
--   (e.g. [DATE '2026-03-31', DATE '2026-06-30'], or a Python list bound to ?); one row
--   per (as_of_date, action existing then). action_status(as_of) is this with one date,
--   so the rules are written once. Use it for trends instead of calling action_status
--   in a loop.
--
-- actions_completed_in(period_start, as_of) — action_status(as_of) rows whose
--   completion_date is between period_start and as_of (inclusive). Same columns.
--
-- returns_expected(q_start, q_end) — actions open as of q_start AND as of q_end (each
--   judged by action_status at that date, so the action must exist at both).
--   Columns: action_status(q_end) columns, plus
--   quarter_start, quarter_end      DATE
--   has_return          BOOLEAN  a return with reported_on in [q_start, q_end]
--   quarter_return_date DATE     latest such return (NULL when missing)
--
-- returns_expected_for(starts, ends) — the same for several periods in one pass: two
--   LISTs of equal length (period i = starts[i]..ends[i]). Same columns.
--
-- returns_missing(q_start, q_end) — returns_expected rows with NOT has_return
--   ("Return missing for a quarter"). Same columns.
--
-- return_counts(q_start, q_end) — per board, owner_agency for one quarter:
--   board, owner_agency, quarter_start, quarter_end, expected, returned, missing (BIGINT),
--   return_rate_pct (DOUBLE, 100·returned/expected rounded half away to 1 dp)
--
-- return_rates(as_of) — per board, owner_agency over the four quarters ending with the
--   calendar quarter containing as_of (as_of is normally a quarter end):
--   board, owner_agency, first_quarter_start, last_quarter_end, expected, returned,
--   missing (BIGINT; action-quarters), return_rate_pct (DOUBLE, 1 dp)
-- return_rates_by_source(as_of) — the same per board, owner_agency, source_id, so a page
--   filtered to one review type can add up just that type's action-quarters

CREATE OR REPLACE MACRO action_status_at(p_dates) AS TABLE
WITH dates AS (
    SELECT DISTINCT CAST(unnest(p_dates) AS DATE) AS as_of_date
),
ret AS (
    SELECT d.as_of_date, u.action_id,
           count(*)                                        AS returns_count,
           max(u.reported_on)                              AS latest_return_date,
           arg_max_null(u.status, u.reported_on)           AS latest_status,
           arg_max_null(u.rag, u.reported_on)              AS latest_rag,
           arg_max_null(u.note, u.reported_on)             AS latest_note,
           arg_max(u.revised_due_date, u.reported_on)
               FILTER (WHERE u.revised_due_date IS NOT NULL) AS revised_due_date,
           min(u.reported_on)
               FILTER (WHERE starts_with(u.status, 'Complete')) AS first_complete_return
    FROM _stg_updates_own u          -- base below keeps only staged actions
    JOIN dates d ON u.reported_on <= d.as_of_date
    GROUP BY d.as_of_date, u.action_id
),
base AS (
    SELECT d.as_of_date,
           a.board, a.action_id, a.recommendation_id, a.source_id, a.source_type,
           a.owner_agency, a.lead_role, a.text, a.evidence, a.measure_id, a.status,
           a.start_date, a.due_date, a.completed_date, a.cancelled_date,
           COALESCE(r.returns_count, 0) AS returns_count,
           r.latest_return_date, r.latest_status, r.latest_rag, r.latest_note,
           r.revised_due_date,
           COALESCE(r.revised_due_date, a.due_date) AS effective_due_date,
           COALESCE(a.completed_date <= d.as_of_date, FALSE)
               OR COALESCE(starts_with(r.latest_status, 'Complete'), FALSE) AS is_completed,
           COALESCE(a.cancelled_date <= d.as_of_date, FALSE)
               OR COALESCE(r.latest_status IN ('Cancelled', 'Superseded'), FALSE) AS is_cancelled,
           COALESCE(a.completed_date, r.first_complete_return) AS completion_date
    FROM stg_actions a
    JOIN dates d ON a.start_date IS NULL OR a.start_date <= d.as_of_date
    LEFT JOIN ret r ON r.action_id = a.action_id AND r.as_of_date = d.as_of_date
),
flags AS (
    SELECT *,
           NOT is_completed AND NOT is_cancelled AS is_open,
           NOT is_completed AND NOT is_cancelled AND effective_due_date < as_of_date AS is_overdue,
           NOT is_completed AND NOT is_cancelled AND effective_due_date > due_date AS is_slipped,
           effective_due_date - as_of_date AS days_to_due
    FROM base
)
SELECT as_of_date, board, action_id, recommendation_id, source_id, source_type,
       owner_agency, lead_role, text, evidence, measure_id, status,
       start_date, due_date, completed_date, cancelled_date,
       returns_count, latest_return_date, latest_status, latest_rag, latest_note,
       revised_due_date, effective_due_date,
       is_completed, is_cancelled, is_open, is_overdue,
       CASE WHEN is_overdue THEN as_of_date - effective_due_date END AS days_overdue,
       days_to_due,
       is_slipped,
       CASE WHEN is_completed THEN 'Blue'
            WHEN is_cancelled THEN NULL
            WHEN is_overdue THEN 'Red'
            WHEN days_to_due BETWEEN 0 AND 30 THEN 'Amber'
            ELSE 'Green' END AS derived_rag,
       is_open AND (is_overdue OR COALESCE(latest_rag = 'Red', FALSE)) AS on_exception_list,
       completion_date,
       as_of_date - start_date AS age_days
FROM flags;

CREATE OR REPLACE MACRO action_status(p_as_of) AS TABLE
SELECT * FROM action_status_at([CAST(p_as_of AS DATE)]);

CREATE OR REPLACE MACRO actions_completed_in(p_period_start, p_as_of) AS TABLE
SELECT *
FROM action_status(p_as_of)
WHERE completion_date BETWEEN CAST(p_period_start AS DATE) AND CAST(p_as_of AS DATE);

CREATE OR REPLACE MACRO returns_expected_for(p_starts, p_ends) AS TABLE
WITH periods AS (
    SELECT CAST(unnest(p_starts) AS DATE) AS quarter_start,
           CAST(unnest(p_ends) AS DATE) AS quarter_end
),
st AS MATERIALIZED (
    SELECT * FROM action_status_at(list_concat(p_starts, p_ends)) WHERE is_open
),
expected AS (
    SELECT p.quarter_start, p.quarter_end, e.*
    FROM periods p
    JOIN st s ON s.as_of_date = p.quarter_start
    JOIN st e ON e.as_of_date = p.quarter_end AND e.action_id = s.action_id
),
in_quarter AS (
    SELECT x.quarter_start, x.quarter_end, x.action_id, max(u.reported_on) AS quarter_return_date
    FROM expected x
    JOIN _stg_updates_own u
      ON u.action_id = x.action_id
     AND u.reported_on BETWEEN x.quarter_start AND x.quarter_end
    GROUP BY x.quarter_start, x.quarter_end, x.action_id
)
SELECT x.* EXCLUDE (quarter_start, quarter_end),
       x.quarter_start, x.quarter_end,
       q.action_id IS NOT NULL AS has_return,
       q.quarter_return_date
FROM expected x
LEFT JOIN in_quarter q ON q.quarter_start = x.quarter_start AND q.quarter_end = x.quarter_end
                      AND q.action_id = x.action_id;

CREATE OR REPLACE MACRO returns_expected(p_start, p_end) AS TABLE
SELECT * FROM returns_expected_for([CAST(p_start AS DATE)], [CAST(p_end AS DATE)]);

CREATE OR REPLACE MACRO returns_missing(p_start, p_end) AS TABLE
SELECT * FROM returns_expected(p_start, p_end) WHERE NOT has_return;

CREATE OR REPLACE MACRO return_counts(p_start, p_end) AS TABLE
SELECT board, owner_agency, quarter_start, quarter_end,
       count(*) AS expected,
       count(*) FILTER (WHERE has_return) AS returned,
       count(*) FILTER (WHERE NOT has_return) AS missing,
       pct_1dp(count(*) FILTER (WHERE has_return), count(*)) AS return_rate_pct
FROM returns_expected(p_start, p_end)
GROUP BY board, owner_agency, quarter_start, quarter_end;

CREATE OR REPLACE MACRO return_rates_by_source(p_as_of) AS TABLE
SELECT board, owner_agency, source_id,
       min(quarter_start) AS first_quarter_start, max(quarter_end) AS last_quarter_end,
       count(*) AS expected,
       count(*) FILTER (WHERE has_return) AS returned,
       count(*) FILTER (WHERE NOT has_return) AS missing,
       pct_1dp(count(*) FILTER (WHERE has_return), count(*)) AS return_rate_pct
FROM returns_expected_for(
    [CAST(date_trunc('quarter', CAST(p_as_of AS DATE)) - INTERVAL 9 MONTH AS DATE),
     CAST(date_trunc('quarter', CAST(p_as_of AS DATE)) - INTERVAL 6 MONTH AS DATE),
     CAST(date_trunc('quarter', CAST(p_as_of AS DATE)) - INTERVAL 3 MONTH AS DATE),
     CAST(date_trunc('quarter', CAST(p_as_of AS DATE)) AS DATE)],
    [CAST(date_trunc('quarter', CAST(p_as_of AS DATE)) - INTERVAL 6 MONTH - INTERVAL 1 DAY AS DATE),
     CAST(date_trunc('quarter', CAST(p_as_of AS DATE)) - INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE),
     CAST(date_trunc('quarter', CAST(p_as_of AS DATE)) - INTERVAL 1 DAY AS DATE),
     CAST(date_trunc('quarter', CAST(p_as_of AS DATE)) + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE)])
GROUP BY board, owner_agency, source_id;

CREATE OR REPLACE MACRO return_rates(p_as_of) AS TABLE
SELECT board, owner_agency,
       min(first_quarter_start) AS first_quarter_start, max(last_quarter_end) AS last_quarter_end,
       sum(expected)::BIGINT AS expected, sum(returned)::BIGINT AS returned,
       sum(missing)::BIGINT AS missing,
       pct_1dp(sum(returned)::BIGINT, sum(expected)::BIGINT) AS return_rate_pct
FROM return_rates_by_source(p_as_of)
GROUP BY board, owner_agency;
