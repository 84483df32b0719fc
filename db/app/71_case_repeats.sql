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
--
-- Set-based over the cases of the period and of the days before it only (never every case ever reported):
-- each case's place is put in a square cell as wide as the distance, so that a case within the distance lies
-- in the same cell or one of the eight around it; the cases are then paired by matter class and cell in one
-- hash join, and the distance decides. The same assets are paired through the links, also by hash join.
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
    -- the distance in the CRS's units (in degrees a bound wide enough below 63 degrees of latitude; the
    -- spheroid then decides)
    radius float8;
BEGIN
    window_ := rule.days * interval '1 day';
    radius := CASE WHEN per_unit IS NULL THEN rule.distance_m / 50000 ELSE rule.distance_m / per_unit END;
    RETURN QUERY
    WITH seen AS (  -- the cases a case of the period may repeat, and those cases themselves
        SELECT w.id, w.reported_at, w.matter_class, w.geom,
               floor(ST_X(w.geom) / radius)::bigint AS cx, floor(ST_Y(w.geom) / radius)::bigint AS cy
          FROM assetreg.work_order w
         WHERE w.reported_at >= period_start - window_ AND w.reported_at < period_end),
    later AS (SELECT * FROM seen s WHERE s.reported_at >= period_start),
    links AS (
        SELECT x.work_order_id, x.family, x.asset_uid, s.reported_at
          FROM seen s JOIN assetreg.work_order_asset x ON x.work_order_id = s.id),
    by_asset AS (
        SELECT b.work_order_id AS later_id, a.work_order_id AS earlier_id, true AS same_asset
          FROM links b
          JOIN links a ON a.asset_uid = b.asset_uid AND a.family = b.family AND a.work_order_id <> b.work_order_id
         WHERE b.reported_at >= period_start
           AND a.reported_at >= b.reported_at - window_
           AND (a.reported_at < b.reported_at OR (a.reported_at = b.reported_at AND a.work_order_id < b.work_order_id))),
    -- each case of the period in its cell and in the eight around it, apart, so that the pairing joins on the
    -- cell and the matter at once whatever the planner guesses (never on the matter alone: all cases of a load
    -- of one matter would pair with each other)
    probes AS MATERIALIZED (
        SELECT b.id, b.reported_at, b.matter_class, b.geom, b.cx + d.dx AS px, b.cy + d.dy AS py
          FROM later b
         CROSS JOIN (VALUES (-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 0), (0, 1), (1, -1), (1, 0), (1, 1)) d(dx, dy)),
    by_place AS (
        SELECT b.id AS later_id, a.id AS earlier_id, false AS same_asset
          FROM probes b
          JOIN seen a ON a.cx = b.px AND a.cy = b.py AND a.matter_class = b.matter_class
         WHERE a.id <> b.id
           AND a.reported_at >= b.reported_at - window_
           AND (a.reported_at < b.reported_at OR (a.reported_at = b.reported_at AND a.id < b.id))
           AND CASE WHEN per_unit IS NULL THEN ST_DWithin(a.geom::geography, b.geom::geography, rule.distance_m)
                    ELSE ST_DWithin(a.geom, b.geom, radius) END),
    pairs AS (
        SELECT m.later_id, m.earlier_id, bool_or(m.same_asset) AS same_asset
          FROM (SELECT * FROM by_asset UNION ALL SELECT * FROM by_place) m
         GROUP BY m.later_id, m.earlier_id),
    chosen AS (
        SELECT DISTINCT ON (p.later_id) p.later_id, p.earlier_id, p.same_asset,
               count(*) OVER (PARTITION BY p.later_id) AS n
          FROM pairs p JOIN seen a ON a.id = p.earlier_id JOIN later b ON b.id = p.later_id
         ORDER BY p.later_id, p.same_asset DESC, a.reported_at DESC, ST_Distance(a.geom, b.geom), p.earlier_id)
    SELECT b.id, b.case_no::text, b.reported_at, b.matter_code::text, b.status::text, b.located_grid::text,
           b.handling_unit::text, a.id, a.case_no::text, a.reported_at, c.same_asset,
           round((CASE WHEN per_unit IS NULL THEN ST_Distance(a.geom::geography, b.geom::geography)
                       ELSE ST_Distance(a.geom, b.geom) * per_unit END)::numeric, 1),
           round((extract(epoch FROM b.reported_at - a.reported_at) / 86400)::numeric, 2),
           c.n, b.geom
      FROM chosen c
      JOIN assetreg.work_order b ON b.id = c.later_id
      JOIN assetreg.work_order a ON a.id = c.earlier_id;
END
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.case_repeats(timestamptz, timestamptz)', 'object.case_repeats');

-- The repeated cases per group, grouped like the case indicators (located_grid, or the unit the case is
-- with), beside the cases reported in the period; the total last. Counted from the repeat marks the flow keeps
-- by case_repeats above (73_case_repeat_marks.sql): the period's cases by the index on their report time, each
-- looked up in the marks, never paired with the days before.
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
    grouped AS (
        SELECT c.code, GROUPING(c.code) = 1 AS total, count(*) AS n, count(r.work_order_id) AS repeated_
          FROM reported_in c LEFT JOIN assetreg.case_repeat r ON r.work_order_id = c.id
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
-- the flow's role computes the repeat marks with them (73_case_repeat_marks.sql)
GRANT EXECUTE ON FUNCTION assetreg_app.case_repeat_rule(), assetreg_app.registry_metres_per_unit(),
    assetreg_app.case_repeats(timestamptz, timestamptz) TO assetreg_case_flow;
