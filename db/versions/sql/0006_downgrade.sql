-- Revision 0006, downgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

ALTER TABLE assetreg.inspection DROP COLUMN tree_risk;

ALTER TABLE assetreg.inspection DROP COLUMN pests;

ALTER TABLE assetreg.inspection DROP COLUMN lean_deg;

ALTER TABLE assetreg.inspection DROP COLUMN bci_substructure;

ALTER TABLE assetreg.inspection DROP COLUMN bci_superstructure;

ALTER TABLE assetreg.inspection DROP COLUMN bci_deck;

ALTER TABLE assetreg.inspection DROP COLUMN rdi;

ALTER TABLE assetreg.inspection DROP COLUMN rqi;

