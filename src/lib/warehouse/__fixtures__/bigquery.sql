-- Credence: sufficient statistics of "new-checkout" (bigquery).
WITH
-- Exposures: successful evaluations of the flag for the unit kind, marked as experiment exposures.
exposures AS (
  SELECT context_key AS unit_key, CASE CAST(variation_id AS STRING) WHEN 'off-6f1c' THEN '0' WHEN 'on-2b9e' THEN '1' ELSE CAST(variation_id AS STRING) END AS arm, received_time AS seen_at, context_attributes AS attrs
  FROM evaluation_events
  WHERE flag_key = 'new-checkout'
    AND context_kind = 'user'
    AND context_key IS NOT NULL
    AND context_key <> ''
    AND context_key <> 'LaunchDarklyDataExportTestEvent'
    AND variation_id IS NOT NULL
    AND (reason_kind IS NULL OR reason_kind <> 'ERROR')
    AND received_time IS NOT NULL
    AND experiment_iteration_id = 'a1b2c3d4'
),
-- Per unit exposed inside the window: first exposure and arms (more than one: excluded).
assigned AS (
  SELECT unit_key, MIN(seen_at) AS first_seen, MIN(arm) AS first_arm, COUNT(DISTINCT arm) AS arm_count
  FROM exposures
  WHERE seen_at >= TIMESTAMP '2026-03-02 00:00:00.000+00' AND seen_at < TIMESTAMP '2026-03-16 00:00:00.000+00'
  GROUP BY unit_key
),
-- Slicing attributes: those of the unit's first exposure; of two first exposures at the same time,
-- per attribute the smaller value (any value before none), as the browser import keeps.
first_values AS (
  SELECT e.unit_key,
    MIN(NULLIF(JSON_VALUE(e.attrs, '$."country"'), '')) AS slice_0
  FROM exposures e
  JOIN assigned a ON a.unit_key = e.unit_key AND e.seen_at = a.first_seen
  WHERE a.arm_count = 1
  GROUP BY e.unit_key
),
units AS (
  SELECT a.unit_key, a.first_arm AS variation, a.first_seen AS first_exposure, DATE(a.first_seen) AS exposure_day, f.slice_0
  FROM assigned a
  JOIN first_values f ON f.unit_key = a.unit_key
  WHERE a.arm_count = 1
),
-- Metric events of the metrics' event keys for the unit kind.
events AS (
  SELECT context_key AS unit_key, event_key AS event_name, received_time AS seen_at, CAST(metric_value AS FLOAT64) AS event_value, NULLIF(CAST(event_id AS STRING), '') AS event_ref
  FROM metric_events
  WHERE context_kind = 'user'
    AND event_key IN ('signup', 'purchase')
    AND context_key IS NOT NULL
    AND context_key <> ''
    AND context_key <> 'LaunchDarklyDataExportTestEvent'
    AND received_time IS NOT NULL
),
-- What becomes of each event (the browser import's order of checks).
placed AS (
  SELECT e.unit_key, e.event_name, e.seen_at, e.event_value, e.event_ref,
    CASE WHEN NOT (e.seen_at >= TIMESTAMP '2026-03-02 00:00:00.000+00' AND e.seen_at < TIMESTAMP '2026-03-16 00:00:00.000+00') THEN 'outside-window'
         WHEN a.unit_key IS NULL THEN 'unit-not-exposed'
         WHEN a.arm_count > 1 THEN 'several-arms'
         WHEN e.seen_at < a.first_seen THEN 'before-exposure'
         ELSE 'counted' END AS outcome
  FROM events e
  LEFT JOIN assigned a ON a.unit_key = e.unit_key
),
-- Duplicates (same event id; without one, same unit, key, time and value) count once.
counted AS (
  SELECT unit_key, event_name, event_value, row_number() OVER (PARTITION BY event_ref, CASE WHEN event_ref IS NULL THEN unit_key END, CASE WHEN event_ref IS NULL THEN event_name END, CASE WHEN event_ref IS NULL THEN seen_at END, CASE WHEN event_ref IS NULL THEN event_value END ORDER BY seen_at) AS copy_number
  FROM placed
  WHERE outcome = 'counted'
),
after_exposure AS (
  SELECT unit_key,
    COUNT(CASE WHEN event_name = 'signup' THEN 1 END) AS n_events_0,
    COUNT(CASE WHEN event_name = 'signup' THEN event_value END) AS n_valued_0,
    SUM(CASE WHEN event_name = 'signup' THEN event_value END) AS n_total_0,
    COUNT(CASE WHEN event_name = 'purchase' THEN 1 END) AS n_events_1,
    COUNT(CASE WHEN event_name = 'purchase' THEN event_value END) AS n_valued_1,
    SUM(CASE WHEN event_name = 'purchase' THEN event_value END) AS n_total_1
  FROM counted
  WHERE copy_number = 1
  GROUP BY unit_key
),
-- CUPED: each unit's events in the 14 days before its first exposure, duplicates once.
pre_counted AS (
  SELECT unit_key, event_name, event_value, row_number() OVER (PARTITION BY event_ref, CASE WHEN event_ref IS NULL THEN unit_key END, CASE WHEN event_ref IS NULL THEN event_name END, CASE WHEN event_ref IS NULL THEN seen_at END, CASE WHEN event_ref IS NULL THEN event_value END ORDER BY seen_at) AS copy_number
  FROM (
    SELECT e.unit_key, e.event_name, e.seen_at, e.event_value, e.event_ref
    FROM events e
    JOIN units u ON u.unit_key = e.unit_key
    WHERE e.seen_at >= TIMESTAMP_SUB(u.first_exposure, INTERVAL 14 DAY) AND e.seen_at < u.first_exposure
  ) before_exposure
),
pre_period AS (
  SELECT unit_key,
    COUNT(CASE WHEN event_name = 'signup' THEN 1 END) AS p_events_0,
    COUNT(CASE WHEN event_name = 'signup' THEN event_value END) AS p_valued_0,
    SUM(CASE WHEN event_name = 'signup' THEN event_value END) AS p_total_0,
    COUNT(CASE WHEN event_name = 'purchase' THEN 1 END) AS p_events_1,
    COUNT(CASE WHEN event_name = 'purchase' THEN event_value END) AS p_valued_1,
    SUM(CASE WHEN event_name = 'purchase' THEN event_value END) AS p_total_1
  FROM pre_counted
  WHERE copy_number = 1
  GROUP BY unit_key
),
-- Per unit and metric: y, the denominator d, the pre-period covariate x.
unit_metrics AS (
  SELECT u.unit_key,
    u.variation,
    u.exposure_day,
    u.slice_0,
    CASE WHEN COALESCE(a.n_events_0, 0) > 0 THEN 1 ELSE 0 END AS y_0,
    CASE WHEN COALESCE(a.n_events_0, 0) > 0 THEN 1 ELSE 0 END AS has_0,
    CASE WHEN COALESCE(b.p_events_0, 0) > 0 THEN 1 ELSE 0 END AS x_0,
    COALESCE(a.n_total_1, 0) AS y_1,
    CASE WHEN COALESCE(a.n_valued_1, 0) > 0 THEN 1 ELSE 0 END AS has_1,
    CAST(COALESCE(a.n_events_0, 0) AS FLOAT64) AS d_1,
    COALESCE(b.p_total_1, 0) AS x_1
  FROM units u
  LEFT JOIN after_exposure a ON a.unit_key = u.unit_key
  LEFT JOIN pre_period b ON b.unit_key = u.unit_key
),
-- Diagnostics: what the rules left out, counted.
diagnostic_counts AS (
  SELECT CAST('rows_read' AS STRING) AS diagnostic_name, CAST(COUNT(*) AS INT64) AS n FROM (SELECT unit_key FROM exposures UNION ALL SELECT unit_key FROM events) considered
  UNION ALL
  SELECT CAST('units_in_several_arms' AS STRING) AS diagnostic_name, CAST(COUNT(*) AS INT64) AS n FROM assigned WHERE arm_count > 1
  UNION ALL
  SELECT CAST('events_outside_window' AS STRING) AS diagnostic_name, CAST(COUNT(*) AS INT64) AS n FROM (SELECT unit_key FROM exposures WHERE NOT (seen_at >= TIMESTAMP '2026-03-02 00:00:00.000+00' AND seen_at < TIMESTAMP '2026-03-16 00:00:00.000+00') UNION ALL SELECT unit_key FROM placed WHERE outcome = 'outside-window') outside_window
  UNION ALL
  SELECT CAST('events_before_exposure' AS STRING) AS diagnostic_name, CAST(COUNT(*) AS INT64) AS n FROM placed WHERE outcome = 'before-exposure'
  UNION ALL
  SELECT CAST('duplicates_dropped' AS STRING) AS diagnostic_name, CAST(COUNT(*) AS INT64) AS n FROM counted WHERE copy_number > 1
  UNION ALL
  SELECT CAST('events_of_units_not_exposed' AS STRING) AS diagnostic_name, CAST(COUNT(*) AS INT64) AS n FROM placed WHERE outcome = 'unit-not-exposed'
  UNION ALL
  SELECT CAST('events_of_units_in_several_arms' AS STRING) AS diagnostic_name, CAST(COUNT(*) AS INT64) AS n FROM placed WHERE outcome = 'several-arms'
  UNION ALL
  SELECT CAST('events_missing_metric_value' AS STRING) AS diagnostic_name, CAST(COUNT(*) AS INT64) AS n FROM counted WHERE copy_number = 1 AND event_value IS NULL AND event_name IN ('purchase')
)
SELECT * FROM (
SELECT CAST('signup-rate' AS STRING) AS metric, variation AS variation, CAST(NULL AS STRING) AS slice_attribute, CAST(NULL AS STRING) AS slice_value, exposure_day AS exposure_day, CAST(COUNT(*) AS INT64) AS units, CAST(SUM(has_0) AS INT64) AS conversions, SUM(y_0) AS sum, SUM(y_0 * y_0) AS sum_squares, CAST(NULL AS FLOAT64) AS denominator_sum, CAST(NULL AS FLOAT64) AS denominator_sum_squares, CAST(NULL AS FLOAT64) AS cross_sum, SUM(x_0) AS covariate_sum, SUM(x_0 * x_0) AS covariate_sum_squares, SUM(x_0 * y_0) AS covariate_cross_sum, CAST(NULL AS STRING) AS diagnostic
FROM unit_metrics
GROUP BY variation, exposure_day
UNION ALL
SELECT CAST('signup-rate' AS STRING) AS metric, variation AS variation, CAST('country' AS STRING) AS slice_attribute, slice_0 AS slice_value, exposure_day AS exposure_day, CAST(COUNT(*) AS INT64) AS units, CAST(SUM(has_0) AS INT64) AS conversions, SUM(y_0) AS sum, SUM(y_0 * y_0) AS sum_squares, CAST(NULL AS FLOAT64) AS denominator_sum, CAST(NULL AS FLOAT64) AS denominator_sum_squares, CAST(NULL AS FLOAT64) AS cross_sum, SUM(x_0) AS covariate_sum, SUM(x_0 * x_0) AS covariate_sum_squares, SUM(x_0 * y_0) AS covariate_cross_sum, CAST(NULL AS STRING) AS diagnostic
FROM unit_metrics
GROUP BY variation, exposure_day, slice_0
UNION ALL
SELECT CAST('revenue-per-signup' AS STRING) AS metric, variation AS variation, CAST(NULL AS STRING) AS slice_attribute, CAST(NULL AS STRING) AS slice_value, exposure_day AS exposure_day, CAST(COUNT(*) AS INT64) AS units, CAST(SUM(has_1) AS INT64) AS conversions, SUM(y_1) AS sum, SUM(y_1 * y_1) AS sum_squares, SUM(d_1) AS denominator_sum, SUM(d_1 * d_1) AS denominator_sum_squares, SUM(y_1 * d_1) AS cross_sum, SUM(x_1) AS covariate_sum, SUM(x_1 * x_1) AS covariate_sum_squares, SUM(x_1 * y_1) AS covariate_cross_sum, CAST(NULL AS STRING) AS diagnostic
FROM unit_metrics
GROUP BY variation, exposure_day
UNION ALL
SELECT CAST('revenue-per-signup' AS STRING) AS metric, variation AS variation, CAST('country' AS STRING) AS slice_attribute, slice_0 AS slice_value, exposure_day AS exposure_day, CAST(COUNT(*) AS INT64) AS units, CAST(SUM(has_1) AS INT64) AS conversions, SUM(y_1) AS sum, SUM(y_1 * y_1) AS sum_squares, SUM(d_1) AS denominator_sum, SUM(d_1 * d_1) AS denominator_sum_squares, SUM(y_1 * d_1) AS cross_sum, SUM(x_1) AS covariate_sum, SUM(x_1 * x_1) AS covariate_sum_squares, SUM(x_1 * y_1) AS covariate_cross_sum, CAST(NULL AS STRING) AS diagnostic
FROM unit_metrics
GROUP BY variation, exposure_day, slice_0
UNION ALL
SELECT CAST(NULL AS STRING) AS metric, CAST(NULL AS STRING) AS variation, CAST(NULL AS STRING) AS slice_attribute, CAST(NULL AS STRING) AS slice_value, CAST(NULL AS DATE) AS exposure_day, n AS units, CAST(NULL AS INT64) AS conversions, CAST(NULL AS FLOAT64) AS sum, CAST(NULL AS FLOAT64) AS sum_squares, CAST(NULL AS FLOAT64) AS denominator_sum, CAST(NULL AS FLOAT64) AS denominator_sum_squares, CAST(NULL AS FLOAT64) AS cross_sum, CAST(NULL AS FLOAT64) AS covariate_sum, CAST(NULL AS FLOAT64) AS covariate_sum_squares, CAST(NULL AS FLOAT64) AS covariate_cross_sum, diagnostic_name AS diagnostic
FROM diagnostic_counts
) credence_result
ORDER BY 1, 2, 3, 4, 5, 16;
