-- Revision 0029, upgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

ALTER TABLE assetreg.work_order ADD COLUMN collector_code VARCHAR(32);

COMMENT ON COLUMN assetreg.work_order.collector_code IS '信息采集员编号 / Collector''s staff code';

ALTER TABLE assetreg.work_order ADD CONSTRAINT work_order_collector_code_1 CHECK (collector_code ~ '^[0-9A-Za-z][0-9A-Za-z_-]*$');

ALTER TABLE assetreg.work_order ADD CONSTRAINT work_order_collector_code_2 CHECK (char_length(collector_code) >= 1);

