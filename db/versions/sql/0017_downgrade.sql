-- Revision 0017, downgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

ALTER TABLE assetreg."streetlight" DROP CONSTRAINT "streetlight_cabinet_id_1";

ALTER TABLE assetreg."streetlight" ALTER COLUMN "cabinet_id" TYPE character varying(50);

DROP TABLE assetreg."lighting_cabinet";

DROP TABLE assetreg."cl_cabinet_control_mode";

DROP TABLE assetreg."cl_cabinet_mounting";

