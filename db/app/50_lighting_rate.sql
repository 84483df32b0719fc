-- Lighting rate (亮灯率) = lights on / lights that should be on.
-- A light should be on when its status is one of the profile's
-- lighting.should_be_on_statuses. It is off
--   * while an open outage case is linked to it: a case of one of the profile's
--     lighting.outage_matter_classes that is not closed, cancelled or refused (a refused report
--     was never a case; every other stage means the light is still out, or not yet verified
--     as on); or
--   * when its latest night patrol (45_patrols.sql) found it unlit, unless an outage case of
--     it was closed after that patrol: closing verifies the repair, which is newer news than
--     the patrol, so a repaired light does not stay dark until the next patrol passes.
-- Targets per road class come from the profile (lighting.targets).

CREATE VIEW assetreg_app.streetlight_lighting_state AS
SELECT s.uid,
       s.component_id,
       s.road_class,
       s.maintainer_name,
       s.grid_code,
       s.status,
       s.status = ANY (ARRAY(SELECT jsonb_array_elements_text(p.body -> 'lighting' -> 'should_be_on_statuses')))
           AS should_be_on,
       EXISTS (SELECT 1
                 FROM assetreg.work_order_asset a
                 JOIN assetreg.work_order w ON w.id = a.work_order_id
                WHERE a.family = 'streetlight'
                  AND a.asset_uid = s.uid
                  AND w.matter_class IN (SELECT jsonb_array_elements_text(p.body -> 'lighting' -> 'outage_matter_classes'))
                  AND w.status NOT IN ('closed', 'cancelled', 'refused')) AS has_open_outage,
       s.geom,
       lp.lit AS latest_patrol_lit,
       lp.inspected_at AS latest_patrol_at,
       coalesce(NOT lp.lit, false)
           AND NOT EXISTS (SELECT 1
                             FROM assetreg.work_order_asset a
                             JOIN assetreg.work_order w ON w.id = a.work_order_id
                            WHERE a.family = 'streetlight'
                              AND a.asset_uid = s.uid
                              AND w.matter_class IN (SELECT jsonb_array_elements_text(p.body -> 'lighting' -> 'outage_matter_classes'))
                              AND w.status = 'closed'
                              AND w.closed_at > lp.inspected_at) AS unlit_by_patrol
  FROM assetreg.streetlight s
 CROSS JOIN assetreg.city_profile p
  LEFT JOIN assetreg_app.streetlight_latest_patrol lp ON lp.asset_uid = s.uid;

COMMENT ON VIEW assetreg_app.streetlight_lighting_state IS
    '每盏路灯是否应亮、是否有未结的熄灯工单、最近巡查是否不亮 / Whether each light should be on, has an open outage, was found unlit by its latest patrol';

CREATE VIEW assetreg_app.lighting_rate_by_road_class AS
WITH counts AS (
    SELECT road_class,
           count(*) FILTER (WHERE should_be_on) AS lights_should_be_on,
           count(*) FILTER (WHERE should_be_on AND NOT has_open_outage AND NOT unlit_by_patrol) AS lights_on
      FROM assetreg_app.streetlight_lighting_state
     GROUP BY GROUPING SETS ((road_class), ())
)
SELECT c.road_class,
       rc.label_zh,
       rc.label_en,
       rc.sort_order,
       c.lights_should_be_on,
       c.lights_on,
       round(c.lights_on::numeric / NULLIF(c.lights_should_be_on, 0), 4) AS lighting_rate,
       (p.body -> 'lighting' -> 'targets' ->> c.road_class)::numeric AS target,
       c.lights_on::numeric / NULLIF(c.lights_should_be_on, 0)
           >= (p.body -> 'lighting' -> 'targets' ->> c.road_class)::numeric AS meets_target
  FROM counts c
  LEFT JOIN assetreg.cl_road_class rc ON rc.code = c.road_class
 CROSS JOIN assetreg.city_profile p;

COMMENT ON VIEW assetreg_app.lighting_rate_by_road_class IS
    '按道路等级的亮灯率与目标（road_class 为空的行是全市合计） / Lighting rate by road class against targets (the row with no road_class is the total)';
