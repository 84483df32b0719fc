-- Revision 0002, upgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

CREATE TABLE assetreg.road_segment (
	uid UUID DEFAULT gen_random_uuid() NOT NULL,
	component_id TEXT NOT NULL,
	name VARCHAR(30) NOT NULL,
	competent_dept_code TEXT NOT NULL,
	competent_dept_name VARCHAR(100) NOT NULL,
	owner_code TEXT,
	owner_name VARCHAR(100),
	maintainer_code TEXT,
	maintainer_name VARCHAR(100),
	grid_code TEXT NOT NULL,
	status TEXT NOT NULL,
	initial_date DATE NOT NULL,
	change_date DATE,
	data_source TEXT,
	remarks VARCHAR(1000),
	street_code TEXT,
	street_name VARCHAR(50),
	community_code TEXT,
	community_name VARCHAR(50),
	road_name VARCHAR(60) NOT NULL,
	road_code VARCHAR(30),
	road_class TEXT NOT NULL,
	start_point VARCHAR(60),
	end_point VARCHAR(60),
	pavement_type TEXT NOT NULL,
	length_m DOUBLE PRECISION,
	width_m DOUBLE PRECISION,
	area_m2 DOUBLE PRECISION,
	lanes INTEGER,
	maintenance_grade TEXT,
	pci DOUBLE PRECISION,
	rqi DOUBLE PRECISION,
	condition_grade TEXT,
	survey_date DATE,
	built_year INTEGER,
	geom geometry(GEOMETRY,{registry_srid}) NOT NULL,
	created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
	updated_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
	PRIMARY KEY (uid),
	CONSTRAINT road_segment_component_id_1 CHECK (CASE WHEN char_length(component_id) = 17 AND ltrim(component_id, '0123456789') = '' THEN true ELSE component_id ~ '^[0-9]{17}$' END),
	CONSTRAINT road_segment_name_1 CHECK (char_length(name) >= 1),
	CONSTRAINT road_segment_competent_dept_code_1 CHECK (CASE WHEN char_length(competent_dept_code) = 18 AND ltrim(competent_dept_code, '0123456789ABCDEFGHJKLMNPQRTUWXY') = '' AND ltrim(substr(competent_dept_code, 3, 6), '0123456789') = '' THEN true ELSE competent_dept_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' END),
	CONSTRAINT road_segment_competent_dept_name_1 CHECK (char_length(competent_dept_name) >= 1),
	CONSTRAINT road_segment_owner_code_1 CHECK (CASE WHEN char_length(owner_code) = 18 AND ltrim(owner_code, '0123456789ABCDEFGHJKLMNPQRTUWXY') = '' AND ltrim(substr(owner_code, 3, 6), '0123456789') = '' THEN true ELSE owner_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' END),
	CONSTRAINT road_segment_maintainer_code_1 CHECK (CASE WHEN char_length(maintainer_code) = 18 AND ltrim(maintainer_code, '0123456789ABCDEFGHJKLMNPQRTUWXY') = '' AND ltrim(substr(maintainer_code, 3, 6), '0123456789') = '' THEN true ELSE maintainer_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' END),
	CONSTRAINT road_segment_grid_code_1 CHECK (CASE WHEN char_length(grid_code) = 15 AND ltrim(grid_code, '0123456789') = '' THEN true ELSE grid_code ~ '^[0-9]{15}$' END),
	CONSTRAINT road_segment_street_code_1 CHECK (CASE WHEN char_length(street_code) = 9 AND ltrim(street_code, '0123456789') = '' THEN true ELSE street_code ~ '^[0-9]{9}$' END),
	CONSTRAINT road_segment_community_code_1 CHECK (CASE WHEN char_length(community_code) = 12 AND ltrim(community_code, '0123456789') = '' THEN true ELSE community_code ~ '^[0-9]{12}$' END),
	CONSTRAINT road_segment_length_m_1 CHECK (length_m <= 100000),
	CONSTRAINT road_segment_length_m_2 CHECK (length_m > 0),
	CONSTRAINT road_segment_width_m_1 CHECK (width_m <= 200),
	CONSTRAINT road_segment_width_m_2 CHECK (width_m > 0),
	CONSTRAINT road_segment_area_m2_1 CHECK (area_m2 <= 10000000),
	CONSTRAINT road_segment_area_m2_2 CHECK (area_m2 > 0),
	CONSTRAINT road_segment_lanes_1 CHECK (lanes >= 1),
	CONSTRAINT road_segment_lanes_2 CHECK (lanes <= 16),
	CONSTRAINT road_segment_pci_1 CHECK (pci >= 0),
	CONSTRAINT road_segment_pci_2 CHECK (pci <= 100),
	CONSTRAINT road_segment_rqi_1 CHECK (rqi >= 0),
	CONSTRAINT road_segment_rqi_2 CHECK (rqi <= 10),
	CONSTRAINT road_segment_built_year_1 CHECK (built_year >= 1800),
	CONSTRAINT road_segment_built_year_2 CHECK (built_year <= 2100),
	UNIQUE (component_id),
	FOREIGN KEY(status) REFERENCES assetreg.cl_component_status (code),
	FOREIGN KEY(data_source) REFERENCES assetreg.cl_data_source (code),
	FOREIGN KEY(road_class) REFERENCES assetreg.cl_road_class (code),
	FOREIGN KEY(pavement_type) REFERENCES assetreg.cl_pavement_type (code),
	FOREIGN KEY(maintenance_grade) REFERENCES assetreg.cl_road_maintenance_grade (code),
	FOREIGN KEY(condition_grade) REFERENCES assetreg.cl_condition_grade (code)
);

CREATE INDEX road_segment_geom_idx ON assetreg.road_segment USING gist (geom);

COMMENT ON TABLE assetreg.road_segment IS '道路路段 / Road segment';

COMMENT ON COLUMN assetreg.road_segment.uid IS '稳定的内部键 / stable internal key';

COMMENT ON COLUMN assetreg.road_segment.component_id IS '管理部件标识码 / Component identifier';

COMMENT ON COLUMN assetreg.road_segment.name IS '管理部件名称 / Component name';

COMMENT ON COLUMN assetreg.road_segment.competent_dept_code IS '主管部门代码 / Competent department code';

COMMENT ON COLUMN assetreg.road_segment.competent_dept_name IS '主管部门名称 / Competent department name';

COMMENT ON COLUMN assetreg.road_segment.owner_code IS '权属单位代码 / Owner code';

COMMENT ON COLUMN assetreg.road_segment.owner_name IS '权属单位名称 / Owner name';

COMMENT ON COLUMN assetreg.road_segment.maintainer_code IS '养护单位代码 / Maintainer code';

COMMENT ON COLUMN assetreg.road_segment.maintainer_name IS '养护单位名称 / Maintainer name';

COMMENT ON COLUMN assetreg.road_segment.grid_code IS '所在单元网格标识码 / Unit grid code';

COMMENT ON COLUMN assetreg.road_segment.status IS '管理部件状态 / Component status';

COMMENT ON COLUMN assetreg.road_segment.initial_date IS '初始日期 / Initial date';

COMMENT ON COLUMN assetreg.road_segment.change_date IS '变更日期 / Change date';

COMMENT ON COLUMN assetreg.road_segment.data_source IS '数据来源 / Data source';

COMMENT ON COLUMN assetreg.road_segment.remarks IS '备注 / Remarks';

COMMENT ON COLUMN assetreg.road_segment.street_code IS '街道代码 / Street code';

COMMENT ON COLUMN assetreg.road_segment.street_name IS '街道名称 / Street name';

COMMENT ON COLUMN assetreg.road_segment.community_code IS '社区代码 / Community code';

COMMENT ON COLUMN assetreg.road_segment.community_name IS '社区名称 / Community name';

COMMENT ON COLUMN assetreg.road_segment.road_name IS '道路名称 / Road name';

COMMENT ON COLUMN assetreg.road_segment.road_code IS '道路编码 / Road code';

COMMENT ON COLUMN assetreg.road_segment.road_class IS '道路等级 / Road class';

COMMENT ON COLUMN assetreg.road_segment.start_point IS '起点 / Start';

COMMENT ON COLUMN assetreg.road_segment.end_point IS '终点 / End';

COMMENT ON COLUMN assetreg.road_segment.pavement_type IS '路面类型 / Pavement type';

COMMENT ON COLUMN assetreg.road_segment.length_m IS '长度 / Length';

COMMENT ON COLUMN assetreg.road_segment.width_m IS '路面宽度 / Pavement width';

COMMENT ON COLUMN assetreg.road_segment.area_m2 IS '路面面积 / Pavement area';

COMMENT ON COLUMN assetreg.road_segment.lanes IS '车道数 / Lanes';

COMMENT ON COLUMN assetreg.road_segment.maintenance_grade IS '养护等级 / Maintenance grade';

COMMENT ON COLUMN assetreg.road_segment.pci IS '路面状况指数 PCI / Pavement condition index PCI';

COMMENT ON COLUMN assetreg.road_segment.rqi IS '行驶质量指数 RQI / Riding quality index RQI';

COMMENT ON COLUMN assetreg.road_segment.condition_grade IS '技术状况等级 / Condition grade';

COMMENT ON COLUMN assetreg.road_segment.survey_date IS '检测日期 / Survey date';

COMMENT ON COLUMN assetreg.road_segment.built_year IS '建成年份 / Year built';

COMMENT ON COLUMN assetreg.road_segment.created_at IS '登记时间 / Registered at';

COMMENT ON COLUMN assetreg.road_segment.updated_at IS '更新时间 / Updated at';

CREATE TABLE assetreg.bridge (
	uid UUID DEFAULT gen_random_uuid() NOT NULL,
	component_id TEXT NOT NULL,
	name VARCHAR(30) NOT NULL,
	competent_dept_code TEXT NOT NULL,
	competent_dept_name VARCHAR(100) NOT NULL,
	owner_code TEXT,
	owner_name VARCHAR(100),
	maintainer_code TEXT,
	maintainer_name VARCHAR(100),
	grid_code TEXT NOT NULL,
	status TEXT NOT NULL,
	initial_date DATE NOT NULL,
	change_date DATE,
	data_source TEXT,
	remarks VARCHAR(1000),
	street_code TEXT,
	street_name VARCHAR(50),
	community_code TEXT,
	community_name VARCHAR(50),
	structure_type TEXT NOT NULL,
	maintenance_class TEXT NOT NULL,
	span_count INTEGER,
	main_span_m DOUBLE PRECISION,
	length_m DOUBLE PRECISION,
	deck_width_m DOUBLE PRECISION,
	deck_area_m2 DOUBLE PRECISION,
	built_year INTEGER NOT NULL,
	load_class TEXT,
	crossing VARCHAR(60),
	road_name VARCHAR(60),
	bci DOUBLE PRECISION,
	bci_grade TEXT,
	inspection_date DATE,
	geom geometry(GEOMETRY,{registry_srid}) NOT NULL,
	created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
	updated_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
	PRIMARY KEY (uid),
	CONSTRAINT bridge_component_id_1 CHECK (CASE WHEN char_length(component_id) = 17 AND ltrim(component_id, '0123456789') = '' THEN true ELSE component_id ~ '^[0-9]{17}$' END),
	CONSTRAINT bridge_name_1 CHECK (char_length(name) >= 1),
	CONSTRAINT bridge_competent_dept_code_1 CHECK (CASE WHEN char_length(competent_dept_code) = 18 AND ltrim(competent_dept_code, '0123456789ABCDEFGHJKLMNPQRTUWXY') = '' AND ltrim(substr(competent_dept_code, 3, 6), '0123456789') = '' THEN true ELSE competent_dept_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' END),
	CONSTRAINT bridge_competent_dept_name_1 CHECK (char_length(competent_dept_name) >= 1),
	CONSTRAINT bridge_owner_code_1 CHECK (CASE WHEN char_length(owner_code) = 18 AND ltrim(owner_code, '0123456789ABCDEFGHJKLMNPQRTUWXY') = '' AND ltrim(substr(owner_code, 3, 6), '0123456789') = '' THEN true ELSE owner_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' END),
	CONSTRAINT bridge_maintainer_code_1 CHECK (CASE WHEN char_length(maintainer_code) = 18 AND ltrim(maintainer_code, '0123456789ABCDEFGHJKLMNPQRTUWXY') = '' AND ltrim(substr(maintainer_code, 3, 6), '0123456789') = '' THEN true ELSE maintainer_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' END),
	CONSTRAINT bridge_grid_code_1 CHECK (CASE WHEN char_length(grid_code) = 15 AND ltrim(grid_code, '0123456789') = '' THEN true ELSE grid_code ~ '^[0-9]{15}$' END),
	CONSTRAINT bridge_street_code_1 CHECK (CASE WHEN char_length(street_code) = 9 AND ltrim(street_code, '0123456789') = '' THEN true ELSE street_code ~ '^[0-9]{9}$' END),
	CONSTRAINT bridge_community_code_1 CHECK (CASE WHEN char_length(community_code) = 12 AND ltrim(community_code, '0123456789') = '' THEN true ELSE community_code ~ '^[0-9]{12}$' END),
	CONSTRAINT bridge_span_count_1 CHECK (span_count >= 1),
	CONSTRAINT bridge_span_count_2 CHECK (span_count <= 500),
	CONSTRAINT bridge_main_span_m_1 CHECK (main_span_m <= 2000),
	CONSTRAINT bridge_main_span_m_2 CHECK (main_span_m > 0),
	CONSTRAINT bridge_length_m_1 CHECK (length_m <= 50000),
	CONSTRAINT bridge_length_m_2 CHECK (length_m > 0),
	CONSTRAINT bridge_deck_width_m_1 CHECK (deck_width_m <= 200),
	CONSTRAINT bridge_deck_width_m_2 CHECK (deck_width_m > 0),
	CONSTRAINT bridge_deck_area_m2_1 CHECK (deck_area_m2 <= 10000000),
	CONSTRAINT bridge_deck_area_m2_2 CHECK (deck_area_m2 > 0),
	CONSTRAINT bridge_built_year_1 CHECK (built_year >= 1800),
	CONSTRAINT bridge_built_year_2 CHECK (built_year <= 2100),
	CONSTRAINT bridge_bci_1 CHECK (bci >= 0),
	CONSTRAINT bridge_bci_2 CHECK (bci <= 100),
	UNIQUE (component_id),
	FOREIGN KEY(status) REFERENCES assetreg.cl_component_status (code),
	FOREIGN KEY(data_source) REFERENCES assetreg.cl_data_source (code),
	FOREIGN KEY(structure_type) REFERENCES assetreg.cl_bridge_structure_type (code),
	FOREIGN KEY(maintenance_class) REFERENCES assetreg.cl_bridge_maintenance_class (code),
	FOREIGN KEY(load_class) REFERENCES assetreg.cl_bridge_load_class (code),
	FOREIGN KEY(bci_grade) REFERENCES assetreg.cl_bci_grade (code)
);

CREATE INDEX bridge_geom_idx ON assetreg.bridge USING gist (geom);

COMMENT ON TABLE assetreg.bridge IS '城市桥梁 / Urban bridge';

COMMENT ON COLUMN assetreg.bridge.uid IS '稳定的内部键 / stable internal key';

COMMENT ON COLUMN assetreg.bridge.component_id IS '管理部件标识码 / Component identifier';

COMMENT ON COLUMN assetreg.bridge.name IS '管理部件名称 / Component name';

COMMENT ON COLUMN assetreg.bridge.competent_dept_code IS '主管部门代码 / Competent department code';

COMMENT ON COLUMN assetreg.bridge.competent_dept_name IS '主管部门名称 / Competent department name';

COMMENT ON COLUMN assetreg.bridge.owner_code IS '权属单位代码 / Owner code';

COMMENT ON COLUMN assetreg.bridge.owner_name IS '权属单位名称 / Owner name';

COMMENT ON COLUMN assetreg.bridge.maintainer_code IS '养护单位代码 / Maintainer code';

COMMENT ON COLUMN assetreg.bridge.maintainer_name IS '养护单位名称 / Maintainer name';

COMMENT ON COLUMN assetreg.bridge.grid_code IS '所在单元网格标识码 / Unit grid code';

COMMENT ON COLUMN assetreg.bridge.status IS '管理部件状态 / Component status';

COMMENT ON COLUMN assetreg.bridge.initial_date IS '初始日期 / Initial date';

COMMENT ON COLUMN assetreg.bridge.change_date IS '变更日期 / Change date';

COMMENT ON COLUMN assetreg.bridge.data_source IS '数据来源 / Data source';

COMMENT ON COLUMN assetreg.bridge.remarks IS '备注 / Remarks';

COMMENT ON COLUMN assetreg.bridge.street_code IS '街道代码 / Street code';

COMMENT ON COLUMN assetreg.bridge.street_name IS '街道名称 / Street name';

COMMENT ON COLUMN assetreg.bridge.community_code IS '社区代码 / Community code';

COMMENT ON COLUMN assetreg.bridge.community_name IS '社区名称 / Community name';

COMMENT ON COLUMN assetreg.bridge.structure_type IS '结构类型 / Structure type';

COMMENT ON COLUMN assetreg.bridge.maintenance_class IS '养护类别 / Maintenance class';

COMMENT ON COLUMN assetreg.bridge.span_count IS '跨数 / Number of spans';

COMMENT ON COLUMN assetreg.bridge.main_span_m IS '主跨跨径 / Main span';

COMMENT ON COLUMN assetreg.bridge.length_m IS '桥长 / Length';

COMMENT ON COLUMN assetreg.bridge.deck_width_m IS '桥宽 / Deck width';

COMMENT ON COLUMN assetreg.bridge.deck_area_m2 IS '桥面面积 / Deck area';

COMMENT ON COLUMN assetreg.bridge.built_year IS '建成年份 / Year built';

COMMENT ON COLUMN assetreg.bridge.load_class IS '设计荷载 / Design load';

COMMENT ON COLUMN assetreg.bridge.crossing IS '跨越对象 / Crosses';

COMMENT ON COLUMN assetreg.bridge.road_name IS '所在道路 / Road';

COMMENT ON COLUMN assetreg.bridge.bci IS '桥梁状况指数 BCI / Bridge condition index BCI';

COMMENT ON COLUMN assetreg.bridge.bci_grade IS '技术状况等级 / Condition grade';

COMMENT ON COLUMN assetreg.bridge.inspection_date IS '检测日期 / Inspection date';

COMMENT ON COLUMN assetreg.bridge.created_at IS '登记时间 / Registered at';

COMMENT ON COLUMN assetreg.bridge.updated_at IS '更新时间 / Updated at';

CREATE TABLE assetreg.tree (
	uid UUID DEFAULT gen_random_uuid() NOT NULL,
	component_id TEXT NOT NULL,
	name VARCHAR(30) NOT NULL,
	competent_dept_code TEXT NOT NULL,
	competent_dept_name VARCHAR(100) NOT NULL,
	owner_code TEXT,
	owner_name VARCHAR(100),
	maintainer_code TEXT,
	maintainer_name VARCHAR(100),
	grid_code TEXT NOT NULL,
	status TEXT NOT NULL,
	initial_date DATE NOT NULL,
	change_date DATE,
	data_source TEXT,
	remarks VARCHAR(1000),
	street_code TEXT,
	street_name VARCHAR(50),
	community_code TEXT,
	community_name VARCHAR(50),
	species_zh VARCHAR(50) NOT NULL,
	species_latin VARCHAR(100),
	family_latin VARCHAR(50),
	genus_latin VARCHAR(50),
	girth_cm DOUBLE PRECISION,
	height_m DOUBLE PRECISION,
	crown_ew_m DOUBLE PRECISION,
	crown_ns_m DOUBLE PRECISION,
	age_years INTEGER,
	age_basis TEXT,
	protection_grade TEXT NOT NULL,
	vigour TEXT NOT NULL,
	site TEXT,
	planted_date DATE,
	geom geometry(POINT,{registry_srid}) NOT NULL,
	created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
	updated_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
	PRIMARY KEY (uid),
	CONSTRAINT tree_component_id_1 CHECK (CASE WHEN char_length(component_id) = 17 AND ltrim(component_id, '0123456789') = '' THEN true ELSE component_id ~ '^[0-9]{17}$' END),
	CONSTRAINT tree_name_1 CHECK (char_length(name) >= 1),
	CONSTRAINT tree_competent_dept_code_1 CHECK (CASE WHEN char_length(competent_dept_code) = 18 AND ltrim(competent_dept_code, '0123456789ABCDEFGHJKLMNPQRTUWXY') = '' AND ltrim(substr(competent_dept_code, 3, 6), '0123456789') = '' THEN true ELSE competent_dept_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' END),
	CONSTRAINT tree_competent_dept_name_1 CHECK (char_length(competent_dept_name) >= 1),
	CONSTRAINT tree_owner_code_1 CHECK (CASE WHEN char_length(owner_code) = 18 AND ltrim(owner_code, '0123456789ABCDEFGHJKLMNPQRTUWXY') = '' AND ltrim(substr(owner_code, 3, 6), '0123456789') = '' THEN true ELSE owner_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' END),
	CONSTRAINT tree_maintainer_code_1 CHECK (CASE WHEN char_length(maintainer_code) = 18 AND ltrim(maintainer_code, '0123456789ABCDEFGHJKLMNPQRTUWXY') = '' AND ltrim(substr(maintainer_code, 3, 6), '0123456789') = '' THEN true ELSE maintainer_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' END),
	CONSTRAINT tree_grid_code_1 CHECK (CASE WHEN char_length(grid_code) = 15 AND ltrim(grid_code, '0123456789') = '' THEN true ELSE grid_code ~ '^[0-9]{15}$' END),
	CONSTRAINT tree_street_code_1 CHECK (CASE WHEN char_length(street_code) = 9 AND ltrim(street_code, '0123456789') = '' THEN true ELSE street_code ~ '^[0-9]{9}$' END),
	CONSTRAINT tree_community_code_1 CHECK (CASE WHEN char_length(community_code) = 12 AND ltrim(community_code, '0123456789') = '' THEN true ELSE community_code ~ '^[0-9]{12}$' END),
	CONSTRAINT tree_species_zh_1 CHECK (char_length(species_zh) >= 1),
	CONSTRAINT tree_species_latin_1 CHECK (species_latin ~ '^[A-Z][a-z]+(?: [×xX])?(?: [a-z-]+\.?)?(?: (?:subsp|var|f|cv)\. [A-Za-z-]+)?(?: ''[^'']+'')?$'),
	CONSTRAINT tree_girth_cm_1 CHECK (girth_cm <= 3000),
	CONSTRAINT tree_girth_cm_2 CHECK (girth_cm > 0),
	CONSTRAINT tree_height_m_1 CHECK (height_m <= 120),
	CONSTRAINT tree_height_m_2 CHECK (height_m > 0),
	CONSTRAINT tree_crown_ew_m_1 CHECK (crown_ew_m >= 0),
	CONSTRAINT tree_crown_ew_m_2 CHECK (crown_ew_m <= 80),
	CONSTRAINT tree_crown_ns_m_1 CHECK (crown_ns_m >= 0),
	CONSTRAINT tree_crown_ns_m_2 CHECK (crown_ns_m <= 80),
	CONSTRAINT tree_age_years_1 CHECK (age_years >= 0),
	CONSTRAINT tree_age_years_2 CHECK (age_years <= 6000),
	UNIQUE (component_id),
	FOREIGN KEY(status) REFERENCES assetreg.cl_component_status (code),
	FOREIGN KEY(data_source) REFERENCES assetreg.cl_data_source (code),
	FOREIGN KEY(age_basis) REFERENCES assetreg.cl_tree_age_basis (code),
	FOREIGN KEY(protection_grade) REFERENCES assetreg.cl_tree_protection_grade (code),
	FOREIGN KEY(vigour) REFERENCES assetreg.cl_tree_vigour (code),
	FOREIGN KEY(site) REFERENCES assetreg.cl_tree_site (code)
);

CREATE INDEX tree_geom_idx ON assetreg.tree USING gist (geom);

COMMENT ON TABLE assetreg.tree IS '树木 / Tree';

COMMENT ON COLUMN assetreg.tree.uid IS '稳定的内部键 / stable internal key';

COMMENT ON COLUMN assetreg.tree.component_id IS '管理部件标识码 / Component identifier';

COMMENT ON COLUMN assetreg.tree.name IS '管理部件名称 / Component name';

COMMENT ON COLUMN assetreg.tree.competent_dept_code IS '主管部门代码 / Competent department code';

COMMENT ON COLUMN assetreg.tree.competent_dept_name IS '主管部门名称 / Competent department name';

COMMENT ON COLUMN assetreg.tree.owner_code IS '权属单位代码 / Owner code';

COMMENT ON COLUMN assetreg.tree.owner_name IS '权属单位名称 / Owner name';

COMMENT ON COLUMN assetreg.tree.maintainer_code IS '养护单位代码 / Maintainer code';

COMMENT ON COLUMN assetreg.tree.maintainer_name IS '养护单位名称 / Maintainer name';

COMMENT ON COLUMN assetreg.tree.grid_code IS '所在单元网格标识码 / Unit grid code';

COMMENT ON COLUMN assetreg.tree.status IS '管理部件状态 / Component status';

COMMENT ON COLUMN assetreg.tree.initial_date IS '初始日期 / Initial date';

COMMENT ON COLUMN assetreg.tree.change_date IS '变更日期 / Change date';

COMMENT ON COLUMN assetreg.tree.data_source IS '数据来源 / Data source';

COMMENT ON COLUMN assetreg.tree.remarks IS '备注 / Remarks';

COMMENT ON COLUMN assetreg.tree.street_code IS '街道代码 / Street code';

COMMENT ON COLUMN assetreg.tree.street_name IS '街道名称 / Street name';

COMMENT ON COLUMN assetreg.tree.community_code IS '社区代码 / Community code';

COMMENT ON COLUMN assetreg.tree.community_name IS '社区名称 / Community name';

COMMENT ON COLUMN assetreg.tree.species_zh IS '树种（中文名） / Species (Chinese name)';

COMMENT ON COLUMN assetreg.tree.species_latin IS '学名 / Latin name';

COMMENT ON COLUMN assetreg.tree.family_latin IS '科 / Family';

COMMENT ON COLUMN assetreg.tree.genus_latin IS '属 / Genus';

COMMENT ON COLUMN assetreg.tree.girth_cm IS '胸围 / Girth';

COMMENT ON COLUMN assetreg.tree.height_m IS '树高 / Height';

COMMENT ON COLUMN assetreg.tree.crown_ew_m IS '冠幅（东西） / Crown spread east-west';

COMMENT ON COLUMN assetreg.tree.crown_ns_m IS '冠幅（南北） / Crown spread north-south';

COMMENT ON COLUMN assetreg.tree.age_years IS '树龄 / Age';

COMMENT ON COLUMN assetreg.tree.age_basis IS '树龄依据 / Age basis';

COMMENT ON COLUMN assetreg.tree.protection_grade IS '保护等级 / Protection grade';

COMMENT ON COLUMN assetreg.tree.vigour IS '生长势 / Vigour';

COMMENT ON COLUMN assetreg.tree.site IS '生长场所 / Site';

COMMENT ON COLUMN assetreg.tree.planted_date IS '种植日期 / Planting date';

COMMENT ON COLUMN assetreg.tree.created_at IS '登记时间 / Registered at';

COMMENT ON COLUMN assetreg.tree.updated_at IS '更新时间 / Updated at';

CREATE TABLE assetreg.park (
	uid UUID DEFAULT gen_random_uuid() NOT NULL,
	component_id TEXT NOT NULL,
	name VARCHAR(30) NOT NULL,
	competent_dept_code TEXT NOT NULL,
	competent_dept_name VARCHAR(100) NOT NULL,
	owner_code TEXT,
	owner_name VARCHAR(100),
	maintainer_code TEXT,
	maintainer_name VARCHAR(100),
	grid_code TEXT NOT NULL,
	status TEXT NOT NULL,
	initial_date DATE NOT NULL,
	change_date DATE,
	data_source TEXT,
	remarks VARCHAR(1000),
	street_code TEXT,
	street_name VARCHAR(50),
	community_code TEXT,
	community_name VARCHAR(50),
	park_kind TEXT NOT NULL,
	area_m2 DOUBLE PRECISION,
	green_area_m2 DOUBLE PRECISION,
	opened_year INTEGER,
	opening_hours VARCHAR(100),
	address VARCHAR(200),
	geom geometry(GEOMETRY,{registry_srid}) NOT NULL,
	created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
	updated_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
	PRIMARY KEY (uid),
	CONSTRAINT park_component_id_1 CHECK (CASE WHEN char_length(component_id) = 17 AND ltrim(component_id, '0123456789') = '' THEN true ELSE component_id ~ '^[0-9]{17}$' END),
	CONSTRAINT park_name_1 CHECK (char_length(name) >= 1),
	CONSTRAINT park_competent_dept_code_1 CHECK (CASE WHEN char_length(competent_dept_code) = 18 AND ltrim(competent_dept_code, '0123456789ABCDEFGHJKLMNPQRTUWXY') = '' AND ltrim(substr(competent_dept_code, 3, 6), '0123456789') = '' THEN true ELSE competent_dept_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' END),
	CONSTRAINT park_competent_dept_name_1 CHECK (char_length(competent_dept_name) >= 1),
	CONSTRAINT park_owner_code_1 CHECK (CASE WHEN char_length(owner_code) = 18 AND ltrim(owner_code, '0123456789ABCDEFGHJKLMNPQRTUWXY') = '' AND ltrim(substr(owner_code, 3, 6), '0123456789') = '' THEN true ELSE owner_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' END),
	CONSTRAINT park_maintainer_code_1 CHECK (CASE WHEN char_length(maintainer_code) = 18 AND ltrim(maintainer_code, '0123456789ABCDEFGHJKLMNPQRTUWXY') = '' AND ltrim(substr(maintainer_code, 3, 6), '0123456789') = '' THEN true ELSE maintainer_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' END),
	CONSTRAINT park_grid_code_1 CHECK (CASE WHEN char_length(grid_code) = 15 AND ltrim(grid_code, '0123456789') = '' THEN true ELSE grid_code ~ '^[0-9]{15}$' END),
	CONSTRAINT park_street_code_1 CHECK (CASE WHEN char_length(street_code) = 9 AND ltrim(street_code, '0123456789') = '' THEN true ELSE street_code ~ '^[0-9]{9}$' END),
	CONSTRAINT park_community_code_1 CHECK (CASE WHEN char_length(community_code) = 12 AND ltrim(community_code, '0123456789') = '' THEN true ELSE community_code ~ '^[0-9]{12}$' END),
	CONSTRAINT park_area_m2_1 CHECK (area_m2 <= 100000000),
	CONSTRAINT park_area_m2_2 CHECK (area_m2 > 0),
	CONSTRAINT park_green_area_m2_1 CHECK (green_area_m2 >= 0),
	CONSTRAINT park_green_area_m2_2 CHECK (green_area_m2 <= 100000000),
	CONSTRAINT park_opened_year_1 CHECK (opened_year >= 1800),
	CONSTRAINT park_opened_year_2 CHECK (opened_year <= 2100),
	UNIQUE (component_id),
	FOREIGN KEY(status) REFERENCES assetreg.cl_component_status (code),
	FOREIGN KEY(data_source) REFERENCES assetreg.cl_data_source (code),
	FOREIGN KEY(park_kind) REFERENCES assetreg.cl_park_kind (code)
);

CREATE INDEX park_geom_idx ON assetreg.park USING gist (geom);

COMMENT ON TABLE assetreg.park IS '绿地（公园） / Green space (park)';

COMMENT ON COLUMN assetreg.park.uid IS '稳定的内部键 / stable internal key';

COMMENT ON COLUMN assetreg.park.component_id IS '管理部件标识码 / Component identifier';

COMMENT ON COLUMN assetreg.park.name IS '管理部件名称 / Component name';

COMMENT ON COLUMN assetreg.park.competent_dept_code IS '主管部门代码 / Competent department code';

COMMENT ON COLUMN assetreg.park.competent_dept_name IS '主管部门名称 / Competent department name';

COMMENT ON COLUMN assetreg.park.owner_code IS '权属单位代码 / Owner code';

COMMENT ON COLUMN assetreg.park.owner_name IS '权属单位名称 / Owner name';

COMMENT ON COLUMN assetreg.park.maintainer_code IS '养护单位代码 / Maintainer code';

COMMENT ON COLUMN assetreg.park.maintainer_name IS '养护单位名称 / Maintainer name';

COMMENT ON COLUMN assetreg.park.grid_code IS '所在单元网格标识码 / Unit grid code';

COMMENT ON COLUMN assetreg.park.status IS '管理部件状态 / Component status';

COMMENT ON COLUMN assetreg.park.initial_date IS '初始日期 / Initial date';

COMMENT ON COLUMN assetreg.park.change_date IS '变更日期 / Change date';

COMMENT ON COLUMN assetreg.park.data_source IS '数据来源 / Data source';

COMMENT ON COLUMN assetreg.park.remarks IS '备注 / Remarks';

COMMENT ON COLUMN assetreg.park.street_code IS '街道代码 / Street code';

COMMENT ON COLUMN assetreg.park.street_name IS '街道名称 / Street name';

COMMENT ON COLUMN assetreg.park.community_code IS '社区代码 / Community code';

COMMENT ON COLUMN assetreg.park.community_name IS '社区名称 / Community name';

COMMENT ON COLUMN assetreg.park.park_kind IS '绿地类型 / Green-space kind';

COMMENT ON COLUMN assetreg.park.area_m2 IS '面积 / Area';

COMMENT ON COLUMN assetreg.park.green_area_m2 IS '绿化面积 / Planted area';

COMMENT ON COLUMN assetreg.park.opened_year IS '开放年份 / Year opened';

COMMENT ON COLUMN assetreg.park.opening_hours IS '开放时间 / Opening hours';

COMMENT ON COLUMN assetreg.park.address IS '地址 / Address';

COMMENT ON COLUMN assetreg.park.created_at IS '登记时间 / Registered at';

COMMENT ON COLUMN assetreg.park.updated_at IS '更新时间 / Updated at';

CREATE TABLE assetreg.park_facility (
	uid UUID DEFAULT gen_random_uuid() NOT NULL,
	component_id TEXT NOT NULL,
	name VARCHAR(30) NOT NULL,
	competent_dept_code TEXT NOT NULL,
	competent_dept_name VARCHAR(100) NOT NULL,
	owner_code TEXT,
	owner_name VARCHAR(100),
	maintainer_code TEXT,
	maintainer_name VARCHAR(100),
	grid_code TEXT NOT NULL,
	status TEXT NOT NULL,
	initial_date DATE NOT NULL,
	change_date DATE,
	data_source TEXT,
	remarks VARCHAR(1000),
	street_code TEXT,
	street_name VARCHAR(50),
	community_code TEXT,
	community_name VARCHAR(50),
	park_id TEXT,
	material VARCHAR(30),
	quantity INTEGER,
	installation_date DATE,
	manufacturer VARCHAR(100),
	accessible BOOLEAN,
	geom geometry(POINT,{registry_srid}) NOT NULL,
	created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
	updated_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
	PRIMARY KEY (uid),
	CONSTRAINT park_facility_component_id_1 CHECK (CASE WHEN char_length(component_id) = 17 AND ltrim(component_id, '0123456789') = '' THEN true ELSE component_id ~ '^[0-9]{17}$' END),
	CONSTRAINT park_facility_name_1 CHECK (char_length(name) >= 1),
	CONSTRAINT park_facility_competent_dept_code_1 CHECK (CASE WHEN char_length(competent_dept_code) = 18 AND ltrim(competent_dept_code, '0123456789ABCDEFGHJKLMNPQRTUWXY') = '' AND ltrim(substr(competent_dept_code, 3, 6), '0123456789') = '' THEN true ELSE competent_dept_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' END),
	CONSTRAINT park_facility_competent_dept_name_1 CHECK (char_length(competent_dept_name) >= 1),
	CONSTRAINT park_facility_owner_code_1 CHECK (CASE WHEN char_length(owner_code) = 18 AND ltrim(owner_code, '0123456789ABCDEFGHJKLMNPQRTUWXY') = '' AND ltrim(substr(owner_code, 3, 6), '0123456789') = '' THEN true ELSE owner_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' END),
	CONSTRAINT park_facility_maintainer_code_1 CHECK (CASE WHEN char_length(maintainer_code) = 18 AND ltrim(maintainer_code, '0123456789ABCDEFGHJKLMNPQRTUWXY') = '' AND ltrim(substr(maintainer_code, 3, 6), '0123456789') = '' THEN true ELSE maintainer_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' END),
	CONSTRAINT park_facility_grid_code_1 CHECK (CASE WHEN char_length(grid_code) = 15 AND ltrim(grid_code, '0123456789') = '' THEN true ELSE grid_code ~ '^[0-9]{15}$' END),
	CONSTRAINT park_facility_street_code_1 CHECK (CASE WHEN char_length(street_code) = 9 AND ltrim(street_code, '0123456789') = '' THEN true ELSE street_code ~ '^[0-9]{9}$' END),
	CONSTRAINT park_facility_community_code_1 CHECK (CASE WHEN char_length(community_code) = 12 AND ltrim(community_code, '0123456789') = '' THEN true ELSE community_code ~ '^[0-9]{12}$' END),
	CONSTRAINT park_facility_park_id_1 CHECK (CASE WHEN char_length(park_id) = 17 AND ltrim(park_id, '0123456789') = '' THEN true ELSE park_id ~ '^[0-9]{17}$' END),
	CONSTRAINT park_facility_quantity_1 CHECK (quantity >= 1),
	CONSTRAINT park_facility_quantity_2 CHECK (quantity <= 10000),
	UNIQUE (component_id),
	FOREIGN KEY(status) REFERENCES assetreg.cl_component_status (code),
	FOREIGN KEY(data_source) REFERENCES assetreg.cl_data_source (code)
);

CREATE INDEX park_facility_geom_idx ON assetreg.park_facility USING gist (geom);

COMMENT ON TABLE assetreg.park_facility IS '公园设施 / Park facility';

COMMENT ON COLUMN assetreg.park_facility.uid IS '稳定的内部键 / stable internal key';

COMMENT ON COLUMN assetreg.park_facility.component_id IS '管理部件标识码 / Component identifier';

COMMENT ON COLUMN assetreg.park_facility.name IS '管理部件名称 / Component name';

COMMENT ON COLUMN assetreg.park_facility.competent_dept_code IS '主管部门代码 / Competent department code';

COMMENT ON COLUMN assetreg.park_facility.competent_dept_name IS '主管部门名称 / Competent department name';

COMMENT ON COLUMN assetreg.park_facility.owner_code IS '权属单位代码 / Owner code';

COMMENT ON COLUMN assetreg.park_facility.owner_name IS '权属单位名称 / Owner name';

COMMENT ON COLUMN assetreg.park_facility.maintainer_code IS '养护单位代码 / Maintainer code';

COMMENT ON COLUMN assetreg.park_facility.maintainer_name IS '养护单位名称 / Maintainer name';

COMMENT ON COLUMN assetreg.park_facility.grid_code IS '所在单元网格标识码 / Unit grid code';

COMMENT ON COLUMN assetreg.park_facility.status IS '管理部件状态 / Component status';

COMMENT ON COLUMN assetreg.park_facility.initial_date IS '初始日期 / Initial date';

COMMENT ON COLUMN assetreg.park_facility.change_date IS '变更日期 / Change date';

COMMENT ON COLUMN assetreg.park_facility.data_source IS '数据来源 / Data source';

COMMENT ON COLUMN assetreg.park_facility.remarks IS '备注 / Remarks';

COMMENT ON COLUMN assetreg.park_facility.street_code IS '街道代码 / Street code';

COMMENT ON COLUMN assetreg.park_facility.street_name IS '街道名称 / Street name';

COMMENT ON COLUMN assetreg.park_facility.community_code IS '社区代码 / Community code';

COMMENT ON COLUMN assetreg.park_facility.community_name IS '社区名称 / Community name';

COMMENT ON COLUMN assetreg.park_facility.park_id IS '所属绿地标识码 / Park identifier';

COMMENT ON COLUMN assetreg.park_facility.material IS '材质 / Material';

COMMENT ON COLUMN assetreg.park_facility.quantity IS '数量 / Quantity';

COMMENT ON COLUMN assetreg.park_facility.installation_date IS '安装日期 / Installation date';

COMMENT ON COLUMN assetreg.park_facility.manufacturer IS '生产厂家 / Manufacturer';

COMMENT ON COLUMN assetreg.park_facility.accessible IS '无障碍 / Accessible';

COMMENT ON COLUMN assetreg.park_facility.created_at IS '登记时间 / Registered at';

COMMENT ON COLUMN assetreg.park_facility.updated_at IS '更新时间 / Updated at';

CREATE TABLE assetreg.admin_area (
	code TEXT NOT NULL,
	level TEXT NOT NULL,
	name TEXT NOT NULL,
	parent_code TEXT,
	geom geometry(MULTIPOLYGON,{registry_srid}) NOT NULL,
	PRIMARY KEY (code),
	CONSTRAINT admin_area_level CHECK (level IN ('district', 'street', 'community')),
	CONSTRAINT admin_area_code CHECK ((level = 'district' AND code ~ '^[0-9]{6}$') OR (level = 'street' AND code ~ '^[0-9]{9}$') OR (level = 'community' AND code ~ '^[0-9]{12}$')),
	FOREIGN KEY(parent_code) REFERENCES assetreg.admin_area (code)
);

CREATE INDEX admin_area_geom_idx ON assetreg.admin_area USING gist (geom);

COMMENT ON TABLE assetreg.admin_area IS '行政区划（区县、街道、社区） / Administrative areas (district, street, community)';

COMMENT ON COLUMN assetreg.admin_area.code IS '行政区划代码 / Administrative code';

COMMENT ON COLUMN assetreg.admin_area.level IS '层级 / Level';

COMMENT ON COLUMN assetreg.admin_area.name IS '名称 / Name';

COMMENT ON COLUMN assetreg.admin_area.parent_code IS '上级代码 / Parent code';

CREATE TABLE assetreg.unit_grid (
	code TEXT NOT NULL,
	name TEXT,
	geom geometry(MULTIPOLYGON,{registry_srid}) NOT NULL,
	PRIMARY KEY (code),
	CONSTRAINT unit_grid_code CHECK (code ~ '^[0-9]{15}$')
);

CREATE INDEX unit_grid_geom_idx ON assetreg.unit_grid USING gist (geom);

COMMENT ON TABLE assetreg.unit_grid IS '单元网格 / Unit grids';

COMMENT ON COLUMN assetreg.unit_grid.code IS '单元网格标识码 / Unit grid code';

COMMENT ON COLUMN assetreg.unit_grid.name IS '名称 / Name';

CREATE TABLE assetreg.submission (
	id BIGSERIAL NOT NULL,
	family TEXT,
	file_name TEXT NOT NULL,
	file_sha256 VARCHAR(64) NOT NULL,
	file_bytes BIGINT NOT NULL,
	submitted_by TEXT DEFAULT current_user NOT NULL,
	submitted_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
	finished_at TIMESTAMP WITH TIME ZONE,
	standard_version TEXT NOT NULL,
	profile_id TEXT NOT NULL,
	mode TEXT NOT NULL,
	outcome TEXT DEFAULT 'running' NOT NULL,
	counts JSONB,
	report JSONB,
	message TEXT,
	backend_pid INTEGER,
	backend_start TIMESTAMP WITH TIME ZONE,
	PRIMARY KEY (id),
	CONSTRAINT submission_outcome CHECK (outcome IN ('running', 'accepted', 'partially_accepted', 'rejected', 'failed', 'dry_run')),
	CONSTRAINT submission_sha256 CHECK (file_sha256 ~ '^[0-9a-f]{64}$')
);

CREATE INDEX submission_running_idx ON assetreg.submission (id) WHERE outcome = 'running';

COMMENT ON TABLE assetreg.submission IS '交付提交记录 / Delivery submissions';

COMMENT ON COLUMN assetreg.submission.family IS '部件类别 / Family';

COMMENT ON COLUMN assetreg.submission.file_name IS '文件名 / File name';

COMMENT ON COLUMN assetreg.submission.file_sha256 IS '文件 SHA-256 / File SHA-256';

COMMENT ON COLUMN assetreg.submission.submitted_by IS '提交人 / Submitted by';

COMMENT ON COLUMN assetreg.submission.outcome IS '结果 / Outcome';

COMMENT ON COLUMN assetreg.submission.counts IS '计数 / Counts';

COMMENT ON COLUMN assetreg.submission.report IS '检查报告 / Validation report';

COMMENT ON COLUMN assetreg.submission.backend_pid IS '导入进程 / Backend that runs the import';

CREATE TABLE assetreg.asset_history (
	id BIGSERIAL NOT NULL,
	family TEXT NOT NULL,
	asset_uid UUID NOT NULL,
	component_id TEXT,
	operation TEXT NOT NULL,
	changed_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
	changed_by TEXT DEFAULT session_user NOT NULL,
	submission_id BIGINT,
	edit_session TEXT,
	old_values JSONB,
	new_values JSONB,
	PRIMARY KEY (id),
	CONSTRAINT asset_history_operation CHECK (operation IN ('insert', 'update', 'delete'))
);

CREATE INDEX asset_history_component_idx ON assetreg.asset_history (component_id);

CREATE INDEX asset_history_asset_idx ON assetreg.asset_history (asset_uid, changed_at);

COMMENT ON TABLE assetreg.asset_history IS '部件变更历史 / History of every change to an asset';

COMMENT ON COLUMN assetreg.asset_history.submission_id IS '来自哪次提交 / Submission that made the change';

COMMENT ON COLUMN assetreg.asset_history.edit_session IS '编辑会话（应用名:事务号） / Edit session (application:transaction)';

CREATE TABLE assetreg.bulk_suspended (
	table_name TEXT NOT NULL,
	name TEXT NOT NULL,
	kind TEXT NOT NULL,
	definition TEXT NOT NULL,
	PRIMARY KEY (table_name, name),
	CONSTRAINT bulk_suspended_kind CHECK (kind IN ('constraint', 'index'))
);

COMMENT ON TABLE assetreg.bulk_suspended IS '批量导入时暂时移除、同一事务内恢复的约束与索引 / Constraints and indexes a bulk load set aside';

CREATE TABLE assetreg.quarantine (
	id BIGSERIAL NOT NULL,
	submission_id BIGINT NOT NULL,
	feature_number INTEGER NOT NULL,
	component_id TEXT,
	properties JSONB NOT NULL,
	geom_wkt TEXT,
	geom_srid INTEGER,
	findings JSONB NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(submission_id) REFERENCES assetreg.submission (id) ON DELETE CASCADE
);

CREATE INDEX ix_assetreg_quarantine_submission_id ON assetreg.quarantine (submission_id);

COMMENT ON TABLE assetreg.quarantine IS '隔离区：未通过检查的要素 / Quarantine: features that failed validation';

COMMENT ON COLUMN assetreg.quarantine.feature_number IS '要素序号 / Feature number';

COMMENT ON COLUMN assetreg.quarantine.properties IS '交付的属性 / Properties as delivered';

COMMENT ON COLUMN assetreg.quarantine.geom_wkt IS '交付的几何 / Geometry as delivered';

COMMENT ON COLUMN assetreg.quarantine.findings IS '问题 / Findings';

ALTER TABLE assetreg.streetlight ADD COLUMN created_by TEXT DEFAULT session_user;

COMMENT ON COLUMN assetreg.streetlight.created_by IS '登记人 / Registered by';

ALTER TABLE assetreg.streetlight ADD COLUMN created_submission BIGINT DEFAULT nullif(current_setting('assetreg.submission_id', true), '')::bigint;

COMMENT ON COLUMN assetreg.streetlight.created_submission IS '登记时的提交 / Submission that registered it';

ALTER TABLE assetreg.streetlight ADD COLUMN created_session TEXT DEFAULT coalesce(nullif(current_setting('application_name'), ''), 'sql') || ':' || txid_current();

COMMENT ON COLUMN assetreg.streetlight.created_session IS '登记时的编辑会话 / Edit session that registered it';

ALTER TABLE assetreg.streetlight ADD COLUMN located_grid TEXT;

COMMENT ON COLUMN assetreg.streetlight.located_grid IS '空间落位的单元网格 / Unit grid the geometry lies in';

ALTER TABLE assetreg.streetlight ADD COLUMN located_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.streetlight.located_at IS '落位时间 / When the location was assigned';

ALTER TABLE assetreg.streetlight ADD COLUMN located_community TEXT GENERATED ALWAYS AS (left(located_grid, 12)) STORED;

COMMENT ON COLUMN assetreg.streetlight.located_community IS '所在社区 / Community';

ALTER TABLE assetreg.streetlight ADD COLUMN located_street TEXT GENERATED ALWAYS AS (left(located_grid, 9)) STORED;

COMMENT ON COLUMN assetreg.streetlight.located_street IS '所在街道 / Street';

ALTER TABLE assetreg.streetlight ADD COLUMN located_district TEXT GENERATED ALWAYS AS (left(located_grid, 6)) STORED;

COMMENT ON COLUMN assetreg.streetlight.located_district IS '所在区县 / District';

CREATE INDEX streetlight_located_grid_idx ON assetreg.streetlight (located_grid);

CREATE INDEX streetlight_located_district_idx ON assetreg.streetlight (located_district);

ALTER TABLE assetreg.road_segment ADD COLUMN created_by TEXT DEFAULT session_user;

COMMENT ON COLUMN assetreg.road_segment.created_by IS '登记人 / Registered by';

ALTER TABLE assetreg.road_segment ADD COLUMN created_submission BIGINT DEFAULT nullif(current_setting('assetreg.submission_id', true), '')::bigint;

COMMENT ON COLUMN assetreg.road_segment.created_submission IS '登记时的提交 / Submission that registered it';

ALTER TABLE assetreg.road_segment ADD COLUMN created_session TEXT DEFAULT coalesce(nullif(current_setting('application_name'), ''), 'sql') || ':' || txid_current();

COMMENT ON COLUMN assetreg.road_segment.created_session IS '登记时的编辑会话 / Edit session that registered it';

ALTER TABLE assetreg.road_segment ADD COLUMN located_grid TEXT;

COMMENT ON COLUMN assetreg.road_segment.located_grid IS '空间落位的单元网格 / Unit grid the geometry lies in';

ALTER TABLE assetreg.road_segment ADD COLUMN located_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.road_segment.located_at IS '落位时间 / When the location was assigned';

ALTER TABLE assetreg.road_segment ADD COLUMN located_community TEXT GENERATED ALWAYS AS (left(located_grid, 12)) STORED;

COMMENT ON COLUMN assetreg.road_segment.located_community IS '所在社区 / Community';

ALTER TABLE assetreg.road_segment ADD COLUMN located_street TEXT GENERATED ALWAYS AS (left(located_grid, 9)) STORED;

COMMENT ON COLUMN assetreg.road_segment.located_street IS '所在街道 / Street';

ALTER TABLE assetreg.road_segment ADD COLUMN located_district TEXT GENERATED ALWAYS AS (left(located_grid, 6)) STORED;

COMMENT ON COLUMN assetreg.road_segment.located_district IS '所在区县 / District';

CREATE INDEX road_segment_located_grid_idx ON assetreg.road_segment (located_grid);

CREATE INDEX road_segment_located_district_idx ON assetreg.road_segment (located_district);

ALTER TABLE assetreg.bridge ADD COLUMN created_by TEXT DEFAULT session_user;

COMMENT ON COLUMN assetreg.bridge.created_by IS '登记人 / Registered by';

ALTER TABLE assetreg.bridge ADD COLUMN created_submission BIGINT DEFAULT nullif(current_setting('assetreg.submission_id', true), '')::bigint;

COMMENT ON COLUMN assetreg.bridge.created_submission IS '登记时的提交 / Submission that registered it';

ALTER TABLE assetreg.bridge ADD COLUMN created_session TEXT DEFAULT coalesce(nullif(current_setting('application_name'), ''), 'sql') || ':' || txid_current();

COMMENT ON COLUMN assetreg.bridge.created_session IS '登记时的编辑会话 / Edit session that registered it';

ALTER TABLE assetreg.bridge ADD COLUMN located_grid TEXT;

COMMENT ON COLUMN assetreg.bridge.located_grid IS '空间落位的单元网格 / Unit grid the geometry lies in';

ALTER TABLE assetreg.bridge ADD COLUMN located_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.bridge.located_at IS '落位时间 / When the location was assigned';

ALTER TABLE assetreg.bridge ADD COLUMN located_community TEXT GENERATED ALWAYS AS (left(located_grid, 12)) STORED;

COMMENT ON COLUMN assetreg.bridge.located_community IS '所在社区 / Community';

ALTER TABLE assetreg.bridge ADD COLUMN located_street TEXT GENERATED ALWAYS AS (left(located_grid, 9)) STORED;

COMMENT ON COLUMN assetreg.bridge.located_street IS '所在街道 / Street';

ALTER TABLE assetreg.bridge ADD COLUMN located_district TEXT GENERATED ALWAYS AS (left(located_grid, 6)) STORED;

COMMENT ON COLUMN assetreg.bridge.located_district IS '所在区县 / District';

CREATE INDEX bridge_located_grid_idx ON assetreg.bridge (located_grid);

CREATE INDEX bridge_located_district_idx ON assetreg.bridge (located_district);

ALTER TABLE assetreg.tree ADD COLUMN created_by TEXT DEFAULT session_user;

COMMENT ON COLUMN assetreg.tree.created_by IS '登记人 / Registered by';

ALTER TABLE assetreg.tree ADD COLUMN created_submission BIGINT DEFAULT nullif(current_setting('assetreg.submission_id', true), '')::bigint;

COMMENT ON COLUMN assetreg.tree.created_submission IS '登记时的提交 / Submission that registered it';

ALTER TABLE assetreg.tree ADD COLUMN created_session TEXT DEFAULT coalesce(nullif(current_setting('application_name'), ''), 'sql') || ':' || txid_current();

COMMENT ON COLUMN assetreg.tree.created_session IS '登记时的编辑会话 / Edit session that registered it';

ALTER TABLE assetreg.tree ADD COLUMN located_grid TEXT;

COMMENT ON COLUMN assetreg.tree.located_grid IS '空间落位的单元网格 / Unit grid the geometry lies in';

ALTER TABLE assetreg.tree ADD COLUMN located_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.tree.located_at IS '落位时间 / When the location was assigned';

ALTER TABLE assetreg.tree ADD COLUMN located_community TEXT GENERATED ALWAYS AS (left(located_grid, 12)) STORED;

COMMENT ON COLUMN assetreg.tree.located_community IS '所在社区 / Community';

ALTER TABLE assetreg.tree ADD COLUMN located_street TEXT GENERATED ALWAYS AS (left(located_grid, 9)) STORED;

COMMENT ON COLUMN assetreg.tree.located_street IS '所在街道 / Street';

ALTER TABLE assetreg.tree ADD COLUMN located_district TEXT GENERATED ALWAYS AS (left(located_grid, 6)) STORED;

COMMENT ON COLUMN assetreg.tree.located_district IS '所在区县 / District';

CREATE INDEX tree_located_grid_idx ON assetreg.tree (located_grid);

CREATE INDEX tree_located_district_idx ON assetreg.tree (located_district);

ALTER TABLE assetreg.park ADD COLUMN created_by TEXT DEFAULT session_user;

COMMENT ON COLUMN assetreg.park.created_by IS '登记人 / Registered by';

ALTER TABLE assetreg.park ADD COLUMN created_submission BIGINT DEFAULT nullif(current_setting('assetreg.submission_id', true), '')::bigint;

COMMENT ON COLUMN assetreg.park.created_submission IS '登记时的提交 / Submission that registered it';

ALTER TABLE assetreg.park ADD COLUMN created_session TEXT DEFAULT coalesce(nullif(current_setting('application_name'), ''), 'sql') || ':' || txid_current();

COMMENT ON COLUMN assetreg.park.created_session IS '登记时的编辑会话 / Edit session that registered it';

ALTER TABLE assetreg.park ADD COLUMN located_grid TEXT;

COMMENT ON COLUMN assetreg.park.located_grid IS '空间落位的单元网格 / Unit grid the geometry lies in';

ALTER TABLE assetreg.park ADD COLUMN located_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.park.located_at IS '落位时间 / When the location was assigned';

ALTER TABLE assetreg.park ADD COLUMN located_community TEXT GENERATED ALWAYS AS (left(located_grid, 12)) STORED;

COMMENT ON COLUMN assetreg.park.located_community IS '所在社区 / Community';

ALTER TABLE assetreg.park ADD COLUMN located_street TEXT GENERATED ALWAYS AS (left(located_grid, 9)) STORED;

COMMENT ON COLUMN assetreg.park.located_street IS '所在街道 / Street';

ALTER TABLE assetreg.park ADD COLUMN located_district TEXT GENERATED ALWAYS AS (left(located_grid, 6)) STORED;

COMMENT ON COLUMN assetreg.park.located_district IS '所在区县 / District';

CREATE INDEX park_located_grid_idx ON assetreg.park (located_grid);

CREATE INDEX park_located_district_idx ON assetreg.park (located_district);

ALTER TABLE assetreg.park_facility ADD COLUMN created_by TEXT DEFAULT session_user;

COMMENT ON COLUMN assetreg.park_facility.created_by IS '登记人 / Registered by';

ALTER TABLE assetreg.park_facility ADD COLUMN created_submission BIGINT DEFAULT nullif(current_setting('assetreg.submission_id', true), '')::bigint;

COMMENT ON COLUMN assetreg.park_facility.created_submission IS '登记时的提交 / Submission that registered it';

ALTER TABLE assetreg.park_facility ADD COLUMN created_session TEXT DEFAULT coalesce(nullif(current_setting('application_name'), ''), 'sql') || ':' || txid_current();

COMMENT ON COLUMN assetreg.park_facility.created_session IS '登记时的编辑会话 / Edit session that registered it';

ALTER TABLE assetreg.park_facility ADD COLUMN located_grid TEXT;

COMMENT ON COLUMN assetreg.park_facility.located_grid IS '空间落位的单元网格 / Unit grid the geometry lies in';

ALTER TABLE assetreg.park_facility ADD COLUMN located_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.park_facility.located_at IS '落位时间 / When the location was assigned';

ALTER TABLE assetreg.park_facility ADD COLUMN located_community TEXT GENERATED ALWAYS AS (left(located_grid, 12)) STORED;

COMMENT ON COLUMN assetreg.park_facility.located_community IS '所在社区 / Community';

ALTER TABLE assetreg.park_facility ADD COLUMN located_street TEXT GENERATED ALWAYS AS (left(located_grid, 9)) STORED;

COMMENT ON COLUMN assetreg.park_facility.located_street IS '所在街道 / Street';

ALTER TABLE assetreg.park_facility ADD COLUMN located_district TEXT GENERATED ALWAYS AS (left(located_grid, 6)) STORED;

COMMENT ON COLUMN assetreg.park_facility.located_district IS '所在区县 / District';

CREATE INDEX park_facility_located_grid_idx ON assetreg.park_facility (located_grid);

CREATE INDEX park_facility_located_district_idx ON assetreg.park_facility (located_district);

UPDATE assetreg.streetlight SET created_session = 'revision 0002';

