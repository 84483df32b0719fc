-- Revision 0002, downgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

DROP TABLE assetreg.quarantine;

DROP TABLE assetreg.bulk_suspended;

DROP TABLE assetreg.asset_history;

DROP TABLE assetreg.submission;

DROP TABLE assetreg.unit_grid;

DROP TABLE assetreg.admin_area;

DROP TABLE assetreg.park_facility;

DROP TABLE assetreg.park;

DROP TABLE assetreg.tree;

DROP TABLE assetreg.bridge;

DROP TABLE assetreg.road_segment;

ALTER TABLE assetreg.streetlight DROP COLUMN located_district;

ALTER TABLE assetreg.streetlight DROP COLUMN located_street;

ALTER TABLE assetreg.streetlight DROP COLUMN located_community;

ALTER TABLE assetreg.streetlight DROP COLUMN located_at;

ALTER TABLE assetreg.streetlight DROP COLUMN located_grid;

ALTER TABLE assetreg.streetlight DROP COLUMN created_session;

ALTER TABLE assetreg.streetlight DROP COLUMN created_submission;

ALTER TABLE assetreg.streetlight DROP COLUMN created_by;

