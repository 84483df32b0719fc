-- Revision 0032, downgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

ALTER TABLE assetreg.work_order DROP COLUMN earlier_returned_units;

ALTER TABLE assetreg.work_order DROP COLUMN earlier_redispatched_at;

ALTER TABLE assetreg.work_order DROP COLUMN earlier_returned_at;

ALTER TABLE assetreg.work_order DROP COLUMN earlier_urged_at;

ALTER TABLE assetreg.work_order DROP COLUMN earlier_supervised_at;

