-- The indicators of the case steps and of persons (issue 15), beside the case indicators of
-- 70_indicators.sql and grouped like them; `assetreg kpi steps|persons`, the table of every indicator
-- (kpi_board) and the snapshots (kpi_take_snapshot) read these functions.
--
-- Both read the events' payloads (the unit a case was returned from, the crew an assignment named),
-- which the roles that do not handle cases may not read (64_case_privacy.sql): they run as
-- assetreg_case_flow and return counts and staff logins only, never a reporter's name or contact.

-- The steps the cities describe, per group of a period: returns (回退, grouped by the unit the case
-- left), supervisions (督办), urgings (催办), on-the-spot closures (即知即办) and replies to the
-- reporter. An on-the-spot case is never registered, so it is counted here, outside the case indicators.
CREATE FUNCTION assetreg_app.kpi_steps(period_start timestamptz, period_end timestamptz, group_by text)
    RETURNS TABLE (group_code text, is_total boolean, label_zh text, label_en text, returned bigint, supervised bigint,
                   urged bigint, on_the_spot bigint, replied bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET jit = off AS $$
BEGIN
    PERFORM assetreg_app.kpi_check_grouping(group_by, assetreg_app.kpi_case_groupings());
    RETURN QUERY
    WITH steps AS (
        SELECT assetreg_app.kpi_asset_group(group_by, w.located_grid,
                                            coalesce(e.payload ->> 'unit', w.handling_unit::text), NULL) AS code_,
               e.action
          FROM assetreg.work_order_event e JOIN assetreg.work_order w ON w.id = e.work_order_id
         WHERE e.action IN ('return', 'supervise', 'urge', 'on_the_spot', 'reply')
           AND e.at >= period_start AND e.at < period_end
    ),
    grouped AS (
        SELECT s.code_, GROUPING(s.code_) = 1 AS total_,
               count(*) FILTER (WHERE s.action = 'return') AS returned_,
               count(*) FILTER (WHERE s.action = 'supervise') AS supervised_,
               count(*) FILTER (WHERE s.action = 'urge') AS urged_,
               count(*) FILTER (WHERE s.action = 'on_the_spot') AS on_the_spot_,
               count(*) FILTER (WHERE s.action = 'reply') AS replied_
          FROM steps s GROUP BY ROLLUP (s.code_)
    )
    SELECT g.code_, g.total_, l.label_zh, l.label_en, g.returned_, g.supervised_, g.urged_, g.on_the_spot_, g.replied_
      FROM grouped g CROSS JOIN LATERAL assetreg_app.kpi_group_label(group_by, g.code_, g.total_) l
     ORDER BY g.total_, g.code_;
END
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.kpi_steps(timestamptz, timestamptz, text)', 'object.kpi_steps');

-- Figures per person of a period, one row per login (the total last):
--   a collector's cases reported in the period (reported_by), of them valid (registered or closed on
--   the spot by the moment measured), and the on-the-spot closures the collector made in the period;
--   a crew's handling assignments of the period's due cases (the case facts' assignments: the same assignments
--   as 按期处置, so the crews' assignments add up to due_for_handling of kpi_cases), of them handled,
--   handled on time and sent back by a rework. The crew of an assignment is the one its dispatch or
--   rework named, else the case's crew; '' (未指定) when none was named.
-- A historical case that names its collector (collector_code, revision 0029) counts its report, validity and
-- on-the-spot closure under that staff code, not under the login that imported it; a live case has none.
CREATE FUNCTION assetreg_app.kpi_persons(period_start timestamptz, period_end timestamptz,
                                         at_time timestamptz DEFAULT now())
    RETURNS TABLE (group_code text, is_total boolean, label_zh text, label_en text, reported bigint, valid bigint,
                   on_the_spot bigint, assignments bigint, handled bigint, on_time_handled bigint, reworked bigint,
                   on_time_handling_rate numeric)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET jit = off AS $$
BEGIN
    RETURN QUERY
    WITH p AS (SELECT body -> 'indicators' -> 'cases' AS opt FROM assetreg.city_profile),
    reports AS (
        SELECT coalesce(w.collector_code::text, w.reported_by::text) AS person, 1 AS reported_,
               EXISTS (SELECT 1 FROM assetreg.work_order_event e
                        WHERE e.work_order_id = w.id AND e.action IN ('register', 'on_the_spot') AND e.at <= at_time)::int
                   AS valid_,
               0 AS spot_, 0 AS assigned_, 0 AS handled_, 0 AS on_time_, 0 AS reworked_
          FROM assetreg.work_order w
         WHERE w.reported_at >= period_start AND w.reported_at < period_end AND w.reported_at <= at_time
    ),
    spots AS (
        SELECT coalesce(w.collector_code::text, e.actor::text), 0, 0, 1, 0, 0, 0, 0
          FROM assetreg.work_order_event e
          JOIN assetreg.work_order w ON w.id = e.work_order_id
         WHERE e.action = 'on_the_spot' AND e.at >= period_start AND e.at < period_end AND e.at <= at_time
    ),
    -- the handling assignments made by at_time of the due cases registered in the period, from the case facts
    -- (69_case_facts.sql) as kpi_case_fact_rows counts them: the latest judged by the case's own deadline and
    -- handling, an earlier one by its own; sent back when the next one (made by at_time) came of a rework
    assigned AS (
        SELECT x.work_order_id, x.assigned_by,
               CASE WHEN x.assignment = max(x.assignment) OVER whole THEN c.handling_deadline
                    ELSE coalesce(x.own_deadline, c.handling_deadline) END AS due_by,
               CASE WHEN x.assignment = max(x.assignment) OVER whole THEN c.handled_at ELSE x.handled_at END AS handled,
               coalesce(lead(x.by_rework) OVER (whole ORDER BY x.assignment), false) AS reworked
          FROM assetreg.case_fact c
          JOIN assetreg.case_assignment_fact x ON x.work_order_id = c.work_order_id AND x.assigned_at <= at_time
         CROSS JOIN p
         WHERE c.registered_at >= period_start AND c.registered_at < period_end AND c.registered_at <= at_time
           AND assetreg_app.kpi_case_due(c.status, p.opt)
        WINDOW whole AS (PARTITION BY x.work_order_id)
    ),
    crews AS (
        SELECT coalesce(nullif(ev.payload ->> 'crew', ''), w.crew::text, ''), 0, 0, 0, 1,
               coalesce(a.handled <= at_time, false)::int,
               coalesce(a.handled <= a.due_by AND a.handled <= at_time, false)::int,
               a.reworked::int
          FROM assigned a
          JOIN assetreg.work_order w ON w.id = a.work_order_id
          LEFT JOIN assetreg.work_order_event ev ON ev.id = a.assigned_by
    ),
    grouped AS (
        SELECT x.person, GROUPING(x.person) = 1 AS total_, sum(x.reported_)::bigint AS reported_,
               sum(x.valid_)::bigint AS valid_, sum(x.spot_)::bigint AS spot_, sum(x.assigned_)::bigint AS assigned_,
               sum(x.handled_)::bigint AS handled_, sum(x.on_time_)::bigint AS on_time_,
               sum(x.reworked_)::bigint AS reworked_
          FROM (SELECT * FROM reports UNION ALL SELECT * FROM spots UNION ALL SELECT * FROM crews) x
         GROUP BY ROLLUP (x.person)
    )
    -- labelled as maintainers are: a login is its own label, '' is 未指定 (not given)
    SELECT g.person, g.total_, l.label_zh, l.label_en, coalesce(g.reported_, 0), coalesce(g.valid_, 0),
           coalesce(g.spot_, 0), coalesce(g.assigned_, 0), coalesce(g.handled_, 0), coalesce(g.on_time_, 0),
           coalesce(g.reworked_, 0), round(g.on_time_::numeric / NULLIF(g.assigned_, 0), 4)
      FROM grouped g CROSS JOIN LATERAL assetreg_app.kpi_group_label('maintainer', g.person, g.total_) l
     ORDER BY g.total_, g.person;
END
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.kpi_persons(timestamptz, timestamptz, timestamptz)', 'object.kpi_persons');

ALTER FUNCTION assetreg_app.kpi_steps(timestamptz, timestamptz, text) OWNER TO assetreg_case_flow;
ALTER FUNCTION assetreg_app.kpi_persons(timestamptz, timestamptz, timestamptz) OWNER TO assetreg_case_flow;
REVOKE ALL ON FUNCTION assetreg_app.kpi_steps(timestamptz, timestamptz, text),
    assetreg_app.kpi_persons(timestamptz, timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assetreg_app.kpi_steps(timestamptz, timestamptz, text),
    assetreg_app.kpi_persons(timestamptz, timestamptz, timestamptz)
    TO assetreg_viewer, assetreg_crew, assetreg_editor, assetreg_admin;
-- kpi_case_steps (67_case_steps.sql) runs as the case flow and reads kpi_steps
GRANT EXECUTE ON FUNCTION assetreg_app.kpi_steps(timestamptz, timestamptz, text) TO assetreg_case_flow;
