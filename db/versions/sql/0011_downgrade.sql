-- Revision 0011, downgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

ALTER TABLE assetreg.bridge ALTER COLUMN component_id DROP DEFAULT;

ALTER TABLE assetreg.bridge ALTER COLUMN grid_code DROP DEFAULT;

ALTER TABLE assetreg.bridge ALTER COLUMN competent_dept_code DROP DEFAULT;

ALTER TABLE assetreg.bridge ALTER COLUMN competent_dept_name DROP DEFAULT;

ALTER TABLE assetreg.bridge DROP COLUMN component_class;

ALTER TABLE assetreg.park ALTER COLUMN component_id DROP DEFAULT;

ALTER TABLE assetreg.park ALTER COLUMN grid_code DROP DEFAULT;

ALTER TABLE assetreg.park ALTER COLUMN competent_dept_code DROP DEFAULT;

ALTER TABLE assetreg.park ALTER COLUMN competent_dept_name DROP DEFAULT;

ALTER TABLE assetreg.park DROP COLUMN component_class;

ALTER TABLE assetreg.park_facility ALTER COLUMN component_id DROP DEFAULT;

ALTER TABLE assetreg.park_facility ALTER COLUMN grid_code DROP DEFAULT;

ALTER TABLE assetreg.park_facility ALTER COLUMN competent_dept_code DROP DEFAULT;

ALTER TABLE assetreg.park_facility ALTER COLUMN competent_dept_name DROP DEFAULT;

ALTER TABLE assetreg.park_facility DROP COLUMN component_class;

ALTER TABLE assetreg.road_segment ALTER COLUMN component_id DROP DEFAULT;

ALTER TABLE assetreg.road_segment ALTER COLUMN grid_code DROP DEFAULT;

ALTER TABLE assetreg.road_segment ALTER COLUMN competent_dept_code DROP DEFAULT;

ALTER TABLE assetreg.road_segment ALTER COLUMN competent_dept_name DROP DEFAULT;

ALTER TABLE assetreg.road_segment DROP COLUMN component_class;

ALTER TABLE assetreg.streetlight ALTER COLUMN component_id DROP DEFAULT;

ALTER TABLE assetreg.streetlight ALTER COLUMN grid_code DROP DEFAULT;

ALTER TABLE assetreg.streetlight ALTER COLUMN competent_dept_code DROP DEFAULT;

ALTER TABLE assetreg.streetlight ALTER COLUMN competent_dept_name DROP DEFAULT;

ALTER TABLE assetreg.streetlight DROP COLUMN component_class;

ALTER TABLE assetreg.tree ALTER COLUMN component_id DROP DEFAULT;

ALTER TABLE assetreg.tree ALTER COLUMN grid_code DROP DEFAULT;

ALTER TABLE assetreg.tree ALTER COLUMN competent_dept_code DROP DEFAULT;

ALTER TABLE assetreg.tree ALTER COLUMN competent_dept_name DROP DEFAULT;

ALTER TABLE assetreg.tree DROP COLUMN component_class;

DROP TABLE assetreg.area_default;

DROP TABLE assetreg.identifier_serial;

DROP FUNCTION assetreg.filled_on_save();

