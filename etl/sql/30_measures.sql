-- Impact measures as of D (RULES.md "Impact measures").
--
-- measure_status(as_of) — one row per (non-withdrawn) measure, whatever its values:
--   as_of_date         DATE
--   board, measure_id, name, unit, better ('higher'|'lower'), source_id, themes
--   baseline           DOUBLE   baseline_value
--   baseline_date      DATE
--   target             DOUBLE   target_value
--   target_date        DATE     (does not affect the status)
--   values_count       BIGINT   values with period_end <= D
--   latest_value       DOUBLE   value with the greatest period_end <= D (NULL: none)
--   latest_period_end  DATE
--   previous_value     DOUBLE   value at the period_end before latest (for "moved")
--   previous_period_end DATE
--   status             VARCHAR  first that holds: 'No data' | 'Target met' |
--                      'No baseline' | 'Improving' | 'Worsening' | 'No change'
--   target_wrong_side  BOOLEAN  target and baseline set and the target is worse than the
--                      baseline in the `better` direction (a data-quality check)

CREATE OR REPLACE MACRO measure_status(p_as_of) AS TABLE
WITH v AS (
    SELECT measure_id, value, period_end,
           row_number() OVER (PARTITION BY measure_id ORDER BY period_end DESC) AS rn,
           count(*) OVER (PARTITION BY measure_id) AS values_count
    FROM stg_measure_values
    WHERE period_end <= CAST(p_as_of AS DATE)
),
j AS (
    SELECT CAST(p_as_of AS DATE) AS as_of_date,
           m.board, m.measure_id, m.name, m.unit, m.better, m.source_id, m.themes,
           m.baseline_value AS baseline, m.baseline_date,
           m.target_value AS target, m.target_date,
           COALESCE(l.values_count, 0) AS values_count,
           l.value AS latest_value, l.period_end AS latest_period_end,
           p.value AS previous_value, p.period_end AS previous_period_end
    FROM stg_measures m
    LEFT JOIN v l ON l.measure_id = m.measure_id AND l.rn = 1
    LEFT JOIN v p ON p.measure_id = m.measure_id AND p.rn = 2
)
SELECT *,
       CASE WHEN latest_period_end IS NULL THEN 'No data'
            WHEN target IS NOT NULL AND better = 'higher' AND latest_value >= target THEN 'Target met'
            WHEN target IS NOT NULL AND better = 'lower' AND latest_value <= target THEN 'Target met'
            WHEN baseline IS NULL THEN 'No baseline'
            WHEN better = 'higher' AND latest_value > baseline THEN 'Improving'
            WHEN better = 'lower' AND latest_value < baseline THEN 'Improving'
            WHEN better = 'higher' AND latest_value < baseline THEN 'Worsening'
            WHEN better = 'lower' AND latest_value > baseline THEN 'Worsening'
            ELSE 'No change'
       END AS status,
       COALESCE(CASE WHEN better = 'higher' THEN target < baseline
                     ELSE target > baseline END, FALSE) AS target_wrong_side
FROM j;
