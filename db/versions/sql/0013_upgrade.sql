-- Revision 0013, upgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

CREATE TABLE assetreg.responsibility_area (
	code VARCHAR(50) NOT NULL,
	name VARCHAR(100) NOT NULL,
	maintainer VARCHAR(100) NOT NULL,
	geom geometry(MULTIPOLYGON,{registry_srid}) NOT NULL,
	PRIMARY KEY (code),
	CONSTRAINT responsibility_area_code CHECK (char_length(btrim(code)) >= 1),
	CONSTRAINT responsibility_area_maintainer CHECK (char_length(btrim(maintainer)) >= 1)
);

CREATE INDEX responsibility_area_geom_idx ON assetreg.responsibility_area USING gist (geom);

COMMENT ON TABLE assetreg.responsibility_area IS '责任区（谁主管谁负责） / Responsibility areas (who is in charge)';

COMMENT ON COLUMN assetreg.responsibility_area.code IS '责任区编码 / Area code';

COMMENT ON COLUMN assetreg.responsibility_area.name IS '责任区名称 / Area name';

COMMENT ON COLUMN assetreg.responsibility_area.maintainer IS '责任单位 / Responsible unit';

ALTER TABLE assetreg.cl_work_order_source ADD COLUMN reply_required BOOLEAN DEFAULT false NOT NULL;

COMMENT ON COLUMN assetreg.cl_work_order_source.reply_required IS '须回复上报人 / The reporter must be replied to';

UPDATE assetreg.cl_work_order_source SET reply_required = code IN ('hotline_12345', 'hotline_12319', 'wechat', 'citizen');

