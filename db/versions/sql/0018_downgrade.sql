-- Revision 0018, downgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

DROP INDEX assetreg.work_order_open_map_idx;

DROP INDEX assetreg.work_order_open_district_idx;

DROP INDEX assetreg.work_order_open_stage_idx;

