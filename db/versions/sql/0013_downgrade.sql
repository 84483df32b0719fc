-- Revision 0013, downgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

ALTER TABLE assetreg.cl_work_order_source DROP COLUMN reply_required;

DROP TABLE assetreg.responsibility_area;

