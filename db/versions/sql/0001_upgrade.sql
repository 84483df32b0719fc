-- Revision 0001, upgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE assetreg.cl_bci_grade (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_bci_grade IS '桥梁技术状况等级 / Bridge condition grade';

CREATE TABLE assetreg.cl_bridge_load_class (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_bridge_load_class IS '设计荷载等级 / Design load class';

CREATE TABLE assetreg.cl_bridge_maintenance_class (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_bridge_maintenance_class IS '桥梁养护类别 / Bridge maintenance class';

CREATE TABLE assetreg.cl_bridge_structure_type (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_bridge_structure_type IS '桥梁结构类型 / Bridge structure type';

CREATE TABLE assetreg.cl_component_class (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_component_class IS '管理部件小类 / Component class';

CREATE TABLE assetreg.cl_component_status (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_component_status IS '管理部件状态 / Component status';

CREATE TABLE assetreg.cl_condition_grade (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_condition_grade IS '技术状况等级 / Condition grade';

CREATE TABLE assetreg.cl_data_source (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_data_source IS '数据来源 / Data source';

CREATE TABLE assetreg.cl_inspection_kind (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_inspection_kind IS '巡查类型 / Inspection kind';

CREATE TABLE assetreg.cl_lamp_type (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_lamp_type IS '灯具类型 / Lamp type';

CREATE TABLE assetreg.cl_matter_class (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_matter_class IS '管理事项类别 / Matter class';

CREATE TABLE assetreg.cl_park_kind (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_park_kind IS '绿地类型 / Green-space kind';

CREATE TABLE assetreg.cl_pavement_type (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_pavement_type IS '路面类型 / Pavement type';

CREATE TABLE assetreg.cl_pole_material (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_pole_material IS '灯杆材质 / Pole material';

CREATE TABLE assetreg.cl_road_class (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_road_class IS '道路等级 / Road class';

CREATE TABLE assetreg.cl_road_maintenance_grade (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_road_maintenance_grade IS '道路养护等级 / Road maintenance grade';

CREATE TABLE assetreg.cl_satisfaction (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_satisfaction IS '满意度 / Satisfaction';

CREATE TABLE assetreg.cl_tree_age_basis (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_tree_age_basis IS '树龄依据 / Age basis';

CREATE TABLE assetreg.cl_tree_protection_grade (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_tree_protection_grade IS '古树名木保护等级 / Old-tree protection grade';

CREATE TABLE assetreg.cl_tree_risk (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_tree_risk IS '树木风险等级 / Tree risk';

CREATE TABLE assetreg.cl_tree_site (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_tree_site IS '生长场所 / Site';

CREATE TABLE assetreg.cl_tree_vigour (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_tree_vigour IS '生长势 / Vigour';

CREATE TABLE assetreg.cl_urgency (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_urgency IS '紧急程度 / Urgency';

CREATE TABLE assetreg.cl_work_order_source (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_work_order_source IS '案件来源 / Case source';

CREATE TABLE assetreg.cl_work_order_status (
	code TEXT NOT NULL,
	label_zh TEXT NOT NULL,
	label_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	PRIMARY KEY (code)
);

COMMENT ON TABLE assetreg.cl_work_order_status IS '案件状态 / Case status';

CREATE TABLE assetreg.work_order (
	id BIGSERIAL NOT NULL,
	family TEXT NOT NULL,
	component_id VARCHAR(17) NOT NULL,
	kind TEXT NOT NULL,
	status TEXT DEFAULT 'open' NOT NULL,
	description TEXT,
	reported_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
	closed_at TIMESTAMP WITH TIME ZONE,
	PRIMARY KEY (id),
	CONSTRAINT work_order_kind CHECK (kind IN ('outage', 'damage', 'other')),
	CONSTRAINT work_order_status CHECK (status IN ('open', 'closed')),
	CONSTRAINT work_order_closed_at CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);

CREATE INDEX work_order_open_idx ON assetreg.work_order (component_id) WHERE status = 'open';

COMMENT ON TABLE assetreg.work_order IS '工单 / Work order';

CREATE TABLE assetreg.city_profile (
	id TEXT NOT NULL,
	body JSONB NOT NULL,
	loaded_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
	PRIMARY KEY (id)
);

COMMENT ON TABLE assetreg.city_profile IS '城市配置 / City profile this registry runs with';

CREATE TABLE assetreg.streetlight (
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
	lamp_type TEXT NOT NULL,
	lamp_power_w DOUBLE PRECISION,
	lamp_count INTEGER,
	pole_height_m DOUBLE PRECISION,
	pole_material TEXT,
	arm_count INTEGER,
	circuit_id VARCHAR(50),
	cabinet_id VARCHAR(50),
	road_name VARCHAR(60),
	road_class TEXT NOT NULL,
	installation_date DATE,
	geom geometry(POINT,{registry_srid}) NOT NULL,
	created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
	updated_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
	PRIMARY KEY (uid),
	CONSTRAINT streetlight_component_id_1 CHECK (CASE WHEN char_length(component_id) = 17 AND ltrim(component_id, '0123456789') = '' THEN true ELSE component_id ~ '^[0-9]{17}$' END),
	CONSTRAINT streetlight_name_1 CHECK (char_length(name) >= 1),
	CONSTRAINT streetlight_competent_dept_code_1 CHECK (CASE WHEN char_length(competent_dept_code) = 18 AND ltrim(competent_dept_code, '0123456789ABCDEFGHJKLMNPQRTUWXY') = '' AND ltrim(substr(competent_dept_code, 3, 6), '0123456789') = '' THEN true ELSE competent_dept_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' END),
	CONSTRAINT streetlight_competent_dept_name_1 CHECK (char_length(competent_dept_name) >= 1),
	CONSTRAINT streetlight_owner_code_1 CHECK (CASE WHEN char_length(owner_code) = 18 AND ltrim(owner_code, '0123456789ABCDEFGHJKLMNPQRTUWXY') = '' AND ltrim(substr(owner_code, 3, 6), '0123456789') = '' THEN true ELSE owner_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' END),
	CONSTRAINT streetlight_maintainer_code_1 CHECK (CASE WHEN char_length(maintainer_code) = 18 AND ltrim(maintainer_code, '0123456789ABCDEFGHJKLMNPQRTUWXY') = '' AND ltrim(substr(maintainer_code, 3, 6), '0123456789') = '' THEN true ELSE maintainer_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' END),
	CONSTRAINT streetlight_grid_code_1 CHECK (CASE WHEN char_length(grid_code) = 15 AND ltrim(grid_code, '0123456789') = '' THEN true ELSE grid_code ~ '^[0-9]{15}$' END),
	CONSTRAINT streetlight_street_code_1 CHECK (CASE WHEN char_length(street_code) = 9 AND ltrim(street_code, '0123456789') = '' THEN true ELSE street_code ~ '^[0-9]{9}$' END),
	CONSTRAINT streetlight_community_code_1 CHECK (CASE WHEN char_length(community_code) = 12 AND ltrim(community_code, '0123456789') = '' THEN true ELSE community_code ~ '^[0-9]{12}$' END),
	CONSTRAINT streetlight_lamp_power_w_1 CHECK (lamp_power_w <= 2000),
	CONSTRAINT streetlight_lamp_power_w_2 CHECK (lamp_power_w > 0),
	CONSTRAINT streetlight_lamp_count_1 CHECK (lamp_count >= 1),
	CONSTRAINT streetlight_lamp_count_2 CHECK (lamp_count <= 12),
	CONSTRAINT streetlight_pole_height_m_1 CHECK (pole_height_m <= 40),
	CONSTRAINT streetlight_pole_height_m_2 CHECK (pole_height_m > 0),
	CONSTRAINT streetlight_arm_count_1 CHECK (arm_count >= 0),
	CONSTRAINT streetlight_arm_count_2 CHECK (arm_count <= 8),
	UNIQUE (component_id),
	FOREIGN KEY(status) REFERENCES assetreg.cl_component_status (code),
	FOREIGN KEY(data_source) REFERENCES assetreg.cl_data_source (code),
	FOREIGN KEY(lamp_type) REFERENCES assetreg.cl_lamp_type (code),
	FOREIGN KEY(pole_material) REFERENCES assetreg.cl_pole_material (code),
	FOREIGN KEY(road_class) REFERENCES assetreg.cl_road_class (code)
);

CREATE INDEX streetlight_geom_idx ON assetreg.streetlight USING gist (geom);

COMMENT ON TABLE assetreg.streetlight IS '路灯 / Streetlight';

COMMENT ON COLUMN assetreg.streetlight.uid IS '稳定的内部键 / stable internal key';

COMMENT ON COLUMN assetreg.streetlight.component_id IS '管理部件标识码 / Component identifier';

COMMENT ON COLUMN assetreg.streetlight.name IS '管理部件名称 / Component name';

COMMENT ON COLUMN assetreg.streetlight.competent_dept_code IS '主管部门代码 / Competent department code';

COMMENT ON COLUMN assetreg.streetlight.competent_dept_name IS '主管部门名称 / Competent department name';

COMMENT ON COLUMN assetreg.streetlight.owner_code IS '权属单位代码 / Owner code';

COMMENT ON COLUMN assetreg.streetlight.owner_name IS '权属单位名称 / Owner name';

COMMENT ON COLUMN assetreg.streetlight.maintainer_code IS '养护单位代码 / Maintainer code';

COMMENT ON COLUMN assetreg.streetlight.maintainer_name IS '养护单位名称 / Maintainer name';

COMMENT ON COLUMN assetreg.streetlight.grid_code IS '所在单元网格标识码 / Unit grid code';

COMMENT ON COLUMN assetreg.streetlight.status IS '管理部件状态 / Component status';

COMMENT ON COLUMN assetreg.streetlight.initial_date IS '初始日期 / Initial date';

COMMENT ON COLUMN assetreg.streetlight.change_date IS '变更日期 / Change date';

COMMENT ON COLUMN assetreg.streetlight.data_source IS '数据来源 / Data source';

COMMENT ON COLUMN assetreg.streetlight.remarks IS '备注 / Remarks';

COMMENT ON COLUMN assetreg.streetlight.street_code IS '街道代码 / Street code';

COMMENT ON COLUMN assetreg.streetlight.street_name IS '街道名称 / Street name';

COMMENT ON COLUMN assetreg.streetlight.community_code IS '社区代码 / Community code';

COMMENT ON COLUMN assetreg.streetlight.community_name IS '社区名称 / Community name';

COMMENT ON COLUMN assetreg.streetlight.lamp_type IS '灯具类型 / Lamp type';

COMMENT ON COLUMN assetreg.streetlight.lamp_power_w IS '灯具功率 / Lamp power';

COMMENT ON COLUMN assetreg.streetlight.lamp_count IS '灯头数 / Number of lamp heads';

COMMENT ON COLUMN assetreg.streetlight.pole_height_m IS '灯杆高度 / Pole height';

COMMENT ON COLUMN assetreg.streetlight.pole_material IS '灯杆材质 / Pole material';

COMMENT ON COLUMN assetreg.streetlight.arm_count IS '灯臂数 / Number of arms';

COMMENT ON COLUMN assetreg.streetlight.circuit_id IS '回路编号 / Circuit number';

COMMENT ON COLUMN assetreg.streetlight.cabinet_id IS '配电箱编号 / Distribution cabinet number';

COMMENT ON COLUMN assetreg.streetlight.road_name IS '所在道路 / Road name';

COMMENT ON COLUMN assetreg.streetlight.road_class IS '道路等级 / Road class';

COMMENT ON COLUMN assetreg.streetlight.installation_date IS '安装日期 / Installation date';

COMMENT ON COLUMN assetreg.streetlight.created_at IS '登记时间 / Registered at';

COMMENT ON COLUMN assetreg.streetlight.updated_at IS '更新时间 / Updated at';

INSERT INTO assetreg.cl_bci_grade (code, label_zh, label_en, sort_order) VALUES ('A', '完好', 'Intact', 1), ('B', '良好', 'Good', 2), ('C', '合格', 'Fair', 3), ('D', '不合格', 'Poor', 4), ('E', '危险', 'Dangerous', 5);

INSERT INTO assetreg.cl_bridge_load_class (code, label_zh, label_en, sort_order) VALUES ('city_a', '城-A级', 'City-A', 1), ('city_b', '城-B级', 'City-B', 2), ('highway_1', '公路-Ⅰ级', 'Highway-I', 3), ('highway_2', '公路-Ⅱ级', 'Highway-II', 4), ('crowd', '人群荷载', 'Pedestrian load', 5), ('other', '其他', 'Other', 6);

INSERT INTO assetreg.cl_bridge_maintenance_class (code, label_zh, label_en, sort_order) VALUES ('I', 'Ⅰ类', 'Class I', 1), ('II', 'Ⅱ类', 'Class II', 2), ('III', 'Ⅲ类', 'Class III', 3), ('IV', 'Ⅳ类', 'Class IV', 4), ('V', 'Ⅴ类', 'Class V', 5);

INSERT INTO assetreg.cl_bridge_structure_type (code, label_zh, label_en, sort_order) VALUES ('beam', '梁桥', 'Beam bridge', 1), ('arch', '拱桥', 'Arch bridge', 2), ('rigid_frame', '刚构桥', 'Rigid-frame bridge', 3), ('cable_stayed', '斜拉桥', 'Cable-stayed bridge', 4), ('suspension', '悬索桥', 'Suspension bridge', 5), ('truss', '桁架桥', 'Truss bridge', 6), ('culvert', '涵洞', 'Culvert', 7), ('other', '其他', 'Other', 8);

INSERT INTO assetreg.cl_component_class (code, label_zh, label_en, sort_order) VALUES ('01037', '路灯', 'Streetlight', 1), ('01038', '地灯', 'Ground light', 2), ('01039', '景观灯', 'Landscape light', 3), ('01060', '路灯配电箱', 'Streetlight distribution cabinet', 4), ('01077', '综合杆', 'Multi-function pole', 5), ('01006', '路灯井盖', 'Streetlight manhole cover', 6), ('02006', '过街天桥', 'Pedestrian overpass', 7), ('02007', '地下通道', 'Underpass', 8), ('02008', '立交桥', 'Interchange bridge', 9), ('02009', '跨河桥', 'River bridge', 10), ('02029', '栈桥', 'Trestle bridge', 11), ('02042', '铁路桥涵', 'Railway bridge or culvert', 12), ('04001', '古树名木', 'Old or famous tree', 13), ('04002', '行道树', 'Street tree', 14), ('04003', '独立树', 'Solitary tree', 15), ('04004', '护树设施', 'Tree guard', 16), ('04011', '树池树穴', 'Tree pit', 17), ('01046', '户外健身设施', 'Outdoor fitness equipment', 18), ('01052', '休息亭', 'Rest pavilion', 19), ('03001', '公共厕所', 'Public toilet', 20), ('03005', '垃圾箱', 'Litter bin', 21), ('04005', '花架花钵', 'Flower stand or planter', 22), ('04006', '雕塑', 'Sculpture', 23), ('04007', '街头座椅', 'Street bench', 24), ('04008', '绿地护栏', 'Green-space railing', 25), ('04009', '绿地附属设施', 'Green-space ancillary facility', 26), ('04010', '喷泉', 'Fountain', 27), ('04013', '绿地', 'Green space', 28);

INSERT INTO assetreg.cl_component_status (code, label_zh, label_en, sort_order) VALUES ('intact', '完好', 'Intact', 1), ('damaged', '破损', 'Damaged', 2), ('lost', '丢失', 'Lost', 3), ('abandoned', '废弃', 'Abandoned', 4), ('removed', '移除', 'Removed', 5);

INSERT INTO assetreg.cl_condition_grade (code, label_zh, label_en, sort_order) VALUES ('A', '优', 'Excellent', 1), ('B', '良', 'Good', 2), ('C', '合格', 'Fair', 3), ('D', '不合格', 'Poor', 4);

INSERT INTO assetreg.cl_data_source (code, label_zh, label_en, sort_order) VALUES ('survey', '实测', 'Field survey', 1), ('topographic_map', '地形图', 'Topographic map', 2), ('base_geodata', '基础地理数据', 'Base geographic data', 3), ('other', '其他', 'Other', 4);

INSERT INTO assetreg.cl_inspection_kind (code, label_zh, label_en, sort_order) VALUES ('lighting_patrol', '夜间亮灯巡查', 'Night lighting patrol', 1), ('road_survey', '道路状况检测', 'Road condition survey', 2), ('bridge_inspection', '桥梁检测', 'Bridge inspection', 3), ('tree_survey', '树木调查', 'Tree survey', 4), ('facility_check', '设施巡查', 'Facility check', 5);

INSERT INTO assetreg.cl_lamp_type (code, label_zh, label_en, sort_order) VALUES ('LED', 'LED灯', 'LED', 1), ('HPS', '高压钠灯', 'High-pressure sodium', 2), ('MH', '金卤灯', 'Metal halide', 3), ('MV', '高压汞灯', 'Mercury vapour', 4), ('IND', '无极灯', 'Induction', 5), ('FL', '荧光灯', 'Fluorescent', 6), ('SOLAR', '太阳能灯', 'Solar', 7), ('OTHER', '其他', 'Other', 8);

INSERT INTO assetreg.cl_matter_class (code, label_zh, label_en, sort_order) VALUES ('01037', '路灯异常', 'Streetlight fault', 1), ('01038', '地灯异常', 'Ground light fault', 2), ('01039', '景观灯异常', 'Landscape light fault', 3), ('01060', '路灯配电箱异常', 'Distribution cabinet fault', 4), ('01077', '综合杆异常', 'Multi-function pole fault', 5), ('02006', '过街天桥异常', 'Pedestrian overpass fault', 6), ('02008', '立交桥异常', 'Interchange fault', 7), ('02009', '跨河桥异常', 'River bridge fault', 8), ('04001', '古树名木异常', 'Old or famous tree problem', 9), ('04002', '行道树异常', 'Street tree problem', 10), ('04003', '独立树异常', 'Solitary tree problem', 11), ('01046', '户外健身设施异常', 'Fitness equipment fault', 12), ('04007', '街头座椅异常', 'Street bench fault', 13), ('03001', '公共厕所异常', 'Public toilet fault', 14), ('06012', '道路不洁', 'Dirty road', 15), ('06013', '道路破损', 'Damaged road', 16), ('06016', '交通标线不清晰', 'Faded road marking', 17), ('06048', '边坡（挡土墙）破损', 'Damaged slope or retaining wall', 18), ('06049', '台阶破损', 'Damaged steps', 19), ('06050', '路缘石缺损', 'Damaged kerb', 20), ('06051', '盲道缺损', 'Damaged tactile paving', 21), ('06052', '无障碍坡道破损', 'Damaged barrier-free ramp', 22), ('06017', '绿地脏乱', 'Untidy green space', 23), ('06021', '病虫害', 'Pests and diseases', 24), ('06022', '非法伐树', 'Illegal tree felling', 25), ('06045', '非法占绿毁绿', 'Encroachment on green space', 26), ('06047', '公园秩序', 'Park disorder', 27), ('10002', '架空线缆脱落', 'Fallen overhead cable', 28);

INSERT INTO assetreg.cl_park_kind (code, label_zh, label_en, sort_order) VALUES ('comprehensive_park', '综合公园', 'Comprehensive park', 1), ('community_park', '社区公园', 'Community park', 2), ('specialised_park', '专类公园', 'Specialised park', 3), ('pocket_park', '游园', 'Pocket park', 4), ('protective_green', '防护绿地', 'Protective green', 5), ('square', '广场用地', 'Square', 6), ('attached_green', '附属绿地', 'Attached green', 7), ('other', '其他', 'Other', 8);

INSERT INTO assetreg.cl_pavement_type (code, label_zh, label_en, sort_order) VALUES ('asphalt', '沥青混凝土', 'Asphalt concrete', 1), ('cement_concrete', '水泥混凝土', 'Cement concrete', 2), ('block', '砌块', 'Block paving', 3), ('gravel', '砂石', 'Gravel', 4), ('other', '其他', 'Other', 5);

INSERT INTO assetreg.cl_pole_material (code, label_zh, label_en, sort_order) VALUES ('steel', '钢', 'Steel', 1), ('aluminium', '铝合金', 'Aluminium alloy', 2), ('concrete', '混凝土', 'Concrete', 3), ('composite', '复合材料', 'Composite', 4), ('cast_iron', '铸铁', 'Cast iron', 5), ('other', '其他', 'Other', 6);

INSERT INTO assetreg.cl_road_class (code, label_zh, label_en, sort_order) VALUES ('expressway', '快速路', 'Expressway', 1), ('arterial', '主干路', 'Arterial road', 2), ('secondary', '次干路', 'Secondary road', 3), ('branch', '支路', 'Branch road', 4);

INSERT INTO assetreg.cl_road_maintenance_grade (code, label_zh, label_en, sort_order) VALUES ('I', 'Ⅰ等', 'Grade I', 1), ('II', 'Ⅱ等', 'Grade II', 2), ('III', 'Ⅲ等', 'Grade III', 3);

INSERT INTO assetreg.cl_satisfaction (code, label_zh, label_en, sort_order) VALUES ('satisfied', '满意', 'Satisfied', 1), ('basically_satisfied', '基本满意', 'Basically satisfied', 2), ('dissatisfied', '不满意', 'Dissatisfied', 3), ('no_reply', '未回复', 'No reply', 4);

INSERT INTO assetreg.cl_tree_age_basis (code, label_zh, label_en, sort_order) VALUES ('estimated', '估测', 'Estimated', 1), ('verified', '考证', 'Verified', 2);

INSERT INTO assetreg.cl_tree_protection_grade (code, label_zh, label_en, sort_order) VALUES ('grade_1', '一级古树', 'Grade 1 old tree', 1), ('grade_2', '二级古树', 'Grade 2 old tree', 2), ('grade_3', '三级古树', 'Grade 3 old tree', 3), ('famous', '名木', 'Famous tree', 4), ('none', '非古树名木', 'Not protected', 5);

INSERT INTO assetreg.cl_tree_risk (code, label_zh, label_en, sort_order) VALUES ('low', '低', 'Low', 1), ('moderate', '中', 'Moderate', 2), ('high', '高', 'High', 3), ('extreme', '极高', 'Extreme', 4);

INSERT INTO assetreg.cl_tree_site (code, label_zh, label_en, sort_order) VALUES ('street', '道路', 'Street', 1), ('park', '公园绿地', 'Park', 2), ('residential', '居住区', 'Residential area', 3), ('institution', '单位附属', 'Institution', 4), ('wild', '郊野', 'Countryside', 5), ('other', '其他', 'Other', 6);

INSERT INTO assetreg.cl_tree_vigour (code, label_zh, label_en, sort_order) VALUES ('normal', '正常株', 'Normal', 1), ('weak', '衰弱株', 'Weak', 2), ('endangered', '濒危株', 'Endangered', 3), ('dead', '死亡株', 'Dead', 4);

INSERT INTO assetreg.cl_urgency (code, label_zh, label_en, sort_order) VALUES ('ordinary', '一般', 'Ordinary', 1), ('serious', '严重', 'Serious', 2), ('emergency', '紧急', 'Emergency', 3);

INSERT INTO assetreg.cl_work_order_source (code, label_zh, label_en, sort_order) VALUES ('hotline_12345', '12345 热线', '12345 hotline', 1), ('hotline_12319', '12319 热线', '12319 hotline', 2), ('wechat', '微信', 'WeChat', 3), ('patrol', '监督员巡查', 'Patrol inspector', 4), ('citizen', '市民上报', 'Citizen', 5), ('higher_level', '上级交办', 'Higher level', 6), ('inspection', '设施巡查', 'Facility inspection', 7), ('gis_user', 'GIS 用户登记', 'GIS user', 8), ('other', '其他', 'Other', 9);

INSERT INTO assetreg.cl_work_order_status (code, label_zh, label_en, sort_order) VALUES ('reported', '上报', 'Reported', 1), ('accepted', '受理', 'Accepted', 2), ('registered', '立案', 'Registered', 3), ('refused', '不予立案', 'Refused', 4), ('dispatched', '派遣', 'Dispatched', 5), ('handling', '处置中', 'Handling', 6), ('handled', '处置反馈', 'Handled', 7), ('verified', '核查通过', 'Verified', 8), ('closed', '结案', 'Closed', 9), ('deferred', '缓办', 'Deferred', 10), ('cancelled', '作废', 'Cancelled', 11);

