-- Revision 0028, upgrade: frozen SQL, drafted by hand (repeat marks, issue 15).
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

CREATE TABLE assetreg.case_repeat (
	work_order_id BIGINT NOT NULL,
	earlier_id BIGINT NOT NULL,
	same_asset BOOLEAN NOT NULL,
	PRIMARY KEY (work_order_id)
);

COMMENT ON TABLE assetreg.case_repeat IS '重复投诉标记（由案卷派生） / Repeat marks: the cases that repeat an earlier one (derived from the cases)';

COMMENT ON COLUMN assetreg.case_repeat.earlier_id IS '所重复的较早案卷 / The earlier case it repeats';

CREATE TABLE assetreg.case_repeat_basis (
	distance_m DOUBLE PRECISION NOT NULL,
	days NUMERIC NOT NULL,
	one_row BOOLEAN NOT NULL DEFAULT true,
	PRIMARY KEY (one_row),
	CHECK (one_row)
);

COMMENT ON TABLE assetreg.case_repeat_basis IS '重复投诉标记所依据的规则 / The rule the repeat marks were computed with';

