-- Revision 0011, upgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

CREATE FUNCTION assetreg.filled_on_save() RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT NULL::text';

COMMENT ON FUNCTION assetreg.filled_on_save() IS '保存时由登记库填写（标识码、网格、主管部门） / Filled by the registry on save (identifier, grid, competent department)';

CREATE TABLE assetreg.identifier_serial (
	admin_code TEXT NOT NULL,
	class_code TEXT NOT NULL,
	last_serial INTEGER NOT NULL,
	PRIMARY KEY (admin_code, class_code),
	CONSTRAINT identifier_serial_admin_code CHECK (char_length(admin_code) = 6 AND ltrim(admin_code, '0123456789') = ''),
	CONSTRAINT identifier_serial_class_code CHECK (char_length(class_code) = 5 AND ltrim(class_code, '0123456789') = ''),
	CONSTRAINT identifier_serial_last_serial CHECK (last_serial BETWEEN 0 AND 999999)
);

COMMENT ON TABLE assetreg.identifier_serial IS '标识码顺序码计数器（每个区县与部件类别一行） / Identifier serial counters, one row per district and component class';

COMMENT ON COLUMN assetreg.identifier_serial.admin_code IS '区县行政区划代码 / District administrative code';

COMMENT ON COLUMN assetreg.identifier_serial.class_code IS '部件类别代码 / Component class code';

COMMENT ON COLUMN assetreg.identifier_serial.last_serial IS '最后发出的顺序码 / Last serial given out';

CREATE TABLE assetreg.area_default (
	area_code TEXT NOT NULL,
	family TEXT DEFAULT '' NOT NULL,
	competent_dept_code TEXT,
	competent_dept_name VARCHAR(100),
	maintainer_code TEXT,
	maintainer_name VARCHAR(100),
	PRIMARY KEY (area_code, family),
	CONSTRAINT area_default_area_code CHECK (char_length(area_code) IN (6, 9, 12) AND ltrim(area_code, '0123456789') = ''),
	CONSTRAINT area_default_competent_dept CHECK ((competent_dept_code IS NULL) = (competent_dept_name IS NULL)),
	CONSTRAINT area_default_maintainer CHECK ((maintainer_code IS NULL) = (maintainer_name IS NULL))
);

COMMENT ON TABLE assetreg.area_default IS '按区域设定的新部件默认值（主管部门、养护单位） / Defaults for new assets by area (competent department, maintainer)';

COMMENT ON COLUMN assetreg.area_default.area_code IS '区域代码（区县、街道或社区） / Area code (district, street or community)';

COMMENT ON COLUMN assetreg.area_default.family IS '部件大类（空：所有大类） / Asset family (empty: every family)';

ALTER TABLE assetreg.bridge ADD COLUMN component_class TEXT;

COMMENT ON COLUMN assetreg.bridge.component_class IS '部件类别（新增时选择，由登记库生成标识码） / Component class (chosen when adding; the registry makes the identifier)';

ALTER TABLE assetreg.bridge ALTER COLUMN component_id SET DEFAULT assetreg.filled_on_save();

ALTER TABLE assetreg.bridge ALTER COLUMN grid_code SET DEFAULT assetreg.filled_on_save();

ALTER TABLE assetreg.bridge ALTER COLUMN competent_dept_code SET DEFAULT assetreg.filled_on_save();

ALTER TABLE assetreg.bridge ALTER COLUMN competent_dept_name SET DEFAULT assetreg.filled_on_save();

ALTER TABLE assetreg.park ADD COLUMN component_class TEXT;

COMMENT ON COLUMN assetreg.park.component_class IS '部件类别（新增时选择，由登记库生成标识码） / Component class (chosen when adding; the registry makes the identifier)';

ALTER TABLE assetreg.park ALTER COLUMN component_id SET DEFAULT assetreg.filled_on_save();

ALTER TABLE assetreg.park ALTER COLUMN grid_code SET DEFAULT assetreg.filled_on_save();

ALTER TABLE assetreg.park ALTER COLUMN competent_dept_code SET DEFAULT assetreg.filled_on_save();

ALTER TABLE assetreg.park ALTER COLUMN competent_dept_name SET DEFAULT assetreg.filled_on_save();

ALTER TABLE assetreg.park_facility ADD COLUMN component_class TEXT;

COMMENT ON COLUMN assetreg.park_facility.component_class IS '部件类别（新增时选择，由登记库生成标识码） / Component class (chosen when adding; the registry makes the identifier)';

ALTER TABLE assetreg.park_facility ALTER COLUMN component_id SET DEFAULT assetreg.filled_on_save();

ALTER TABLE assetreg.park_facility ALTER COLUMN grid_code SET DEFAULT assetreg.filled_on_save();

ALTER TABLE assetreg.park_facility ALTER COLUMN competent_dept_code SET DEFAULT assetreg.filled_on_save();

ALTER TABLE assetreg.park_facility ALTER COLUMN competent_dept_name SET DEFAULT assetreg.filled_on_save();

ALTER TABLE assetreg.road_segment ADD COLUMN component_class TEXT;

COMMENT ON COLUMN assetreg.road_segment.component_class IS '部件类别（新增时选择，由登记库生成标识码） / Component class (chosen when adding; the registry makes the identifier)';

ALTER TABLE assetreg.road_segment ALTER COLUMN component_id SET DEFAULT assetreg.filled_on_save();

ALTER TABLE assetreg.road_segment ALTER COLUMN grid_code SET DEFAULT assetreg.filled_on_save();

ALTER TABLE assetreg.road_segment ALTER COLUMN competent_dept_code SET DEFAULT assetreg.filled_on_save();

ALTER TABLE assetreg.road_segment ALTER COLUMN competent_dept_name SET DEFAULT assetreg.filled_on_save();

ALTER TABLE assetreg.streetlight ADD COLUMN component_class TEXT;

COMMENT ON COLUMN assetreg.streetlight.component_class IS '部件类别（新增时选择，由登记库生成标识码） / Component class (chosen when adding; the registry makes the identifier)';

ALTER TABLE assetreg.streetlight ALTER COLUMN component_id SET DEFAULT assetreg.filled_on_save();

ALTER TABLE assetreg.streetlight ALTER COLUMN grid_code SET DEFAULT assetreg.filled_on_save();

ALTER TABLE assetreg.streetlight ALTER COLUMN competent_dept_code SET DEFAULT assetreg.filled_on_save();

ALTER TABLE assetreg.streetlight ALTER COLUMN competent_dept_name SET DEFAULT assetreg.filled_on_save();

ALTER TABLE assetreg.tree ADD COLUMN component_class TEXT;

COMMENT ON COLUMN assetreg.tree.component_class IS '部件类别（新增时选择，由登记库生成标识码） / Component class (chosen when adding; the registry makes the identifier)';

ALTER TABLE assetreg.tree ALTER COLUMN component_id SET DEFAULT assetreg.filled_on_save();

ALTER TABLE assetreg.tree ALTER COLUMN grid_code SET DEFAULT assetreg.filled_on_save();

ALTER TABLE assetreg.tree ALTER COLUMN competent_dept_code SET DEFAULT assetreg.filled_on_save();

ALTER TABLE assetreg.tree ALTER COLUMN competent_dept_name SET DEFAULT assetreg.filled_on_save();

