-- Revision 0022, upgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

ALTER TABLE assetreg.work_order ADD COLUMN returned_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.work_order.returned_at IS '回退时间 / Returned at';

ALTER TABLE assetreg.work_order ADD COLUMN return_reason VARCHAR(500);

COMMENT ON COLUMN assetreg.work_order.return_reason IS '回退原因 / Return reason';

ALTER TABLE assetreg.work_order ADD CONSTRAINT work_order_return_reason_1 CHECK (char_length(return_reason) >= 1);

ALTER TABLE assetreg.work_order ADD COLUMN returned_unit VARCHAR(100);

COMMENT ON COLUMN assetreg.work_order.returned_unit IS '回退单位 / Returning unit';

ALTER TABLE assetreg.work_order ADD CONSTRAINT work_order_returned_unit_1 CHECK (char_length(returned_unit) >= 1);

ALTER TABLE assetreg.work_order ADD COLUMN redispatched_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.work_order.redispatched_at IS '回退后再派遣时间 / Re-dispatched at';

ALTER TABLE assetreg.work_order ADD COLUMN supervised_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.work_order.supervised_at IS '督办时间 / Supervised at';

ALTER TABLE assetreg.work_order ADD COLUMN urged_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.work_order.urged_at IS '催办时间 / Urged at';

ALTER TABLE assetreg.work_order ADD COLUMN on_the_spot_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.work_order.on_the_spot_at IS '即知即办时间 / Handled on the spot at';

