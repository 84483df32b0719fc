-- The case indicators as they were computed before the case facts (revision 0023): case_indicators_from_events is
-- kpi_cases of commit 8df6d8a, reading each case's events (kpi_case_facts_from_events, first below) and the case
-- table. Nothing of the registry calls either: they are the reference the tests compare kpi_cases with, and the
-- bench's baseline (bench/history_cases.py). Both run with the caller's rights, like kpi_cases.

-- The events' reading of the case facts, as kpi_case_facts was before the facts tables (revision 0023): the
-- tests' and the bench's reference for kpi_case_fact_rows (69_case_facts.sql), which the indicators read.
CREATE FUNCTION assetreg_app.kpi_case_facts_from_events(period_start timestamptz, period_end timestamptz, group_by text,
                                                        at_time timestamptz)
    RETURNS TABLE (id bigint, case_no text, code text, status text, is_due boolean, closed boolean,
                   on_time_closed boolean, due_for_handling boolean, on_time_handled boolean, reworked boolean,
                   overdue_open boolean, handling_hours numeric, rated boolean, satisfied boolean,
                   handling_assignments integer, on_time_assignments integer)
    LANGUAGE sql STABLE AS $$
    WITH p AS (SELECT body -> 'indicators' -> 'cases' AS opt,
                      ARRAY(SELECT jsonb_array_elements_text(body -> 'indicators' -> 'cases' -> 'unrated_codes')) AS unrated,
                      ARRAY(SELECT jsonb_array_elements_text(body -> 'indicators' -> 'cases' -> 'satisfied_codes')) AS satisfied
                 FROM assetreg.city_profile),
    cohort AS (
        SELECT w.id, w.case_no, w.status, w.closed_at, w.closing_deadline, w.handling_deadline, w.handled_at,
               w.rework_count, w.satisfaction,
               assetreg_app.kpi_asset_group(group_by, w.located_grid, w.handling_unit::text, NULL) AS group_code,
               assetreg_app.case_overdue_at(w.status, w.handled_at, w.handling_deadline, w.closing_deadline, at_time)
                   AS overdue_at,
               min(a.first_dispatch) AS dispatched_at,
               (count(*) FILTER (WHERE a.assignment > 0))::integer AS assignments,
               (count(*) FILTER (WHERE a.assignment > 0 AND a.handled <= a.due_by AND a.handled <= at_time))::integer
                   AS on_time
          FROM assetreg_app.kpi_case_assignments(period_start, period_end, at_time) a
          JOIN assetreg.work_order w ON w.id = a.work_order_id
         GROUP BY w.id
    ),
    f AS (
        SELECT c.*, assetreg_app.kpi_case_due(c.status, p.opt) AS due_,
               c.status = 'closed' AND c.closed_at <= at_time AS closed_
          FROM cohort c CROSS JOIN p
    )
    SELECT f.id, f.case_no::text, f.group_code, f.status,
           f.due_, f.closed_,
           f.closed_ AND f.closed_at <= f.closing_deadline,
           f.due_ AND f.assignments > 0,
           f.due_ AND f.assignments > 0 AND f.on_time = f.assignments,
           f.closed_ AND f.rework_count > 0,
           f.overdue_at,
           round((extract(epoch FROM f.handled_at - f.dispatched_at) / 3600)::numeric, 2),
           f.satisfaction IS NOT NULL AND NOT f.satisfaction = ANY (p.unrated),
           f.satisfaction = ANY (p.satisfied),
           CASE WHEN f.due_ THEN f.assignments ELSE 0 END,
           CASE WHEN f.due_ THEN f.on_time ELSE 0 END
      FROM f CROSS JOIN p
$$;

-- kpi_cases of commit 8df6d8a, over the events' reading above.
CREATE FUNCTION assetreg_app.case_indicators_from_events(period_start timestamptz, period_end timestamptz, group_by text,
                                       at_time timestamptz DEFAULT now())
    RETURNS TABLE (group_code text, is_total boolean, label_zh text, label_en text,
                   reported bigint, registered bigint, cancelled bigint, deferred bigint, due bigint,
                   closed bigint, on_time_closed bigint, closure_rate numeric, on_time_closure_rate numeric,
                   due_for_handling bigint, on_time_handled bigint, on_time_handling_rate numeric,
                   reworked bigint, rework_rate numeric, overdue_open bigint, mean_handling_hours numeric,
                   rated bigint, satisfied bigint, satisfaction_rate numeric,
                   closure_target numeric, on_time_closure_target numeric, on_time_handling_target numeric,
                   meets_targets boolean)
    LANGUAGE plpgsql STABLE SET jit = off AS $$
BEGIN
    PERFORM assetreg_app.kpi_check_grouping(group_by, assetreg_app.kpi_case_groupings());
    RETURN QUERY
    WITH t AS (SELECT body -> 'indicators' -> 'cases' -> 'targets' AS targets FROM assetreg.city_profile),
    facts AS (SELECT * FROM assetreg_app.kpi_case_facts_from_events(period_start, period_end, group_by, at_time)),
    reported_in AS (
        SELECT x.code, GROUPING(x.code) = 1 AS total, count(*) AS n
          FROM (SELECT assetreg_app.kpi_asset_group(group_by, w.located_grid, w.handling_unit::text, NULL) AS code
                  FROM assetreg.work_order w
                 WHERE w.reported_at >= period_start AND w.reported_at < period_end AND w.reported_at <= at_time) x
         GROUP BY GROUPING SETS ((x.code), ())
    ),
    c AS (
        SELECT f.code, GROUPING(f.code) = 1 AS total, count(*) AS registered,
               count(*) FILTER (WHERE f.status = 'cancelled') AS cancelled,
               count(*) FILTER (WHERE f.status = 'deferred') AS deferred,
               count(*) FILTER (WHERE f.is_due) AS due,
               count(*) FILTER (WHERE f.closed) AS closed,
               count(*) FILTER (WHERE f.on_time_closed) AS on_time_closed,
               sum(f.handling_assignments) AS due_for_handling,
               sum(f.on_time_assignments) AS on_time_handled,
               count(*) FILTER (WHERE f.reworked) AS reworked,
               count(*) FILTER (WHERE f.overdue_open) AS overdue_open,
               round(avg(f.handling_hours), 2) AS mean_hours,
               count(*) FILTER (WHERE f.rated) AS rated,
               count(*) FILTER (WHERE f.rated AND f.satisfied) AS satisfied
          FROM facts f GROUP BY GROUPING SETS ((f.code), ())
    ),
    g AS (
        SELECT coalesce(c.code, r.code) AS gcode, coalesce(c.total, r.total) AS is_total_, c.*, r.n
          FROM c FULL JOIN reported_in r ON coalesce(r.code, '') = coalesce(c.code, '') AND r.total = c.total
    )
    SELECT g.gcode, g.is_total_, l.label_zh, l.label_en,
           coalesce(g.n, 0), coalesce(g.registered, 0), coalesce(g.cancelled, 0), coalesce(g.deferred, 0),
           coalesce(g.due, 0), coalesce(g.closed, 0), coalesce(g.on_time_closed, 0),
           round(g.closed::numeric / NULLIF(g.due, 0), 4), round(g.on_time_closed::numeric / NULLIF(g.due, 0), 4),
           coalesce(g.due_for_handling, 0)::bigint, coalesce(g.on_time_handled, 0)::bigint,
           round(g.on_time_handled::numeric / NULLIF(g.due_for_handling, 0), 4),
           coalesce(g.reworked, 0), round(g.reworked::numeric / NULLIF(g.closed, 0), 4),
           coalesce(g.overdue_open, 0), g.mean_hours, coalesce(g.rated, 0), coalesce(g.satisfied, 0),
           round(g.satisfied::numeric / NULLIF(g.rated, 0), 4),
           (t.targets ->> 'closure_rate')::numeric, (t.targets ->> 'on_time_closure_rate')::numeric,
           (t.targets ->> 'on_time_handling_rate')::numeric,
           -- missed when a measured rate is below its target; else unmeasured (NULL) when a rate that has a
           -- target has nothing to divide by (no due case, no handling assignment): never met unmeasured
           CASE WHEN (g.closed::numeric / NULLIF(g.due, 0) < (t.targets ->> 'closure_rate')::numeric)
                  OR (g.on_time_closed::numeric / NULLIF(g.due, 0) < (t.targets ->> 'on_time_closure_rate')::numeric)
                  OR (g.on_time_handled::numeric / NULLIF(g.due_for_handling, 0)
                      < (t.targets ->> 'on_time_handling_rate')::numeric) THEN false
                WHEN (coalesce(g.due, 0) = 0 AND (t.targets ? 'closure_rate' OR t.targets ? 'on_time_closure_rate'))
                  OR (coalesce(g.due_for_handling, 0) = 0 AND t.targets ? 'on_time_handling_rate') THEN NULL
                ELSE true END
      FROM g
     CROSS JOIN t
     CROSS JOIN LATERAL assetreg_app.kpi_group_label(group_by, g.gcode, g.is_total_) l
     ORDER BY g.is_total_, g.gcode;
END
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.case_indicators_from_events(timestamptz, timestamptz, text, timestamptz)',
                               'object.case_indicators_from_events');
