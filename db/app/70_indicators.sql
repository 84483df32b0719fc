-- Indicators (考核指标): one definition each, here; `assetreg kpi`, the snapshots and the
-- drill-downs all call these functions. Definitions and targets come from the city profile
-- (lighting.*, indicators.*). Every rate is a ratio of two counts that are returned beside it,
-- NULL where the denominator is 0 (no rate rather than a rate of 0/0).
--
-- Groupings (the `group_by` argument): city (one row), district, street, community, grid (the
-- location found by spatial join, never the typed grid code), maintainer (an asset's maintainer
-- or the unit a case was dispatched to) and road_class (assets with a road class). Each result
-- has one row per group plus a total row (is_total); a group that is NULL (an asset outside
-- every grid, a case not yet dispatched) has the code '' and the label 未定位/未派遣.
--
-- The entry points run with jit off: their plans cost enough to be compiled, which takes about
-- 0.1 s, more than the compiled code saves on queries that read a few thousand rows.

-- What assets and cases can be grouped by (storage/kpi.py names the same for its messages).
CREATE FUNCTION assetreg_app.kpi_asset_groupings() RETURNS text[]
    LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY['city', 'district', 'street', 'community', 'grid', 'maintainer', 'road_class'] $$;

CREATE FUNCTION assetreg_app.kpi_case_groupings() RETURNS text[]
    LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY['city', 'district', 'street', 'community', 'grid', 'maintainer'] $$;

CREATE FUNCTION assetreg_app.kpi_check_grouping(group_by text, allowed text[]) RETURNS void
    LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF group_by IS NULL OR NOT group_by = ANY (allowed) THEN
        PERFORM assetreg_app.refuse('AR001', 'refusal.kpi.invalid_grouping',
                                    jsonb_build_object('group_by', group_by, 'allowed', array_to_string(allowed, ', ')));
    END IF;
END
$$;

-- The label of a group: the name of the area, grid or road class; a maintainer is its own label.
-- (read-only, like every helper here marked PARALLEL SAFE: a query that calls them may use workers)
CREATE FUNCTION assetreg_app.kpi_group_label(group_by text, code text, is_total boolean,
                                             OUT label_zh text, OUT label_en text)
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN is_total THEN assetreg_app.label_text('kpi.group.total', 'zh')
                WHEN group_by = 'city' THEN (SELECT p.body -> 'name' ->> 'zh' FROM assetreg.city_profile p)
                WHEN coalesce(code, '') = ''
                    THEN CASE group_by WHEN 'maintainer' THEN assetreg_app.label_text('kpi.group.not_given', 'zh')
                                       ELSE assetreg_app.label_text('kpi.group.not_located', 'zh') END
                WHEN group_by IN ('district', 'street', 'community')
                    THEN coalesce((SELECT a.name FROM assetreg.admin_area a WHERE a.code = kpi_group_label.code),
                                  (SELECT p.body -> 'admin_codes' -> kpi_group_label.code ->> 'zh' FROM assetreg.city_profile p),
                                  code)
                WHEN group_by = 'grid' THEN coalesce((SELECT g.name FROM assetreg.unit_grid g WHERE g.code = kpi_group_label.code), code)
                WHEN group_by = 'road_class' THEN coalesce((SELECT r.label_zh FROM assetreg.cl_road_class r WHERE r.code = kpi_group_label.code), code)
                ELSE code END,
           CASE WHEN is_total THEN assetreg_app.label_text('kpi.group.total', 'en')
                WHEN group_by = 'city' THEN (SELECT p.body -> 'name' ->> 'en' FROM assetreg.city_profile p)
                WHEN coalesce(code, '') = ''
                    THEN CASE group_by WHEN 'maintainer' THEN assetreg_app.label_text('kpi.group.not_given', 'en')
                                       ELSE assetreg_app.label_text('kpi.group.not_located', 'en') END
                WHEN group_by IN ('district', 'street', 'community')
                    THEN coalesce((SELECT p.body -> 'admin_codes' -> kpi_group_label.code ->> 'en' FROM assetreg.city_profile p),
                                  (SELECT a.name FROM assetreg.admin_area a WHERE a.code = kpi_group_label.code), code)
                WHEN group_by = 'grid' THEN coalesce((SELECT g.name FROM assetreg.unit_grid g WHERE g.code = kpi_group_label.code), code)
                WHEN group_by = 'road_class' THEN coalesce((SELECT r.label_en FROM assetreg.cl_road_class r WHERE r.code = kpi_group_label.code), code)
                ELSE code END
$$;

-- The start and end (exclusive) of a month 'YYYY-MM' in the city's time zone.
CREATE FUNCTION assetreg_app.kpi_month(period text, OUT period_start timestamptz, OUT period_end timestamptz)
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    tz text := (SELECT p.body ->> 'timezone' FROM assetreg.city_profile p);
BEGIN
    IF period IS NULL OR period !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' THEN
        PERFORM assetreg_app.refuse('AR001', 'refusal.kpi.invalid_period', jsonb_build_object('period', period));
    END IF;
    period_start := (period || '-01')::timestamp AT TIME ZONE tz;
    period_end := ((period || '-01')::timestamp + interval '1 month') AT TIME ZONE tz;
END
$$;

-- The start and end (exclusive) of a period: a month 'YYYY-MM', or the days 'YYYY-MM-DD/YYYY-MM-DD', both
-- included, in the city's time zone (a cycle from the 21st to the 20th, a week, a quarter, a year).
CREATE FUNCTION assetreg_app.kpi_period(period text, OUT period_start timestamptz, OUT period_end timestamptz)
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    tz text := (SELECT p.body ->> 'timezone' FROM assetreg.city_profile p);
    first_day date;
    last_day date;
BEGIN
    IF period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$' THEN
        SELECT * INTO period_start, period_end FROM assetreg_app.kpi_month(period);
        RETURN;
    END IF;
    BEGIN
        first_day := split_part(period, '/', 1)::date;
        last_day := split_part(period, '/', 2)::date;
    EXCEPTION WHEN others THEN
        first_day := NULL;
    END;
    IF period IS NULL OR period !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}/[0-9]{4}-[0-9]{2}-[0-9]{2}$' OR first_day IS NULL
       OR last_day < first_day THEN
        PERFORM assetreg_app.refuse('AR001', 'refusal.kpi.invalid_any_period', jsonb_build_object('period', period));
    END IF;
    period_start := first_day::timestamp AT TIME ZONE tz;
    period_end := (last_day + 1)::timestamp AT TIME ZONE tz;
END
$$;

-- The moment the cases of a period are measured at: 'period_end' (at most now) or 'now'.
CREATE FUNCTION assetreg_app.kpi_as_of_time(as_of text, period_end timestamptz) RETURNS timestamptz
    LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF as_of IS NULL OR as_of NOT IN ('period_end', 'now') THEN
        PERFORM assetreg_app.refuse('AR001', 'refusal.kpi.invalid_as_of', jsonb_build_object('as_of', as_of));
    END IF;
    RETURN CASE WHEN as_of = 'now' THEN now() ELSE least(period_end, now()) END;
END
$$;

-- == Lighting rate (亮灯率) ======================================================================
-- At a moment t, a light should be on when its status is one of lighting.should_be_on_statuses
-- and it existed (initial date not after t). It is off at t
--   * while a case of lighting.outage_matter_classes linked to it is open at t: reported at or
--     before t and not closed by t. A case later refused or cancelled never meant an outage
--     (a false or duplicate report), so it does not count at any time;
--   * or when its latest night patrol at or before t found it unlit, unless an outage case of
--     it was closed after that patrol and by t: closing verifies the repair, newer news than
--     the patrol.
-- Over a period the same is evaluated at the period's end (at most now); beside it, the
-- patrol lighting rate is what the patrols of the period saw: lit findings / findings of lights
-- that should be on.

CREATE FUNCTION assetreg_app.kpi_lights_off(at_time timestamptz)
    RETURNS TABLE (asset_uid uuid, reason text, case_no text, patrol_at timestamptz)
    LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    outage text[] := ARRAY(SELECT jsonb_array_elements_text(p.body -> 'lighting' -> 'outage_matter_classes')
                             FROM assetreg.city_profile p);
BEGIN
    IF assetreg_app.kpi_tally_fresh('kpi_light_off') THEN  -- the same, from the spans (69_lights_off.sql)
        RETURN QUERY
        WITH at_t AS (SELECT * FROM assetreg_app.kpi_light_off o WHERE o.span @> at_time),
        open_cases AS (
            SELECT o.asset_uid, min(o.case_no) AS case_no FROM at_t o WHERE o.reason = 'open_case' GROUP BY o.asset_uid
        )
        SELECT c.asset_uid, 'open_case'::text, c.case_no, NULL::timestamptz FROM open_cases c
        UNION ALL
        SELECT u.asset_uid, 'patrol_unlit'::text, NULL::text, u.patrol_at
          FROM at_t u
         WHERE u.reason = 'patrol_unlit' AND NOT EXISTS (SELECT 1 FROM open_cases c WHERE c.asset_uid = u.asset_uid);
        RETURN;
    END IF;
    RETURN QUERY
    WITH open_cases AS (
        SELECT a.asset_uid, min(w.case_no)::text AS case_no
          FROM assetreg.work_order w
          JOIN assetreg.work_order_asset a ON a.work_order_id = w.id AND a.family = 'streetlight'
         WHERE tstzrange(w.reported_at, w.closed_at) @> at_time
           AND w.matter_class = ANY (outage)
           AND w.status NOT IN ('cancelled', 'refused')
         GROUP BY a.asset_uid
    ),
    -- the unlit findings that were their light's latest patrol at at_time (inspection_unlit_span_idx)
    unlit AS (
        SELECT i.asset_uid, i.inspected_at
          FROM assetreg.inspection i
         WHERE i.kind = 'lighting_patrol' AND NOT i.lit AND i.asset_family = 'streetlight'
           AND tstzrange(i.inspected_at, i.superseded_at) @> at_time
    )
    SELECT c.asset_uid, 'open_case'::text, c.case_no, NULL::timestamptz FROM open_cases c
    UNION ALL
    SELECT u.asset_uid, 'patrol_unlit'::text, NULL::text, u.inspected_at
      FROM unlit u
     WHERE NOT EXISTS (SELECT 1 FROM open_cases c WHERE c.asset_uid = u.asset_uid)
       AND NOT EXISTS (SELECT 1
                         FROM assetreg.work_order_asset a
                         JOIN assetreg.work_order w ON w.id = a.work_order_id
                        WHERE a.asset_uid = u.asset_uid AND a.family = 'streetlight'
                          AND w.matter_class = ANY (outage) AND w.status = 'closed'
                          AND w.closed_at > u.inspected_at AND w.closed_at <= at_time);
END
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.kpi_lights_off(timestamptz)', 'object.kpi_lights_off');

-- The group of an asset: its location (found by spatial join), maintainer or road class.
CREATE FUNCTION assetreg_app.kpi_asset_group(group_by text, located_grid text, maintainer text, road_class text)
    RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(CASE group_by WHEN 'city' THEN ''
                                  WHEN 'district' THEN left(located_grid, 6)
                                  WHEN 'street' THEN left(located_grid, 9)
                                  WHEN 'community' THEN left(located_grid, 12)
                                  WHEN 'grid' THEN located_grid
                                  WHEN 'maintainer' THEN maintainer
                                  WHEN 'road_class' THEN road_class END, '')
$$;

-- The lights that should be on at a moment, with their group and their road class's target.
-- Plain SQL, so that it is inlined into the query that calls it and planned with the table's
-- statistics; the profile is read by uncorrelated subqueries, once per query, not per light.
CREATE FUNCTION assetreg_app.kpi_lights_due(at_time timestamptz, group_by text)
    RETURNS TABLE (uid uuid, code text, light_target numeric)
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT s.uid, assetreg_app.kpi_asset_group(group_by, s.located_grid, s.maintainer_name::text, s.road_class),
           t.value::numeric
      FROM assetreg.streetlight s
      LEFT JOIN jsonb_each_text((SELECT p.body -> 'lighting' -> 'targets' FROM assetreg.city_profile p)) t
        ON t.key = s.road_class
     WHERE s.status = ANY (ARRAY(SELECT jsonb_array_elements_text(p.body -> 'lighting' -> 'should_be_on_statuses')
                                   FROM assetreg.city_profile p))
       AND s.initial_date <= (SELECT (at_time AT TIME ZONE (p.body ->> 'timezone'))::date FROM assetreg.city_profile p)
$$;

CREATE FUNCTION assetreg_app.kpi_lighting(at_time timestamptz, group_by text,
                                          period_start timestamptz DEFAULT NULL)
    RETURNS TABLE (group_code text, is_total boolean, label_zh text, label_en text,
                   lights_should_be_on bigint, lights_on bigint, lighting_rate numeric,
                   target numeric, meets_target boolean,
                   patrol_findings bigint, patrol_findings_lit bigint, patrol_lighting_rate numeric)
    LANGUAGE plpgsql STABLE SET work_mem = '64MB' SET jit = off AS $$
DECLARE
    -- the profile's rules as values, so that each query below is planned knowing them
    day date := (SELECT (at_time AT TIME ZONE (c.body ->> 'timezone'))::date FROM assetreg.city_profile c);
    targets jsonb := (SELECT c.body -> 'lighting' -> 'targets' FROM assetreg.city_profile c);
    due_statuses text[] := ARRAY(SELECT jsonb_array_elements_text(c.body -> 'lighting' -> 'should_be_on_statuses')
                                   FROM assetreg.city_profile c);
    spans_fresh boolean := assetreg_app.kpi_tally_fresh('kpi_light_off');
    tz text := (SELECT c.body ->> 'timezone' FROM assetreg.city_profile c);
    patrol_month date := (period_start AT TIME ZONE tz)::date;
    patrols_tallied boolean;
BEGIN
    PERFORM assetreg_app.kpi_check_grouping(group_by, assetreg_app.kpi_asset_groupings());
    -- the tally holds whole months: it is used for a period that is one, measured within it, and
    -- when no light it counts was installed after the moment and no patrol it counts is later
    patrols_tallied := period_start IS NOT NULL AND assetreg_app.kpi_tally_fresh('kpi_patrol_tally')
        AND date_trunc('month', period_start AT TIME ZONE tz) = period_start AT TIME ZONE tz
        AND at_time <= (patrol_month + interval '1 month') AT TIME ZONE tz
        AND NOT EXISTS (SELECT 1 FROM assetreg_app.kpi_patrol_tally t
                         WHERE t.month = patrol_month AND t.status = ANY (due_statuses)
                           AND (t.latest_initial > day OR t.latest_at >= at_time));
    RETURN QUERY
    -- the lights due, counted by key in the asset tally; the lights of keys that may hold one
    -- installed after the moment, and the few lights off, are located apart (by key) and taken
    -- off their group's count
    WITH keys AS (
        SELECT assetreg_app.kpi_asset_group(group_by, t.located_grid, t.maintainer, t.road_class) AS code,
               t.located_grid, t.assets - t.undated AS dated, t.latest_initial > day AS may_hold_later,
               (targets ->> t.road_class)::numeric AS light_target
          FROM assetreg_app.kpi_tally_of('streetlight') t
         WHERE t.status = ANY (due_statuses)
    ),
    later AS (
        SELECT assetreg_app.kpi_asset_group(group_by, s.located_grid, s.maintainer_name::text, s.road_class) AS code,
               count(*) AS n, sum((targets ->> s.road_class)::numeric) AS target_sum,
               count((targets ->> s.road_class)::numeric) AS targeted
          FROM (SELECT * FROM assetreg.streetlight x
                 WHERE x.located_grid IN (SELECT k.located_grid FROM keys k WHERE k.may_hold_later)
                UNION ALL
                SELECT * FROM assetreg.streetlight x
                 WHERE x.located_grid IS NULL
                   AND EXISTS (SELECT 1 FROM keys k WHERE k.may_hold_later AND k.located_grid IS NULL)) s
         WHERE s.initial_date > day AND s.status = ANY (due_statuses)
         GROUP BY 1
    ),
    due AS (
        SELECT k.code, sum(k.dated) - coalesce(max(l.n), 0) AS should,
               sum(k.dated * k.light_target) - coalesce(max(l.target_sum), 0) AS target_sum,
               coalesce(sum(k.dated) FILTER (WHERE k.light_target IS NOT NULL), 0) - coalesce(max(l.targeted), 0) AS targeted
          FROM keys k LEFT JOIN later l ON l.code = k.code
         GROUP BY k.code
    ),
    off AS (
        SELECT assetreg_app.kpi_asset_group(group_by, o.located_grid, o.maintainer, o.road_class) AS code,
               count(DISTINCT o.asset_uid) AS n
          FROM assetreg_app.kpi_light_off o
         WHERE spans_fresh AND o.span @> at_time AND o.status = ANY (due_statuses) AND o.initial_date <= day
         GROUP BY 1
        UNION ALL
        SELECT assetreg_app.kpi_asset_group(group_by, s.located_grid, s.maintainer_name::text, s.road_class) AS code,
               count(*) AS n
          FROM (SELECT DISTINCT o.asset_uid FROM assetreg_app.kpi_lights_off(at_time) o WHERE NOT spans_fresh) o
          JOIN assetreg.streetlight s ON s.uid = o.asset_uid
         WHERE s.status = ANY (due_statuses) AND s.initial_date <= day
         GROUP BY 1
    ),
    per_group AS (
        SELECT d.code, d.should::bigint, (d.should - coalesce(o.n, 0))::bigint AS on_, d.target_sum, d.targeted::bigint
          FROM due d LEFT JOIN off o ON o.code = d.code
         WHERE d.should > 0
    ),
    -- group codes are never NULL (kpi_asset_group gives ''): NULL is the total row
    counts AS (
        SELECT g.code, false AS total, g.should, g.on_, g.target_sum, g.targeted FROM per_group g
        UNION ALL
        SELECT NULL, true, coalesce(sum(g.should), 0)::bigint, coalesce(sum(g.on_), 0)::bigint, sum(g.target_sum),
               coalesce(sum(g.targeted), 0)::bigint
          FROM per_group g
    ),
    -- the month's findings from the patrol tally (69_patrol_tally.sql) when it holds exactly them
    findings AS (
        SELECT x.code, sum(x.n)::bigint AS n, sum(x.lit)::bigint AS lit
          FROM (SELECT assetreg_app.kpi_asset_group(group_by, t.located_grid, t.maintainer, t.road_class) AS code,
                       t.findings AS n, t.lit
                  FROM assetreg_app.kpi_patrol_tally t
                 WHERE patrols_tallied AND t.month = patrol_month AND t.status = ANY (due_statuses)
                UNION ALL
                SELECT assetreg_app.kpi_asset_group(group_by, s.located_grid, s.maintainer_name::text, s.road_class),
                       1, CASE WHEN i.lit THEN 1 ELSE 0 END
                  FROM assetreg.inspection i
                  JOIN assetreg.streetlight s ON s.uid = i.asset_uid
                 WHERE NOT patrols_tallied AND period_start IS NOT NULL
                   AND i.kind = 'lighting_patrol' AND i.asset_family = 'streetlight'
                   AND i.inspected_at >= period_start AND i.inspected_at < at_time AND i.lit IS NOT NULL
                   AND s.status = ANY (due_statuses) AND s.initial_date <= day) x
         GROUP BY GROUPING SETS ((x.code), ())
    )
    SELECT c.code, c.total, lbl.label_zh, lbl.label_en,
           c.should, c.on_, round(c.on_::numeric / NULLIF(c.should, 0), 4),
           -- the target of a mix of road classes: the lights a group must keep lit, class by class
           round(CASE WHEN c.targeted = c.should THEN c.target_sum / NULLIF(c.targeted, 0) END, 4),
           CASE WHEN c.targeted = c.should
                THEN c.on_::numeric / NULLIF(c.should, 0) >= c.target_sum / NULLIF(c.targeted, 0) END,
           coalesce(f.n, 0), coalesce(f.lit, 0), round(f.lit::numeric / NULLIF(f.n, 0), 4)
      FROM counts c
      LEFT JOIN findings f ON f.code IS NOT DISTINCT FROM c.code
     CROSS JOIN LATERAL assetreg_app.kpi_group_label(group_by, c.code, c.total) lbl
     ORDER BY c.total, c.code;
END
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.kpi_lighting(timestamptz, text, timestamptz)', 'object.kpi_lighting');

CREATE FUNCTION assetreg_app.kpi_lighting_drill(at_time timestamptz, group_by text, group_code text)
    RETURNS TABLE (component_id text, name text, road_class text, grid text, maintainer text,
                   reason text, case_no text, patrol_at timestamptz)
    LANGUAGE plpgsql STABLE SET jit = off AS $$
BEGIN
    PERFORM assetreg_app.kpi_check_grouping(group_by, assetreg_app.kpi_asset_groupings());
    RETURN QUERY
    SELECT s.component_id, s.name::text, s.road_class, s.located_grid, s.maintainer_name::text, o.reason, o.case_no, o.patrol_at
      FROM assetreg_app.kpi_lights_off(at_time) o
      JOIN assetreg_app.kpi_lights_due(at_time, group_by) d ON d.uid = o.asset_uid
      JOIN assetreg.streetlight s ON s.uid = o.asset_uid
     WHERE kpi_lighting_drill.group_code IS NULL OR d.code = kpi_lighting_drill.group_code
     ORDER BY s.component_id, o.reason;
END
$$;

-- == Intactness rate (完好率) ====================================================================
-- Per family, as indicators.intactness defines it: among the assets in service (status one of
-- indicators.in_service_statuses), the share whose `field` is one of `intact`, by count or
-- weighted by a numeric field (road area, length). An asset whose field is empty (a bridge not
-- yet graded) is unknown: counted apart, outside the rate; so is one whose weight is empty.

-- The assets in service (indicators.in_service_statuses) of one family, with their group, the
-- value that says intact or not, and their weight.
CREATE FUNCTION assetreg_app.kpi_intactness_sql(family text, definition jsonb, group_by text) RETURNS text
    LANGUAGE sql STABLE AS $$
    SELECT format(
        'SELECT uid, assetreg_app.kpi_asset_group(%1$L, located_grid, maintainer_name::text, %2$s) AS code,'
        ' %3$L::text AS family, %4$I::text AS value, (%5$s)::numeric AS weight'
        ' FROM assetreg.%3$I WHERE status = ANY (%6$L::text[])',
        group_by,
        CASE WHEN assetreg_app.family_has_column(family, 'road_class') THEN 'road_class' ELSE 'NULL::text' END,
        family, definition ->> 'field',
        CASE WHEN definition ->> 'weight' = 'count' THEN '1' ELSE format('%I', definition ->> 'weight') END,
        (SELECT ARRAY(SELECT jsonb_array_elements_text(p.body -> 'indicators' -> 'in_service_statuses'))
           FROM assetreg.city_profile p))
$$;

CREATE FUNCTION assetreg_app.kpi_intactness_families(group_by text)
    RETURNS TABLE (family text, definition jsonb)
    LANGUAGE sql STABLE AS $$
    SELECT d.key, d.value
      FROM assetreg.city_profile p, jsonb_each(p.body -> 'indicators' -> 'intactness') d
     WHERE d.key IN (SELECT table_name FROM assetreg_app.family_tables())
       AND (group_by <> 'road_class' OR assetreg_app.family_has_column(d.key, 'road_class'))
     ORDER BY d.key
$$;

CREATE FUNCTION assetreg_app.kpi_intactness(group_by text)
    RETURNS TABLE (family text, group_code text, is_total boolean, label_zh text, label_en text,
                   in_service bigint, intact bigint, unknown bigint, weight_in_service numeric, weight_intact numeric,
                   weighted_by text, intactness_rate numeric, target numeric, meets_target boolean)
    LANGUAGE plpgsql STABLE SET jit = off AS $$
DECLARE
    fam record;
    service_statuses text[] := ARRAY(SELECT jsonb_array_elements_text(p.body -> 'indicators' -> 'in_service_statuses')
                                 FROM assetreg.city_profile p);
BEGIN
    PERFORM assetreg_app.kpi_check_grouping(group_by, assetreg_app.kpi_asset_groupings());
    FOR fam IN SELECT * FROM assetreg_app.kpi_intactness_families(group_by) LOOP
        -- counted from the asset tally, whose value is the definition's field and weight its weight
        RETURN QUERY
        WITH good AS (SELECT ARRAY(SELECT jsonb_array_elements_text(fam.definition -> 'intact')) AS values_),
        t AS (
            SELECT assetreg_app.kpi_asset_group(group_by, x.located_grid, x.maintainer, x.road_class) AS code, x.*,
                   x.value = ANY (good.values_) AS is_intact
              FROM assetreg_app.kpi_tally_of(fam.family) x, good
             WHERE x.status = ANY (service_statuses)
        ),
        c AS (
            SELECT t.code, GROUPING(t.code) = 1 AS total,
                   coalesce(sum(t.weighed) FILTER (WHERE t.value IS NOT NULL), 0)::bigint AS known,
                   coalesce(sum(t.weighed) FILTER (WHERE t.is_intact), 0)::bigint AS good,
                   (coalesce(sum(t.assets), 0) - coalesce(sum(t.weighed) FILTER (WHERE t.value IS NOT NULL), 0))::bigint AS unknown,
                   coalesce(sum(t.weight) FILTER (WHERE t.value IS NOT NULL), 0) AS w_all,
                   coalesce(sum(t.weight) FILTER (WHERE t.is_intact), 0) AS w_good
              FROM t GROUP BY GROUPING SETS ((t.code), ())
        )
        SELECT fam.family, c.code, c.total, l.label_zh, l.label_en, c.known, c.good, c.unknown, c.w_all, c.w_good,
               fam.definition ->> 'weight', round(c.w_good / NULLIF(c.w_all, 0), 4),
               (fam.definition ->> 'target')::numeric, c.w_good / NULLIF(c.w_all, 0) >= (fam.definition ->> 'target')::numeric
          FROM c CROSS JOIN LATERAL assetreg_app.kpi_group_label(group_by, c.code, c.total) l
         ORDER BY c.total, c.code;
    END LOOP;
END
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.kpi_intactness(text)', 'object.kpi_intactness');

CREATE FUNCTION assetreg_app.kpi_intactness_drill(group_by text, group_code text)
    RETURNS TABLE (family text, component_id text, name text, grid text, value text, weight numeric)
    LANGUAGE plpgsql STABLE SET jit = off AS $$
DECLARE
    fam record;
BEGIN
    PERFORM assetreg_app.kpi_check_grouping(group_by, assetreg_app.kpi_asset_groupings());
    FOR fam IN SELECT * FROM assetreg_app.kpi_intactness_families(group_by) LOOP
        RETURN QUERY EXECUTE format(
            'SELECT %1$L::text, t.component_id, t.name::text, t.located_grid, x.value, x.weight'
            '  FROM (%2$s) x JOIN assetreg.%1$I t ON t.uid = x.uid'
            ' WHERE ($1 IS NULL OR x.code = $1) AND (x.value IS NULL OR NOT x.value = ANY ($2) OR x.weight IS NULL)'
            ' ORDER BY t.component_id',
            fam.family, assetreg_app.kpi_intactness_sql(fam.family, fam.definition, group_by))
        USING group_code, ARRAY(SELECT jsonb_array_elements_text(fam.definition -> 'intact'));
    END LOOP;
END
$$;

-- == Case indicators (案卷指标) ==================================================================
-- The cases of a period are those registered (立案) in it; their outcome is counted as it stands
-- at `at_time` (now, or when a snapshot is taken). Following the published definitions:
--   应结案数 due = registered − cancelled (− deferred, with indicators.cases.exclude_deferred_from_due)
--   结案率 closure_rate = closed / due;  按期结案率 on_time_closure_rate = closed by the closing deadline / due
--   应处置数 due_for_handling = the handling assignments of the due cases (a dispatch, a re-dispatch after rework);
--   按期处置率 = assignments handled by their own deadline / due_for_handling (kpi_case_facts)
--   返工率 rework_rate = closed cases sent back at least once / closed
--   超期未结 overdue_open = still open and past a deadline not met, at at_time
--   平均处置时长 mean_handling_hours = first dispatch to the (last) handling, in hours
--   满意率 satisfaction_rate = satisfied ratings / ratings (no-reply codes left out)
-- `reported` counts the cases reported (上报) in the period, whatever became of them.

-- 按期处置 counts handling assignments: each dispatch, and each re-dispatch after a rework, made by
-- at_time, is one, judged by its own deadline: the case's latest assignment by the case's handling
-- deadline and handling (dispatch and rework set the one, a rework clears the other); an earlier one by
-- the deadline kept on its event when it was made, and the first handling event after it. An assignment is on time when it was
-- handled, by at_time, at or before its deadline. (No event payload is read: it may hold a citizen's
-- details, which the readers of the indicators do not see.)
--
-- Set-based, for every case of the period at once (a function called per case cost a plan per case:
-- 411 ms for a month of 3,000 cases): the cohort's events in one pass, each numbered by the assignments
-- made up to it (assignment), so that an assignment's handling is the first handle event of its number.
-- Every handling assignment of the cases registered in a period (number 0: what came before the first, the
-- register event at least), with the deadline it is judged by and when it was handled, the event that made it
-- (assigned_by, whose payload names the crew: kpi_persons reads it) and whether a rework ended it (reworked).
-- kpi_case_facts counts them per case, kpi_persons per crew: one definition of an assignment for both.
CREATE FUNCTION assetreg_app.kpi_case_assignments(period_start timestamptz, period_end timestamptz,
                                                  at_time timestamptz)
    RETURNS TABLE (work_order_id bigint, assignment bigint, due_by timestamptz, handled timestamptz,
                   first_dispatch timestamptz, assigned_by bigint, reworked boolean)
    LANGUAGE sql STABLE AS $$
    WITH registered AS (
        SELECT e.work_order_id AS id FROM assetreg.work_order_event e
         WHERE e.action = 'register' AND e.at >= period_start AND e.at < period_end AND e.at <= at_time),
    -- each registered case's register, dispatch, rework and handle events, read by their case (OFFSET 0: the
    -- planner would AND in the index on action and time, which holds every such event of the years before),
    -- numbered by the assignments made up to each
    steps AS (
        SELECT e.work_order_id, e.id, e.action, e.at, e.handling_deadline,
               e.action IN ('dispatch', 'rework') AND e.at <= at_time AS assigns,
               count(*) FILTER (WHERE e.action IN ('dispatch', 'rework') AND e.at <= at_time)
                   OVER (PARTITION BY e.work_order_id ORDER BY e.id) AS assignment
          FROM registered r
         CROSS JOIN LATERAL (SELECT c.work_order_id, c.id, c.action, c.at, c.handling_deadline
                               FROM assetreg.work_order_event c WHERE c.work_order_id = r.id OFFSET 0) e
         WHERE e.action IN ('register', 'dispatch', 'rework', 'handle')),
    assignments AS (
        SELECT s.work_order_id, s.assignment,
               max(s.handling_deadline) FILTER (WHERE s.assigns) AS own_deadline,
               min(s.at) FILTER (WHERE s.action = 'handle') AS handled,
               min(s.at) FILTER (WHERE s.action = 'dispatch') AS first_dispatch,
               max(s.id) FILTER (WHERE s.assigns) AS assigned_by,
               max(s.assignment) OVER (PARTITION BY s.work_order_id) AS latest,
               -- the next assignment was made by a rework: this one's handling failed the check
               lead(bool_or(s.assigns AND s.action = 'rework')) OVER (PARTITION BY s.work_order_id ORDER BY s.assignment)
                   AS reworked
          FROM steps s
         GROUP BY s.work_order_id, s.assignment)
    -- the latest assignment is judged by the case's own deadline and handling (a deferral moves them)
    SELECT a.work_order_id, a.assignment,
           CASE WHEN a.assignment = a.latest THEN w.handling_deadline ELSE coalesce(a.own_deadline, w.handling_deadline) END,
           CASE WHEN a.assignment = a.latest THEN w.handled_at ELSE a.handled END,
           a.first_dispatch, a.assigned_by, coalesce(a.reworked, false)
      FROM assignments a
      JOIN assetreg.work_order w ON w.id = a.work_order_id
$$;

-- Whether a case of the cohort is due for closing (应结案): not cancelled, and not deferred when the profile's
-- indicators.cases (opt) takes deferred cases out; kpi_case_facts and kpi_persons judge by it alike.
CREATE FUNCTION assetreg_app.kpi_case_due(status text, opt jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT status <> 'cancelled' AND NOT (status = 'deferred' AND (opt ->> 'exclude_deferred_from_due')::boolean)
$$;

-- The cases registered in a period (by at_time), each with what the case indicators count of it as it stood
-- at at_time: its stage, deadlines and handling as its row holds them, and its handling assignments (按期处置)
-- made by at_time, each judged by its own deadline (the latest by the case's handling deadline and handling,
-- an earlier one by the deadline kept on its event and its first handling). The same answer as
-- kpi_case_facts_from_events (72_case_indicators_reference.sql: the events' reading, kept for the tests and the bench), read
-- from the facts: a case whose assignments and earlier handlings were all made by at_time (settled_at) is
-- counted from its summary; one still being assigned after at_time (a rework after the period's end) from its
-- assignment facts.
CREATE FUNCTION assetreg_app.kpi_case_fact_rows(period_start timestamptz, period_end timestamptz, group_by text,
                                                at_time timestamptz)
    RETURNS TABLE (id bigint, code text, status text, is_due boolean, closed boolean,
                   on_time_closed boolean, due_for_handling boolean, on_time_handled boolean, reworked boolean,
                   overdue_open boolean, handling_hours numeric, rated boolean, satisfied boolean,
                   handling_assignments integer, on_time_assignments integer)
    LANGUAGE sql STABLE AS $$
    WITH p AS (SELECT body -> 'indicators' -> 'cases' AS opt,
                      ARRAY(SELECT jsonb_array_elements_text(body -> 'indicators' -> 'cases' -> 'unrated_codes')) AS unrated,
                      ARRAY(SELECT jsonb_array_elements_text(body -> 'indicators' -> 'cases' -> 'satisfied_codes')) AS satisfied
                 FROM assetreg.city_profile),
    -- a case settled by at_time (nearly every case of a past month) counted from its summary; one still being
    -- assigned after at_time (a rework after the period's end) from its assignments made by then, read only for it
    -- (a subquery in the branch of a CASE runs only when the branch is taken)
    counted AS (
        SELECT c.*, assetreg_app.kpi_asset_group(group_by, c.located_grid, c.handling_unit, NULL) AS group_code,
               CASE WHEN c.settled_at IS NULL OR c.settled_at <= at_time THEN c.assignments
                    ELSE (SELECT count(*)::integer FROM assetreg.case_assignment_fact x
                           WHERE x.work_order_id = c.work_order_id AND x.assigned_at <= at_time) END AS assignments_,
               -- (a case not handled compares as NULL: counted 0, never NULL, as count(*) FILTER counts it)
               CASE WHEN c.settled_at IS NULL OR c.settled_at <= at_time
                    THEN c.earlier_on_time + CASE WHEN c.assignments > 0 AND c.handled_at <= c.handling_deadline
                                                       AND c.handled_at <= at_time THEN 1 ELSE 0 END
                    ELSE (SELECT (count(*) FILTER (WHERE CASE WHEN a.assignment = a.latest
                                                              THEN c.handled_at <= c.handling_deadline AND c.handled_at <= at_time
                                                              ELSE a.handled_at <= coalesce(a.own_deadline, c.handling_deadline)
                                                                   AND a.handled_at <= at_time END))::integer
                            FROM (SELECT x.*, max(x.assignment) OVER () AS latest
                                    FROM assetreg.case_assignment_fact x
                                   WHERE x.work_order_id = c.work_order_id AND x.assigned_at <= at_time) a) END AS on_time_
          FROM assetreg.case_fact c
         WHERE c.registered_at >= period_start AND c.registered_at < period_end AND c.registered_at <= at_time
    ),
    f AS (
        SELECT c.*, assetreg_app.kpi_case_due(c.status, p.opt) AS due_,
               c.status = 'closed' AND c.closed_at <= at_time AS closed_
          FROM counted c CROSS JOIN p
    )
    SELECT f.work_order_id, f.group_code, f.status,
           f.due_, f.closed_,
           f.closed_ AND f.closed_at <= f.closing_deadline,
           f.due_ AND f.assignments_ > 0,
           f.due_ AND f.assignments_ > 0 AND f.on_time_ = f.assignments_,
           f.closed_ AND f.rework_count > 0,
           assetreg_app.case_overdue_at(f.status, f.handled_at, f.handling_deadline, f.closing_deadline, at_time),
           round((extract(epoch FROM f.handled_at - f.first_dispatch_at) / 3600)::numeric, 2),
           f.satisfaction IS NOT NULL AND NOT f.satisfaction = ANY (p.unrated),
           f.satisfaction = ANY (p.satisfied),
           CASE WHEN f.due_ THEN f.assignments_ ELSE 0 END,
           CASE WHEN f.due_ THEN f.on_time_ ELSE 0 END
      FROM f CROSS JOIN p
$$;

-- Each case of the period with what is counted of it, from the facts (69_case_facts.sql), and its number.
CREATE FUNCTION assetreg_app.kpi_case_facts(period_start timestamptz, period_end timestamptz, group_by text,
                                            at_time timestamptz)
    RETURNS TABLE (id bigint, case_no text, code text, status text, is_due boolean, closed boolean,
                   on_time_closed boolean, due_for_handling boolean, on_time_handled boolean, reworked boolean,
                   overdue_open boolean, handling_hours numeric, rated boolean, satisfied boolean,
                   handling_assignments integer, on_time_assignments integer)
    LANGUAGE sql STABLE AS $$
    SELECT f.id, w.case_no::text, f.code, f.status, f.is_due, f.closed, f.on_time_closed, f.due_for_handling,
           f.on_time_handled, f.reworked, f.overdue_open, f.handling_hours, f.rated, f.satisfied,
           f.handling_assignments, f.on_time_assignments
      FROM assetreg_app.kpi_case_fact_rows(period_start, period_end, group_by, at_time) f
      JOIN assetreg.work_order w ON w.id = f.id
$$;

CREATE FUNCTION assetreg_app.kpi_cases(period_start timestamptz, period_end timestamptz, group_by text,
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
    -- from the facts (69_case_facts.sql): a month of 2,000,000 cases without reading their events
    facts AS (SELECT * FROM assetreg_app.kpi_case_fact_rows(period_start, period_end, group_by, at_time)),
    reported_in AS (
        SELECT x.code, GROUPING(x.code) = 1 AS total, count(*) AS n
          FROM (SELECT assetreg_app.kpi_asset_group(group_by, w.located_grid, w.handling_unit, NULL) AS code
                  FROM assetreg.case_fact w
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

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.kpi_cases(timestamptz, timestamptz, text, timestamptz)', 'object.kpi_cases');

CREATE FUNCTION assetreg_app.kpi_cases_drill(period_start timestamptz, period_end timestamptz, group_by text,
                                             group_code text, at_time timestamptz DEFAULT now())
    RETURNS TABLE (id bigint, case_no text, status text, is_due boolean, closed boolean, on_time_closed boolean,
                   on_time_handled boolean, reworked boolean, overdue_open boolean, handling_hours numeric)
    LANGUAGE plpgsql STABLE SET jit = off AS $$
BEGIN
    PERFORM assetreg_app.kpi_check_grouping(group_by, assetreg_app.kpi_case_groupings());
    RETURN QUERY
    SELECT f.id, f.case_no, f.status, f.is_due, f.closed, f.on_time_closed, f.on_time_handled, f.reworked,
           f.overdue_open, f.handling_hours
      FROM assetreg_app.kpi_case_facts(period_start, period_end, group_by, at_time) f
     WHERE group_code IS NULL OR f.code = group_code
     ORDER BY f.id;
END
$$;

-- == Ranking (排名，红榜与黑榜) ===================================================================
-- Districts, streets, communities, grids or maintainers of a period, ranked by how many of their targets
-- they meet (lighting rate, closure rate, on-time closure rate, on-time handling rate: those that have a
-- rate), then by on-time closure rate, closure rate and lighting rate. The red list (红榜) is the first
-- indicators.ranking.red_list_size that meet every target they have; the black list (黑榜) the last
-- black_list_size that miss at least one. A unit that has a target unmeasured (a case target of the
-- profile without a due case or assignment to divide by, or no case at all) cannot be on the red list:
-- its list is 'unmeasured' (未测), never the black list for that alone. The lighting target is the
-- unit's own (none for a unit without lights), so it is unmeasured never.

CREATE FUNCTION assetreg_app.kpi_ranking_groupings() RETURNS text[]
    LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY['district', 'street', 'community', 'grid', 'maintainer'] $$;

-- The ranking of the rows of kpi_lighting and kpi_cases (as jsonb arrays), so that a table of
-- every indicator (kpi_board) ranks what it has computed already.
CREATE FUNCTION assetreg_app.kpi_ranking_of(group_by text, lighting jsonb, cases jsonb)
    RETURNS TABLE (rank bigint, group_code text, label_zh text, label_en text, lighting_rate numeric,
                   closure_rate numeric, on_time_closure_rate numeric, on_time_handling_rate numeric,
                   targets_met integer, targets_measured integer, targets_set integer, list text)
    LANGUAGE plpgsql STABLE AS $$
BEGIN
    PERFORM assetreg_app.kpi_check_grouping(group_by, assetreg_app.kpi_ranking_groupings());
    RETURN QUERY
    WITH r AS (SELECT (body -> 'indicators' -> 'ranking' ->> 'red_list_size')::integer AS red_n,
                      (body -> 'indicators' -> 'ranking' ->> 'black_list_size')::integer AS black_n,
                      body -> 'indicators' -> 'cases' -> 'targets' AS case_targets
                 FROM assetreg.city_profile),
    light AS (SELECT * FROM jsonb_to_recordset(coalesce(lighting, '[]'))
                  AS x (group_code text, is_total boolean, label_zh text, label_en text, lighting_rate numeric, target numeric)
               WHERE NOT x.is_total),
    cases AS (SELECT * FROM jsonb_to_recordset(coalesce(cases, '[]'))
                  AS x (group_code text, is_total boolean, label_zh text, label_en text, closure_rate numeric,
                        on_time_closure_rate numeric, on_time_handling_rate numeric)
               WHERE NOT x.is_total),
    -- the case targets are the profile's, whether or not the unit had a case
    joined AS (
        SELECT coalesce(c.group_code, l.group_code) AS code, coalesce(c.label_zh, l.label_zh) AS zh,
               coalesce(c.label_en, l.label_en) AS en, l.lighting_rate AS lr, l.target AS lt,
               c.closure_rate AS cr, (r.case_targets ->> 'closure_rate')::numeric AS ct,
               c.on_time_closure_rate AS ocr, (r.case_targets ->> 'on_time_closure_rate')::numeric AS oct,
               c.on_time_handling_rate AS ohr, (r.case_targets ->> 'on_time_handling_rate')::numeric AS oht
          FROM cases c FULL JOIN light l ON l.group_code = c.group_code
         CROSS JOIN r
         WHERE coalesce(c.group_code, l.group_code) <> ''
    ),
    scored AS (
        SELECT j.*,
               ((j.lr >= j.lt) IS TRUE)::int + ((j.cr >= j.ct) IS TRUE)::int + ((j.ocr >= j.oct) IS TRUE)::int
                 + ((j.ohr >= j.oht) IS TRUE)::int AS met,
               (j.lr IS NOT NULL AND j.lt IS NOT NULL)::int + (j.cr IS NOT NULL AND j.ct IS NOT NULL)::int
                 + (j.ocr IS NOT NULL AND j.oct IS NOT NULL)::int + (j.ohr IS NOT NULL AND j.oht IS NOT NULL)::int AS measured,
               (j.lt IS NOT NULL)::int + (j.ct IS NOT NULL)::int + (j.oct IS NOT NULL)::int + (j.oht IS NOT NULL)::int
                 AS targeted
          FROM joined j
    ),
    -- kind: 0 meets every target it has, 1 misses one, 2 misses none but has one unmeasured
    kinds AS (
        SELECT s.*, CASE WHEN s.met < s.measured THEN 1 WHEN s.measured < s.targeted OR s.targeted = 0 THEN 2 ELSE 0 END
                        AS kind
          FROM scored s
    ),
    ranked AS (
        SELECT s.*, row_number() OVER (ORDER BY s.met DESC, s.measured - s.met, s.ocr DESC NULLS LAST,
                                               s.cr DESC NULLS LAST, s.lr DESC NULLS LAST, s.code) AS pos,
               row_number() OVER (PARTITION BY s.kind
                                  ORDER BY s.met DESC, s.measured - s.met, s.ocr DESC NULLS LAST,
                                           s.cr DESC NULLS LAST, s.lr DESC NULLS LAST, s.code) AS pos_in_kind,
               count(*) FILTER (WHERE s.kind = 1) OVER () AS missing_n
          FROM kinds s
    )
    SELECT k.pos, k.code, k.zh, k.en, k.lr, k.cr, k.ocr, k.ohr, k.met, k.measured, k.targeted,
           CASE WHEN k.kind = 0 AND k.pos_in_kind <= r.red_n THEN 'red'
                WHEN k.kind = 1 AND k.pos_in_kind > k.missing_n - r.black_n THEN 'black'
                WHEN k.kind = 2 THEN 'unmeasured' END
      FROM ranked k CROSS JOIN r
     ORDER BY k.pos;
END
$$;

CREATE FUNCTION assetreg_app.kpi_ranking(period_start timestamptz, period_end timestamptz, group_by text,
                                         at_time timestamptz DEFAULT now())
    RETURNS TABLE (rank bigint, group_code text, label_zh text, label_en text, lighting_rate numeric,
                   closure_rate numeric, on_time_closure_rate numeric, on_time_handling_rate numeric,
                   targets_met integer, targets_measured integer, targets_set integer, list text)
    LANGUAGE plpgsql STABLE SET jit = off AS $$
BEGIN
    PERFORM assetreg_app.kpi_check_grouping(group_by, assetreg_app.kpi_ranking_groupings());
    RETURN QUERY
    SELECT * FROM assetreg_app.kpi_ranking_of(
        group_by,
        (SELECT jsonb_agg(to_jsonb(x)) FROM assetreg_app.kpi_lighting(least(at_time, period_end), group_by) x),
        (SELECT jsonb_agg(to_jsonb(x)) FROM assetreg_app.kpi_cases(period_start, period_end, group_by, at_time) x));
END
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.kpi_ranking(timestamptz, timestamptz, text, timestamptz)', 'object.kpi_ranking');

-- == The table of every indicator (指标总表) ======================================================
-- Lighting, intactness, cases and ranking of one grouping and period, each computed once (the
-- ranking ranks the lighting and cases rows of the same table): {indicator: [rows]}, holding the
-- indicators that take the grouping.

CREATE FUNCTION assetreg_app.kpi_board(period_start timestamptz, period_end timestamptz, group_by text,
                                       at_time timestamptz DEFAULT now())
    RETURNS jsonb
    LANGUAGE plpgsql STABLE SET jit = off AS $$
DECLARE
    lighting jsonb;
    cases jsonb;
    board jsonb;
BEGIN
    PERFORM assetreg_app.kpi_check_grouping(group_by, assetreg_app.kpi_asset_groupings());
    lighting := (SELECT coalesce(jsonb_agg(to_jsonb(x)), '[]')
                   FROM assetreg_app.kpi_lighting(least(at_time, period_end), group_by, period_start) x);
    board := jsonb_build_object(
        'lighting', lighting,
        'intactness', (SELECT coalesce(jsonb_agg(to_jsonb(x)), '[]') FROM assetreg_app.kpi_intactness(group_by) x));
    IF group_by = ANY (assetreg_app.kpi_case_groupings()) THEN
        cases := (SELECT coalesce(jsonb_agg(to_jsonb(x)), '[]')
                    FROM assetreg_app.kpi_cases(period_start, period_end, group_by, at_time) x);
        board := board || jsonb_build_object('cases', cases,
            'steps', (SELECT coalesce(jsonb_agg(to_jsonb(x)), '[]') FROM assetreg_app.kpi_steps(period_start, period_end, group_by) x));
    END IF;
    IF group_by = ANY (assetreg_app.kpi_ranking_groupings()) THEN
        board := board || jsonb_build_object('ranking', (SELECT coalesce(jsonb_agg(to_jsonb(x)), '[]')
                                                           FROM assetreg_app.kpi_ranking_of(group_by, lighting, cases) x));
    END IF;
    RETURN board;
END
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.kpi_board(timestamptz, timestamptz, text, timestamptz)', 'object.kpi_board');

-- == Monthly snapshots (月度快照) =================================================================
-- A month's figures, as they stand when the snapshot is taken (after the month), kept in assetreg.kpi_snapshot so
-- that the trend does not move when cases or assets are edited later. Taking the snapshot of a
-- month again replaces it only when asked to (`replace`).

CREATE FUNCTION assetreg_app.kpi_take_snapshot(period text, replace boolean DEFAULT false, as_of text DEFAULT 'period_end')
    RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    bounds record;
    written integer;
    measured_at timestamptz;
    groupings text[] := assetreg_app.kpi_case_groupings();
BEGIN
    IF NOT assetreg_app.session_holds('assetreg_admin', 'assetreg_editor') THEN
        PERFORM assetreg_app.refuse('AR005', 'refusal.kpi.snapshot_not_allowed');
    END IF;
    SELECT * INTO bounds FROM assetreg_app.kpi_period(period);
    measured_at := assetreg_app.kpi_as_of_time(as_of, bounds.period_end);
    PERFORM assetreg_app.kpi_tally_refresh(), assetreg_app.kpi_light_off_refresh(), assetreg_app.kpi_patrol_tally_refresh();
    -- a period is kept once it is over: a snapshot of a running period would hide its later days
    IF bounds.period_end > now() THEN
        PERFORM assetreg_app.refuse('AR001', 'refusal.kpi.period_not_over', jsonb_build_object('period', period));
    END IF;
    IF EXISTS (SELECT 1 FROM assetreg.kpi_snapshot s WHERE s.period = kpi_take_snapshot.period) THEN
        IF NOT replace THEN
            PERFORM assetreg_app.refuse('AR008', 'refusal.kpi.snapshot_exists',
                jsonb_build_object('period', period, 'taken_at',
                                   (SELECT max(s.taken_at) FROM assetreg.kpi_snapshot s
                                     WHERE s.period = kpi_take_snapshot.period)::text));
        END IF;
        DELETE FROM assetreg.kpi_snapshot s WHERE s.period = kpi_take_snapshot.period;
    END IF;
    INSERT INTO assetreg.kpi_snapshot (period, indicator, group_by, group_code, figures, as_of)
    SELECT period, 'lighting', g, coalesce(x.group_code, '*'), to_jsonb(x), kpi_take_snapshot.as_of
      FROM unnest(groupings || 'road_class'::text) g,
           LATERAL assetreg_app.kpi_lighting(least(bounds.period_end, now()), g, bounds.period_start) x;
    INSERT INTO assetreg.kpi_snapshot (period, indicator, group_by, group_code, figures, as_of)
    SELECT period, 'cases', g, coalesce(x.group_code, '*'), to_jsonb(x), kpi_take_snapshot.as_of
      FROM unnest(groupings) g, LATERAL assetreg_app.kpi_cases(bounds.period_start, bounds.period_end, g, measured_at) x;
    INSERT INTO assetreg.kpi_snapshot (period, indicator, group_by, group_code, figures, as_of)
    SELECT period, 'intactness', g, x.family || ':' || coalesce(x.group_code, '*'), to_jsonb(x), kpi_take_snapshot.as_of
      FROM unnest(groupings) g, LATERAL assetreg_app.kpi_intactness(g) x;
    INSERT INTO assetreg.kpi_snapshot (period, indicator, group_by, group_code, figures, as_of)
    SELECT period, 'ranking', g, x.group_code, to_jsonb(x), kpi_take_snapshot.as_of
      FROM unnest(assetreg_app.kpi_ranking_groupings()) g,
           LATERAL assetreg_app.kpi_ranking(bounds.period_start, bounds.period_end, g, measured_at) x;
    -- the case steps and the persons' figures (db/app/71_kpi_groups.sql)
    INSERT INTO assetreg.kpi_snapshot (period, indicator, group_by, group_code, figures, as_of)
    SELECT period, 'steps', g, coalesce(x.group_code, '*'), to_jsonb(x), kpi_take_snapshot.as_of
      FROM unnest(groupings) g, LATERAL assetreg_app.kpi_steps(bounds.period_start, bounds.period_end, g) x;
    INSERT INTO assetreg.kpi_snapshot (period, indicator, group_by, group_code, figures, as_of)
    SELECT period, 'persons', 'person', coalesce(x.group_code, '*'), to_jsonb(x), kpi_take_snapshot.as_of
      FROM assetreg_app.kpi_persons(bounds.period_start, bounds.period_end, measured_at) x;
    SELECT count(*) INTO written FROM assetreg.kpi_snapshot s WHERE s.period = kpi_take_snapshot.period;
    RETURN written;
END
$$;
REVOKE ALL ON FUNCTION assetreg_app.kpi_take_snapshot(text, boolean, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assetreg_app.kpi_take_snapshot(text, boolean, text) TO assetreg_editor, assetreg_admin;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.kpi_take_snapshot(text, boolean, text)', 'object.kpi_take_snapshot');

-- == Views over the functions, for QGIS and psql ==================================================

CREATE VIEW assetreg_app.streetlight_lighting_state AS
SELECT s.uid, s.component_id, s.road_class, s.maintainer_name, s.located_grid, s.status,
       s.status = ANY (ARRAY(SELECT jsonb_array_elements_text(p.body -> 'lighting' -> 'should_be_on_statuses')))
           AS should_be_on,
       o.reason AS off_reason, o.case_no AS open_case_no, o.patrol_at AS unlit_patrol_at, s.geom
  FROM assetreg.streetlight s
 CROSS JOIN assetreg.city_profile p
  LEFT JOIN (SELECT DISTINCT ON (x.asset_uid) x.* FROM assetreg_app.kpi_lights_off(now()) x
              ORDER BY x.asset_uid, x.reason) o ON o.asset_uid = s.uid;

SELECT assetreg_app.comment_on('VIEW', 'assetreg_app.streetlight_lighting_state', 'object.streetlight_lighting_state');

CREATE VIEW assetreg_app.lighting_rate_by_road_class AS
SELECT l.group_code AS road_class, l.label_zh, l.label_en, rc.sort_order, l.lights_should_be_on, l.lights_on,
       l.lighting_rate, l.target, l.meets_target
  FROM assetreg_app.kpi_lighting(now(), 'road_class') l
  LEFT JOIN assetreg.cl_road_class rc ON rc.code = l.group_code;

SELECT assetreg_app.comment_on('VIEW', 'assetreg_app.lighting_rate_by_road_class', 'object.lighting_rate_by_road_class');
