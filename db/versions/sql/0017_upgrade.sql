-- Revision 0017, upgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

CREATE TABLE assetreg.cl_cabinet_control_mode (
    code text NOT NULL,
    label_zh text NOT NULL,
    label_en text NOT NULL,
    sort_order integer NOT NULL
);

COMMENT ON TABLE assetreg.cl_cabinet_control_mode IS '控制方式 / Control mode';

ALTER TABLE ONLY assetreg.cl_cabinet_control_mode
    ADD CONSTRAINT cl_cabinet_control_mode_pkey PRIMARY KEY (code);

CREATE TABLE assetreg.cl_cabinet_mounting (
    code text NOT NULL,
    label_zh text NOT NULL,
    label_en text NOT NULL,
    sort_order integer NOT NULL
);

COMMENT ON TABLE assetreg.cl_cabinet_mounting IS '安装方式 / Mounting';

ALTER TABLE ONLY assetreg.cl_cabinet_mounting
    ADD CONSTRAINT cl_cabinet_mounting_pkey PRIMARY KEY (code);

INSERT INTO assetreg."cl_cabinet_control_mode" (code, label_zh, label_en, sort_order) VALUES ('light', '光控', 'Light sensor', 2) ON CONFLICT (code) DO UPDATE SET label_zh = EXCLUDED.label_zh, label_en = EXCLUDED.label_en, sort_order = EXCLUDED.sort_order;

INSERT INTO assetreg."cl_cabinet_control_mode" (code, label_zh, label_en, sort_order) VALUES ('manual', '手动', 'Manual', 5) ON CONFLICT (code) DO UPDATE SET label_zh = EXCLUDED.label_zh, label_en = EXCLUDED.label_en, sort_order = EXCLUDED.sort_order;

INSERT INTO assetreg."cl_cabinet_control_mode" (code, label_zh, label_en, sort_order) VALUES ('other', '其他', 'Other', 6) ON CONFLICT (code) DO UPDATE SET label_zh = EXCLUDED.label_zh, label_en = EXCLUDED.label_en, sort_order = EXCLUDED.sort_order;

INSERT INTO assetreg."cl_cabinet_control_mode" (code, label_zh, label_en, sort_order) VALUES ('remote', '远程集中控制', 'Remote central control', 4) ON CONFLICT (code) DO UPDATE SET label_zh = EXCLUDED.label_zh, label_en = EXCLUDED.label_en, sort_order = EXCLUDED.sort_order;

INSERT INTO assetreg."cl_cabinet_control_mode" (code, label_zh, label_en, sort_order) VALUES ('time', '时控', 'Time switch', 1) ON CONFLICT (code) DO UPDATE SET label_zh = EXCLUDED.label_zh, label_en = EXCLUDED.label_en, sort_order = EXCLUDED.sort_order;

INSERT INTO assetreg."cl_cabinet_control_mode" (code, label_zh, label_en, sort_order) VALUES ('time_light', '时控加光控', 'Time switch and light sensor', 3) ON CONFLICT (code) DO UPDATE SET label_zh = EXCLUDED.label_zh, label_en = EXCLUDED.label_en, sort_order = EXCLUDED.sort_order;

INSERT INTO assetreg."cl_cabinet_mounting" (code, label_zh, label_en, sort_order) VALUES ('box_substation', '箱式变电站', 'Compact substation', 4) ON CONFLICT (code) DO UPDATE SET label_zh = EXCLUDED.label_zh, label_en = EXCLUDED.label_en, sort_order = EXCLUDED.sort_order;

INSERT INTO assetreg."cl_cabinet_mounting" (code, label_zh, label_en, sort_order) VALUES ('ground', '落地式', 'Ground-standing', 1) ON CONFLICT (code) DO UPDATE SET label_zh = EXCLUDED.label_zh, label_en = EXCLUDED.label_en, sort_order = EXCLUDED.sort_order;

INSERT INTO assetreg."cl_cabinet_mounting" (code, label_zh, label_en, sort_order) VALUES ('pole', '杆上式', 'Pole-mounted', 2) ON CONFLICT (code) DO UPDATE SET label_zh = EXCLUDED.label_zh, label_en = EXCLUDED.label_en, sort_order = EXCLUDED.sort_order;

INSERT INTO assetreg."cl_cabinet_mounting" (code, label_zh, label_en, sort_order) VALUES ('wall', '挂墙式', 'Wall-mounted', 3) ON CONFLICT (code) DO UPDATE SET label_zh = EXCLUDED.label_zh, label_en = EXCLUDED.label_en, sort_order = EXCLUDED.sort_order;

ALTER TABLE assetreg."streetlight" ALTER COLUMN "cabinet_id" TYPE text;

CREATE TABLE assetreg.lighting_cabinet (
    uid uuid DEFAULT gen_random_uuid() NOT NULL,
    component_id text DEFAULT assetreg.filled_on_save() NOT NULL,
    name character varying(30) NOT NULL,
    competent_dept_code text DEFAULT assetreg.filled_on_save() NOT NULL,
    competent_dept_name character varying(100) DEFAULT assetreg.filled_on_save() NOT NULL,
    owner_code text,
    owner_name character varying(100),
    maintainer_code text,
    maintainer_name character varying(100),
    grid_code text DEFAULT assetreg.filled_on_save() NOT NULL,
    status text NOT NULL,
    initial_date date NOT NULL,
    change_date date,
    data_source text,
    remarks character varying(1000),
    street_code text,
    street_name character varying(50),
    community_code text,
    community_name character varying(50),
    mounting text,
    rated_capacity_kva double precision,
    rated_current_a double precision,
    circuit_count integer,
    control_mode text,
    supply_account_no character varying(30),
    meter_no character varying(30),
    road_name character varying(60),
    installation_date date,
    geom public.geometry(Point,{registry_srid}) NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT lighting_cabinet_circuit_count_1 CHECK ((circuit_count >= 1)),
    CONSTRAINT lighting_cabinet_circuit_count_2 CHECK ((circuit_count <= 64)),
    CONSTRAINT lighting_cabinet_community_code_1 CHECK (
CASE
    WHEN ((char_length(community_code) = 12) AND (ltrim(community_code, '0123456789'::text) = ''::text)) THEN true
    ELSE (community_code ~ '^[0-9]{12}$'::text)
END),
    CONSTRAINT lighting_cabinet_competent_dept_code_1 CHECK (
CASE
    WHEN ((char_length(competent_dept_code) = 18) AND (ltrim(competent_dept_code, '0123456789ABCDEFGHJKLMNPQRTUWXY'::text) = ''::text) AND (ltrim(substr(competent_dept_code, 3, 6), '0123456789'::text) = ''::text)) THEN true
    ELSE (competent_dept_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'::text)
END),
    CONSTRAINT lighting_cabinet_competent_dept_name_1 CHECK ((char_length((competent_dept_name)::text) >= 1)),
    CONSTRAINT lighting_cabinet_component_id_1 CHECK (
CASE
    WHEN ((char_length(component_id) = 17) AND (ltrim(component_id, '0123456789'::text) = ''::text)) THEN true
    ELSE (component_id ~ '^[0-9]{17}$'::text)
END),
    CONSTRAINT lighting_cabinet_grid_code_1 CHECK (
CASE
    WHEN ((char_length(grid_code) = 15) AND (ltrim(grid_code, '0123456789'::text) = ''::text)) THEN true
    ELSE (grid_code ~ '^[0-9]{15}$'::text)
END),
    CONSTRAINT lighting_cabinet_maintainer_code_1 CHECK (
CASE
    WHEN ((char_length(maintainer_code) = 18) AND (ltrim(maintainer_code, '0123456789ABCDEFGHJKLMNPQRTUWXY'::text) = ''::text) AND (ltrim(substr(maintainer_code, 3, 6), '0123456789'::text) = ''::text)) THEN true
    ELSE (maintainer_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'::text)
END),
    CONSTRAINT lighting_cabinet_name_1 CHECK ((char_length((name)::text) >= 1)),
    CONSTRAINT lighting_cabinet_owner_code_1 CHECK (
CASE
    WHEN ((char_length(owner_code) = 18) AND (ltrim(owner_code, '0123456789ABCDEFGHJKLMNPQRTUWXY'::text) = ''::text) AND (ltrim(substr(owner_code, 3, 6), '0123456789'::text) = ''::text)) THEN true
    ELSE (owner_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'::text)
END),
    CONSTRAINT lighting_cabinet_rated_capacity_kva_1 CHECK ((rated_capacity_kva <= (2500)::double precision)),
    CONSTRAINT lighting_cabinet_rated_capacity_kva_2 CHECK ((rated_capacity_kva > (0)::double precision)),
    CONSTRAINT lighting_cabinet_rated_current_a_1 CHECK ((rated_current_a <= (4000)::double precision)),
    CONSTRAINT lighting_cabinet_rated_current_a_2 CHECK ((rated_current_a > (0)::double precision)),
    CONSTRAINT lighting_cabinet_street_code_1 CHECK (
CASE
    WHEN ((char_length(street_code) = 9) AND (ltrim(street_code, '0123456789'::text) = ''::text)) THEN true
    ELSE (street_code ~ '^[0-9]{9}$'::text)
END)
);

COMMENT ON TABLE assetreg.lighting_cabinet IS '路灯配电箱 / Lighting distribution cabinet';

COMMENT ON COLUMN assetreg.lighting_cabinet.uid IS '稳定的内部键 / stable internal key';

COMMENT ON COLUMN assetreg.lighting_cabinet.component_id IS '管理部件标识码 / Component identifier';

COMMENT ON COLUMN assetreg.lighting_cabinet.name IS '管理部件名称 / Component name';

COMMENT ON COLUMN assetreg.lighting_cabinet.competent_dept_code IS '主管部门代码 / Competent department code';

COMMENT ON COLUMN assetreg.lighting_cabinet.competent_dept_name IS '主管部门名称 / Competent department name';

COMMENT ON COLUMN assetreg.lighting_cabinet.owner_code IS '权属单位代码 / Owner code';

COMMENT ON COLUMN assetreg.lighting_cabinet.owner_name IS '权属单位名称 / Owner name';

COMMENT ON COLUMN assetreg.lighting_cabinet.maintainer_code IS '养护单位代码 / Maintainer code';

COMMENT ON COLUMN assetreg.lighting_cabinet.maintainer_name IS '养护单位名称 / Maintainer name';

COMMENT ON COLUMN assetreg.lighting_cabinet.grid_code IS '所在单元网格标识码 / Unit grid code';

COMMENT ON COLUMN assetreg.lighting_cabinet.status IS '管理部件状态 / Component status';

COMMENT ON COLUMN assetreg.lighting_cabinet.initial_date IS '初始日期 / Initial date';

COMMENT ON COLUMN assetreg.lighting_cabinet.change_date IS '变更日期 / Change date';

COMMENT ON COLUMN assetreg.lighting_cabinet.data_source IS '数据来源 / Data source';

COMMENT ON COLUMN assetreg.lighting_cabinet.remarks IS '备注 / Remarks';

COMMENT ON COLUMN assetreg.lighting_cabinet.street_code IS '街道代码 / Street code';

COMMENT ON COLUMN assetreg.lighting_cabinet.street_name IS '街道名称 / Street name';

COMMENT ON COLUMN assetreg.lighting_cabinet.community_code IS '社区代码 / Community code';

COMMENT ON COLUMN assetreg.lighting_cabinet.community_name IS '社区名称 / Community name';

COMMENT ON COLUMN assetreg.lighting_cabinet.mounting IS '安装方式 / Mounting';

COMMENT ON COLUMN assetreg.lighting_cabinet.rated_capacity_kva IS '额定容量 / Rated capacity';

COMMENT ON COLUMN assetreg.lighting_cabinet.rated_current_a IS '额定电流 / Rated current';

COMMENT ON COLUMN assetreg.lighting_cabinet.circuit_count IS '回路数 / Number of circuits';

COMMENT ON COLUMN assetreg.lighting_cabinet.control_mode IS '控制方式 / Control mode';

COMMENT ON COLUMN assetreg.lighting_cabinet.supply_account_no IS '供电户号 / Supply account number';

COMMENT ON COLUMN assetreg.lighting_cabinet.meter_no IS '电表编号 / Meter number';

COMMENT ON COLUMN assetreg.lighting_cabinet.road_name IS '所在道路 / Road name';

COMMENT ON COLUMN assetreg.lighting_cabinet.installation_date IS '安装日期 / Installation date';

COMMENT ON COLUMN assetreg.lighting_cabinet.created_at IS '登记时间 / Registered at';

COMMENT ON COLUMN assetreg.lighting_cabinet.updated_at IS '更新时间 / Updated at';

-- Written by hand (not drafted): what every family table carries besides the standard's fields, in
-- the order the other tables have it: the registry columns of revision 0002, component_class of 0011,
-- and the integer key fid of 0012 last.

ALTER TABLE assetreg.lighting_cabinet ADD COLUMN created_by TEXT DEFAULT session_user;

COMMENT ON COLUMN assetreg.lighting_cabinet.created_by IS '登记人 / Registered by';

ALTER TABLE assetreg.lighting_cabinet ADD COLUMN created_submission BIGINT DEFAULT nullif(current_setting('assetreg.submission_id', true), '')::bigint;

COMMENT ON COLUMN assetreg.lighting_cabinet.created_submission IS '登记时的提交 / Submission that registered it';

ALTER TABLE assetreg.lighting_cabinet ADD COLUMN created_session TEXT DEFAULT coalesce(nullif(current_setting('application_name'), ''), 'sql') || ':' || txid_current();

COMMENT ON COLUMN assetreg.lighting_cabinet.created_session IS '登记时的编辑会话 / Edit session that registered it';

ALTER TABLE assetreg.lighting_cabinet ADD COLUMN located_grid TEXT;

COMMENT ON COLUMN assetreg.lighting_cabinet.located_grid IS '空间落位的单元网格 / Unit grid the geometry lies in';

ALTER TABLE assetreg.lighting_cabinet ADD COLUMN located_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.lighting_cabinet.located_at IS '落位时间 / When the location was assigned';

ALTER TABLE assetreg.lighting_cabinet ADD COLUMN located_community TEXT GENERATED ALWAYS AS (left(located_grid, 12)) STORED;

COMMENT ON COLUMN assetreg.lighting_cabinet.located_community IS '所在社区 / Community';

ALTER TABLE assetreg.lighting_cabinet ADD COLUMN located_street TEXT GENERATED ALWAYS AS (left(located_grid, 9)) STORED;

COMMENT ON COLUMN assetreg.lighting_cabinet.located_street IS '所在街道 / Street';

ALTER TABLE assetreg.lighting_cabinet ADD COLUMN located_district TEXT GENERATED ALWAYS AS (left(located_grid, 6)) STORED;

COMMENT ON COLUMN assetreg.lighting_cabinet.located_district IS '所在区县 / District';

CREATE INDEX lighting_cabinet_located_grid_idx ON assetreg.lighting_cabinet (located_grid);

CREATE INDEX lighting_cabinet_located_district_idx ON assetreg.lighting_cabinet (located_district);

ALTER TABLE assetreg.lighting_cabinet ADD COLUMN component_class TEXT;

COMMENT ON COLUMN assetreg.lighting_cabinet.component_class IS '部件类别（新增时选择，由登记库生成标识码） / Component class (chosen when adding; the registry makes the identifier)';

ALTER TABLE assetreg.lighting_cabinet ADD COLUMN fid integer GENERATED BY DEFAULT AS IDENTITY;

COMMENT ON COLUMN assetreg.lighting_cabinet.fid IS '要素号（QGIS 用的整数键） / feature number (the integer key QGIS uses)';

ALTER TABLE ONLY assetreg.lighting_cabinet
    ADD CONSTRAINT lighting_cabinet_component_id_key UNIQUE (component_id);

ALTER TABLE ONLY assetreg.lighting_cabinet
    ADD CONSTRAINT lighting_cabinet_pkey PRIMARY KEY (fid);

ALTER TABLE ONLY assetreg.lighting_cabinet
    ADD CONSTRAINT lighting_cabinet_uid_key UNIQUE (uid);

CREATE INDEX lighting_cabinet_geom_idx ON assetreg.lighting_cabinet USING gist (geom);

ALTER TABLE ONLY assetreg.lighting_cabinet
    ADD CONSTRAINT lighting_cabinet_control_mode_fkey FOREIGN KEY (control_mode) REFERENCES assetreg.cl_cabinet_control_mode(code);

ALTER TABLE ONLY assetreg.lighting_cabinet
    ADD CONSTRAINT lighting_cabinet_data_source_fkey FOREIGN KEY (data_source) REFERENCES assetreg.cl_data_source(code);

ALTER TABLE ONLY assetreg.lighting_cabinet
    ADD CONSTRAINT lighting_cabinet_mounting_fkey FOREIGN KEY (mounting) REFERENCES assetreg.cl_cabinet_mounting(code);

ALTER TABLE ONLY assetreg.lighting_cabinet
    ADD CONSTRAINT lighting_cabinet_status_fkey FOREIGN KEY (status) REFERENCES assetreg.cl_component_status(code);

-- Written by hand: a light's cabinet was free text until now; a value that is no cabinet identifier
-- is moved into the light's remarks (kept, not lost) so that the new CHECK holds for the rows there.
UPDATE assetreg.streetlight SET remarks = left(concat_ws(' ', remarks, 'cabinet_id: ' || cabinet_id), 1000), cabinet_id = NULL
 WHERE cabinet_id !~ '^[0-9]{6}01060[0-9]{6}$';

ALTER TABLE assetreg."streetlight" ADD CONSTRAINT "streetlight_cabinet_id_1" CHECK ((cabinet_id ~ '^[0-9]{6}01060[0-9]{6}$'::text));

