-- Repeated complaints (重复投诉, issue 15): a case reported in a period that repeats an earlier case,
-- reported at most indicators.cases.repeats.days before it (default 30), about
--   * the same asset (a link to the same asset, whatever the matter), or
--   * the same matter class within indicators.cases.repeats.distance_m metres (default 50).
-- The earlier case may lie before the period (a complaint on the 2nd repeats the one of the 28th before);
-- it counts whatever became of either (a duplicate cancelled as such is a repeat all the same). Cases
-- reported at the same moment are ordered by their id. Defaults: profile.schema.json states them too.
--
-- Each case is read through the columns every registry role may read (no reporter's details), so the
-- functions run with the caller's rights.

-- The rule of the city profile, with its defaults.
CREATE FUNCTION assetreg_app.case_repeat_rule(OUT distance_m float8, OUT days numeric)
    LANGUAGE sql STABLE AS $$
    SELECT coalesce((p.body #>> '{indicators,cases,repeats,distance_m}')::float8, 50),
           coalesce((p.body #>> '{indicators,cases,repeats,days}')::numeric, 30)
      FROM assetreg.city_profile p
$$;

-- Metres per unit of the registry CRS; NULL for degrees (then distances are measured on the spheroid).
CREATE FUNCTION assetreg_app.registry_metres_per_unit() RETURNS float8
    LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN s.proj4text ~ '\+proj=longlat' THEN NULL
                WHEN s.proj4text ~ '\+units=us-ft' THEN 1200.0 / 3937
                WHEN s.proj4text ~ '\+units=ft' THEN 0.3048
                ELSE 1.0 END
      FROM assetreg.city_profile p
      JOIN public.spatial_ref_sys s ON s.srid = split_part(p.body ->> 'registry_crs', ':', 2)::integer
$$;

-- The repeated cases reported in [period_start, period_end): one row per case, with the earlier case it
-- repeats (the same asset first, then the latest, then the nearest), why, how far and how many days after,
-- and how many earlier cases it repeats.
CREATE FUNCTION assetreg_app.case_repeats(period_start timestamptz, period_end timestamptz)
    RETURNS TABLE (id bigint, case_no text, reported_at timestamptz, matter_code text, status text,
                   located_grid text, handling_unit text, earlier_id bigint, earlier_case_no text,
                   earlier_reported_at timestamptz, same_asset boolean, distance_m numeric, days_after numeric,
                   earlier_cases bigint, geom geometry)
    LANGUAGE plpgsql STABLE SET jit = off AS $$
DECLARE
    rule record := assetreg_app.case_repeat_rule();
    per_unit float8 := assetreg_app.registry_metres_per_unit();
    window_ interval;
BEGIN
    window_ := rule.days * interval '1 day';
    RETURN QUERY
    WITH later AS (
        SELECT w.id, w.case_no, w.reported_at, w.matter_code, w.matter_class, w.status, w.located_grid,
               w.handling_unit, w.geom
          FROM assetreg.work_order w
         WHERE w.reported_at >= period_start AND w.reported_at < period_end),
    -- the same asset: through the links (indexed by component), within the days
    by_asset AS (
        SELECT b.id AS later_id, a.id AS earlier_id, true AS same_asset
          FROM later b
          JOIN assetreg.work_order_asset x ON x.work_order_id = b.id
          JOIN assetreg.work_order_asset y ON y.component_id = x.component_id AND y.family = x.family
                                          AND y.asset_uid = x.asset_uid AND y.work_order_id <> b.id
          JOIN assetreg.work_order a ON a.id = y.work_order_id
         WHERE a.reported_at >= b.reported_at - window_
           AND (a.reported_at < b.reported_at OR (a.reported_at = b.reported_at AND a.id < b.id))),
    -- the same matter near by: through the index on the place, within the days
    by_place AS (
        SELECT b.id AS later_id, a.id AS earlier_id, false AS same_asset
          FROM later b
          JOIN assetreg.work_order a
            ON CASE WHEN per_unit IS NULL THEN ST_DWithin(a.geom::geography, b.geom::geography, rule.distance_m)
                    ELSE ST_DWithin(a.geom, b.geom, rule.distance_m / per_unit) END
         WHERE a.matter_class = b.matter_class AND a.id <> b.id
           AND a.reported_at >= b.reported_at - window_
           AND (a.reported_at < b.reported_at OR (a.reported_at = b.reported_at AND a.id < b.id))),
    pairs AS (
        SELECT m.later_id, m.earlier_id, bool_or(m.same_asset) AS same_asset
          FROM (SELECT * FROM by_asset UNION ALL SELECT * FROM by_place) m
         GROUP BY m.later_id, m.earlier_id),
    measured AS (
        SELECT p.*, a.case_no AS earlier_no, a.reported_at AS earlier_at,
               round((CASE WHEN per_unit IS NULL THEN ST_Distance(a.geom::geography, b.geom::geography)
                           ELSE ST_Distance(a.geom, b.geom) * per_unit END)::numeric, 1) AS metres,
               round((extract(epoch FROM b.reported_at - a.reported_at) / 86400)::numeric, 2) AS days_,
               count(*) OVER (PARTITION BY p.later_id) AS n
          FROM pairs p
          JOIN later b ON b.id = p.later_id
          JOIN assetreg.work_order a ON a.id = p.earlier_id)
    SELECT DISTINCT ON (b.id) b.id, b.case_no::text, b.reported_at, b.matter_code::text, b.status::text,
           b.located_grid::text, b.handling_unit::text, m.earlier_id, m.earlier_no::text, m.earlier_at, m.same_asset,
           m.metres, m.days_, m.n, b.geom
      FROM measured m JOIN later b ON b.id = m.later_id
     ORDER BY b.id, m.same_asset DESC, m.earlier_at DESC, m.metres NULLS LAST, m.earlier_id;
END
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.case_repeats(timestamptz, timestamptz)', 'object.case_repeats');

-- The repeated cases per group, grouped like the case indicators (located_grid, or the unit the case is
-- with), beside the cases reported in the period; the total last.
CREATE FUNCTION assetreg_app.kpi_case_repeats(period_start timestamptz, period_end timestamptz, group_by text)
    RETURNS TABLE (group_code text, is_total boolean, label_zh text, label_en text, reported bigint, repeated bigint,
                   repeat_rate numeric)
    LANGUAGE plpgsql STABLE SET jit = off AS $$
BEGIN
    PERFORM assetreg_app.kpi_check_grouping(group_by, assetreg_app.kpi_case_groupings());
    RETURN QUERY
    WITH reported_in AS (
        SELECT w.id, assetreg_app.kpi_asset_group(group_by, w.located_grid, w.handling_unit::text, NULL) AS code
          FROM assetreg.work_order w
         WHERE w.reported_at >= period_start AND w.reported_at < period_end),
    repeats AS (SELECT r.id FROM assetreg_app.case_repeats(period_start, period_end) r),
    grouped AS (
        SELECT c.code, GROUPING(c.code) = 1 AS total, count(*) AS n, count(r.id) AS repeated_
          FROM reported_in c LEFT JOIN repeats r ON r.id = c.id
         GROUP BY GROUPING SETS ((c.code), ()))
    SELECT g.code, g.total, l.label_zh, l.label_en, g.n, g.repeated_, round(g.repeated_::numeric / NULLIF(g.n, 0), 4)
      FROM grouped g CROSS JOIN LATERAL assetreg_app.kpi_group_label(group_by, g.code, g.total) l
     ORDER BY g.total, g.code;
END
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.kpi_case_repeats(timestamptz, timestamptz, text)',
                               'object.kpi_case_repeats');

REVOKE ALL ON FUNCTION assetreg_app.case_repeat_rule(), assetreg_app.registry_metres_per_unit(),
    assetreg_app.case_repeats(timestamptz, timestamptz),
    assetreg_app.kpi_case_repeats(timestamptz, timestamptz, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assetreg_app.case_repeat_rule(), assetreg_app.registry_metres_per_unit(),
    assetreg_app.case_repeats(timestamptz, timestamptz),
    assetreg_app.kpi_case_repeats(timestamptz, timestamptz, text)
    TO assetreg_viewer, assetreg_crew, assetreg_editor, assetreg_standards, assetreg_contractor, assetreg_admin;
