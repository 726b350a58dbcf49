-- Review timeliness (RULES.md "Review timeliness" and "Date arithmetic").
--
-- milestone_deadlines (view) — one row per (non-withdrawn) review and statutory milestone
-- of its type, whatever the date:
--   board, review_id, title, review_type, methodology, review_status
--   milestone        VARCHAR  column name of the milestone ('decision_date', …)
--   start_milestone  VARCHAR  column name its clock starts from ('notified_date', …)
--   start_date       DATE     value of start_milestone (NULL: clock not started)
--   milestone_date   DATE     value of milestone (NULL: not happened)
--   deadline         DATE     start + rule (NULL when start_date is NULL)
--   deadline_rule    VARCHAR  '1 calendar month', '14 calendar days', '6 calendar months',
--                             '15 working days'
--   Rules:  SCR decision_date        from notified_date   1 calendar month
--           SCR panel_notified_date  from decision_date   14 calendar days
--           SCR completed_date       from initiated_date  6 calendar months
--           LCSPR published_date     from decision_date   6 calendar months
--           Rapid review completed_date from notified_date 15 working days
--   Calendar months clamp to month end (31 Jan + 1 month = 28/29 Feb). Working days: the
--   15th working day after the start (start not counted; it may itself be non-working),
--   from the `calendar` table (wd_index).
--
-- milestones(as_of) — milestone_deadlines plus, as of D:
--   as_of_date    DATE
--   applies       BOOLEAN start_date <= D
--   happened      BOOLEAN milestone_date <= D
--   is_late_outstanding BOOLEAN applies, not happened, deadline < D
--   is_met_late   BOOLEAN applies, happened, milestone_date > deadline
--   is_on_time    BOOLEAN applies, happened, milestone_date <= deadline
--   timeliness    VARCHAR 'On time' | 'Met late' | 'Outstanding and late' |
--                         'Outstanding' (applies, not happened, deadline >= D) |
--                         NULL (does not apply as of D)
--   days_late     BIGINT  met late: milestone_date - deadline; outstanding and late:
--                         D - deadline; else NULL

CREATE OR REPLACE VIEW milestone_deadlines AS
WITH r AS (
    SELECT review_id, board, title, review_type, methodology, status AS review_status,
           notified_date, decision_date, panel_notified_date, initiated_date,
           completed_date, published_date
    FROM stg_reviews
    WHERE review_type IN ('SCR', 'LCSPR', 'Rapid review')
),
m AS (
    SELECT r.*, 'decision_date' AS milestone, 'notified_date' AS start_milestone,
           notified_date AS start_date, decision_date AS milestone_date,
           CAST(notified_date + INTERVAL 1 MONTH AS DATE) AS deadline,
           '1 calendar month' AS deadline_rule
    FROM r WHERE review_type = 'SCR'
    UNION ALL
    SELECT r.*, 'panel_notified_date', 'decision_date',
           decision_date, panel_notified_date,
           decision_date + 14, '14 calendar days'
    FROM r WHERE review_type = 'SCR'
    UNION ALL
    SELECT r.*, 'completed_date', 'initiated_date',
           initiated_date, completed_date,
           CAST(initiated_date + INTERVAL 6 MONTH AS DATE), '6 calendar months'
    FROM r WHERE review_type = 'SCR'
    UNION ALL
    SELECT r.*, 'published_date', 'decision_date',
           decision_date, published_date,
           CAST(decision_date + INTERVAL 6 MONTH AS DATE), '6 calendar months'
    FROM r WHERE review_type = 'LCSPR'
    UNION ALL
    SELECT r.*, 'completed_date', 'notified_date',
           notified_date, completed_date,
           (SELECT c1.date FROM calendar c0 JOIN calendar c1
                ON c1.wd_index = c0.wd_index + 15 AND c1.is_working_day
            WHERE c0.date = r.notified_date),
           '15 working days'
    FROM r WHERE review_type = 'Rapid review'
)
SELECT board, review_id, title, review_type, methodology, review_status,
       milestone, start_milestone, start_date, milestone_date, deadline, deadline_rule
FROM m;

CREATE OR REPLACE MACRO milestones(p_as_of) AS TABLE
WITH f AS (
    SELECT CAST(p_as_of AS DATE) AS as_of_date, m.*,
           COALESCE(m.start_date <= CAST(p_as_of AS DATE), FALSE) AS applies,
           COALESCE(m.milestone_date <= CAST(p_as_of AS DATE), FALSE) AS happened
    FROM milestone_deadlines m
)
SELECT as_of_date, board, review_id, title, review_type, methodology, review_status,
       milestone, start_milestone, start_date, milestone_date, deadline, deadline_rule,
       applies, happened,
       applies AND NOT happened AND COALESCE(deadline < as_of_date, FALSE) AS is_late_outstanding,
       applies AND happened AND COALESCE(milestone_date > deadline, FALSE) AS is_met_late,
       applies AND happened AND COALESCE(milestone_date <= deadline, FALSE) AS is_on_time,
       CASE WHEN NOT applies THEN NULL
            WHEN happened AND milestone_date <= deadline THEN 'On time'
            WHEN happened AND milestone_date > deadline THEN 'Met late'
            WHEN NOT happened AND deadline < as_of_date THEN 'Outstanding and late'
            WHEN NOT happened THEN 'Outstanding'
       END AS timeliness,
       CASE WHEN applies AND happened AND milestone_date > deadline
                THEN milestone_date - deadline
            WHEN applies AND NOT happened AND deadline < as_of_date
                THEN as_of_date - deadline
       END AS days_late
FROM f;
