-- Night lighting patrols (夜间亮灯巡查): the latest patrol of each streetlight, for the
-- lighting rate (50_lighting_rate.sql, which runs after this file and reads it). The latest is
-- by inspected_at; two records of one moment are told apart by when they were registered.
-- Served by the index inspection_asset_latest_idx (asset_uid, kind, inspected_at DESC).

CREATE VIEW assetreg_app.streetlight_latest_patrol AS
SELECT DISTINCT ON (i.asset_uid)
       i.asset_uid,
       i.component_id,
       i.lit,
       i.inspected_at,
       i.inspector,
       i.status_found,
       i.uid AS inspection_uid,
       i.submission_id
  FROM assetreg.inspection i
 WHERE i.kind = 'lighting_patrol'
   AND i.asset_family = 'streetlight'
 ORDER BY i.asset_uid, i.inspected_at DESC, i.created_at DESC, i.uid;

COMMENT ON VIEW assetreg_app.streetlight_latest_patrol IS
    '每盏路灯最近一次夜间亮灯巡查：是否亮、何时 / The latest night lighting patrol of each light: lit, when';
