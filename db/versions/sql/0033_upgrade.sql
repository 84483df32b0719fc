-- Revision 0033, upgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

ALTER TABLE assetreg.work_order ADD COLUMN earlier_return_reasons VARCHAR(2000);

COMMENT ON COLUMN assetreg.work_order.earlier_return_reasons IS '此前各次回退原因 / Earlier return reasons';

ALTER TABLE assetreg.work_order ADD CONSTRAINT work_order_earlier_return_reasons_1 CHECK (char_length(earlier_return_reasons) >= 1);

