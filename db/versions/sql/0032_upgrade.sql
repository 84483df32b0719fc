-- Revision 0032, upgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

ALTER TABLE assetreg.work_order ADD COLUMN earlier_supervised_at VARCHAR(2000);

COMMENT ON COLUMN assetreg.work_order.earlier_supervised_at IS '此前各次督办时间 / Earlier supervisions';

ALTER TABLE assetreg.work_order ADD CONSTRAINT work_order_earlier_supervised_at_1 CHECK (char_length(earlier_supervised_at) >= 1);

ALTER TABLE assetreg.work_order ADD COLUMN earlier_urged_at VARCHAR(2000);

COMMENT ON COLUMN assetreg.work_order.earlier_urged_at IS '此前各次催办时间 / Earlier urgings';

ALTER TABLE assetreg.work_order ADD CONSTRAINT work_order_earlier_urged_at_1 CHECK (char_length(earlier_urged_at) >= 1);

ALTER TABLE assetreg.work_order ADD COLUMN earlier_returned_at VARCHAR(2000);

COMMENT ON COLUMN assetreg.work_order.earlier_returned_at IS '此前各次回退时间 / Earlier returns';

ALTER TABLE assetreg.work_order ADD CONSTRAINT work_order_earlier_returned_at_1 CHECK (char_length(earlier_returned_at) >= 1);

ALTER TABLE assetreg.work_order ADD COLUMN earlier_redispatched_at VARCHAR(2000);

COMMENT ON COLUMN assetreg.work_order.earlier_redispatched_at IS '此前各次回退后再派遣时间 / Earlier re-dispatches';

ALTER TABLE assetreg.work_order ADD CONSTRAINT work_order_earlier_redispatched_at_1 CHECK (char_length(earlier_redispatched_at) >= 1);

ALTER TABLE assetreg.work_order ADD COLUMN earlier_returned_units VARCHAR(1000);

COMMENT ON COLUMN assetreg.work_order.earlier_returned_units IS '此前各次回退单位 / Earlier returning units';

ALTER TABLE assetreg.work_order ADD CONSTRAINT work_order_earlier_returned_units_1 CHECK (char_length(earlier_returned_units) >= 1);

