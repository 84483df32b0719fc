-- Revision 0022, downgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

ALTER TABLE assetreg.work_order DROP COLUMN on_the_spot_at;

ALTER TABLE assetreg.work_order DROP COLUMN urged_at;

ALTER TABLE assetreg.work_order DROP COLUMN supervised_at;

ALTER TABLE assetreg.work_order DROP COLUMN redispatched_at;

ALTER TABLE assetreg.work_order DROP COLUMN returned_unit;

ALTER TABLE assetreg.work_order DROP COLUMN return_reason;

ALTER TABLE assetreg.work_order DROP COLUMN returned_at;

