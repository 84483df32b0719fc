-- Revision 0023, downgrade: frozen SQL, drafted by hand (case facts, issue 15).
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

DROP TABLE assetreg.case_assignment_fact;

DROP TABLE assetreg.case_fact;

