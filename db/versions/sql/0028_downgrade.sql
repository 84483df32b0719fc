-- Revision 0028, downgrade: frozen SQL, drafted by hand (repeat marks, issue 15).
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

DROP TABLE assetreg.case_repeat_basis;

DROP TABLE assetreg.case_repeat;

