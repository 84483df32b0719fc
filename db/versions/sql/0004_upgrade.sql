-- Revision 0004, upgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

CREATE TABLE assetreg.inspection (
	uid UUID DEFAULT gen_random_uuid() NOT NULL,
	inspection_id VARCHAR(50) NOT NULL,
	kind TEXT NOT NULL,
	component_id TEXT,
	inspected_at TIMESTAMP WITH TIME ZONE NOT NULL,
	inspector VARCHAR(50),
	lit BOOLEAN,
	status_found TEXT,
	road_name VARCHAR(60),
	pci DOUBLE PRECISION,
	condition_grade TEXT,
	sample_length_m DOUBLE PRECISION,
	sample_area_m2 DOUBLE PRECISION,
	bci DOUBLE PRECISION,
	bci_grade TEXT,
	vigour TEXT,
	notes VARCHAR(1000),
	photos VARCHAR(500)[],
	asset_family TEXT,
	asset_uid UUID,
	geom geometry(POINT,{registry_srid}),
	submission_id BIGINT,
	created_by TEXT DEFAULT session_user NOT NULL,
	created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
	located_grid TEXT,
	located_at TIMESTAMP WITH TIME ZONE,
	located_community TEXT GENERATED ALWAYS AS (left(located_grid, 12)) STORED,
	located_street TEXT GENERATED ALWAYS AS (left(located_grid, 9)) STORED,
	located_district TEXT GENERATED ALWAYS AS (left(located_grid, 6)) STORED,
	PRIMARY KEY (uid),
	CONSTRAINT inspection_inspection_id_1 CHECK (char_length(inspection_id) >= 1),
	CONSTRAINT inspection_component_id_1 CHECK (CASE WHEN char_length(component_id) = 17 AND ltrim(component_id, '0123456789') = '' THEN true ELSE component_id ~ '^[0-9]{17}$' END),
	CONSTRAINT inspection_pci_1 CHECK (pci >= 0),
	CONSTRAINT inspection_pci_2 CHECK (pci <= 100),
	CONSTRAINT inspection_sample_length_m_1 CHECK (sample_length_m <= 1000),
	CONSTRAINT inspection_sample_length_m_2 CHECK (sample_length_m > 0),
	CONSTRAINT inspection_sample_area_m2_1 CHECK (sample_area_m2 <= 100000),
	CONSTRAINT inspection_sample_area_m2_2 CHECK (sample_area_m2 > 0),
	CONSTRAINT inspection_bci_1 CHECK (bci >= 0),
	CONSTRAINT inspection_bci_2 CHECK (bci <= 100),
	CONSTRAINT inspection_asset CHECK ((asset_family IS NULL) = (asset_uid IS NULL)),
	FOREIGN KEY(kind) REFERENCES assetreg.cl_inspection_kind (code),
	FOREIGN KEY(status_found) REFERENCES assetreg.cl_component_status (code),
	FOREIGN KEY(condition_grade) REFERENCES assetreg.cl_condition_grade (code),
	FOREIGN KEY(bci_grade) REFERENCES assetreg.cl_bci_grade (code),
	FOREIGN KEY(vigour) REFERENCES assetreg.cl_tree_vigour (code),
	FOREIGN KEY(submission_id) REFERENCES assetreg.submission (id)
);

CREATE UNIQUE INDEX inspection_inspection_id_key ON assetreg.inspection (inspection_id);

CREATE INDEX inspection_geom_idx ON assetreg.inspection USING gist (geom);

CREATE INDEX inspection_component_latest_idx ON assetreg.inspection (component_id, inspected_at DESC);

CREATE INDEX inspection_submission_idx ON assetreg.inspection (submission_id);

CREATE INDEX inspection_asset_latest_idx ON assetreg.inspection (asset_uid, kind, inspected_at DESC);

COMMENT ON TABLE assetreg.inspection IS '巡查记录 / Inspection records';

COMMENT ON COLUMN assetreg.inspection.uid IS '稳定的内部键 / stable internal key';

COMMENT ON COLUMN assetreg.inspection.inspection_id IS '记录编号 / Record id';

COMMENT ON COLUMN assetreg.inspection.kind IS '巡查类型 / Inspection kind';

COMMENT ON COLUMN assetreg.inspection.component_id IS '管理部件标识码 / Component identifier';

COMMENT ON COLUMN assetreg.inspection.inspected_at IS '巡查时间 / Inspected at';

COMMENT ON COLUMN assetreg.inspection.inspector IS '巡查人 / Inspector';

COMMENT ON COLUMN assetreg.inspection.lit IS '是否亮灯 / Lit';

COMMENT ON COLUMN assetreg.inspection.status_found IS '部件状态 / Status found';

COMMENT ON COLUMN assetreg.inspection.road_name IS '道路名称 / Road name';

COMMENT ON COLUMN assetreg.inspection.pci IS '路面状况指数 PCI / Pavement condition index PCI';

COMMENT ON COLUMN assetreg.inspection.condition_grade IS '路面技术状况等级 / Pavement condition grade';

COMMENT ON COLUMN assetreg.inspection.sample_length_m IS '检测单元长度 / Sample unit length';

COMMENT ON COLUMN assetreg.inspection.sample_area_m2 IS '检测单元面积 / Sample unit area';

COMMENT ON COLUMN assetreg.inspection.bci IS '桥梁状况指数 BCI / Bridge condition index BCI';

COMMENT ON COLUMN assetreg.inspection.bci_grade IS '桥梁技术状况等级 / Bridge condition grade';

COMMENT ON COLUMN assetreg.inspection.vigour IS '生长势 / Vigour';

COMMENT ON COLUMN assetreg.inspection.notes IS '情况说明 / Notes';

COMMENT ON COLUMN assetreg.inspection.photos IS '照片 / Photos';

COMMENT ON COLUMN assetreg.inspection.asset_family IS '所属部件类别 / Family of the asset inspected';

COMMENT ON COLUMN assetreg.inspection.asset_uid IS '所属部件内部键 / Uid of the asset inspected';

COMMENT ON COLUMN assetreg.inspection.geom IS '巡查位置 / Position';

COMMENT ON COLUMN assetreg.inspection.submission_id IS '来自哪次提交 / Submission that brought it';

COMMENT ON COLUMN assetreg.inspection.created_by IS '登记人 / Registered by';

COMMENT ON COLUMN assetreg.inspection.created_at IS '登记时间 / Registered at';

COMMENT ON COLUMN assetreg.inspection.located_grid IS '空间落位的单元网格 / Unit grid the geometry lies in';

COMMENT ON COLUMN assetreg.inspection.located_at IS '落位时间 / When the location was assigned';

COMMENT ON COLUMN assetreg.inspection.located_community IS '所在社区 / Community';

COMMENT ON COLUMN assetreg.inspection.located_street IS '所在街道 / Street';

COMMENT ON COLUMN assetreg.inspection.located_district IS '所在区县 / District';

CREATE TABLE assetreg.attachment (
	id BIGSERIAL NOT NULL,
	inspection_uid UUID,
	work_order_id BIGINT,
	sha256 VARCHAR(64) NOT NULL,
	size_bytes BIGINT NOT NULL,
	media_type TEXT NOT NULL,
	uri TEXT NOT NULL,
	file_name TEXT NOT NULL,
	added_by TEXT DEFAULT session_user NOT NULL,
	added_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
	PRIMARY KEY (id),
	CONSTRAINT attachment_owner CHECK (num_nonnulls(inspection_uid, work_order_id) = 1),
	CONSTRAINT attachment_sha256 CHECK (sha256 ~ '^[0-9a-f]{64}$'),
	CONSTRAINT attachment_size CHECK (size_bytes >= 0),
	CONSTRAINT attachment_media_type CHECK (media_type ~ '^[a-z]+/[-+.a-z0-9]+$'),
	FOREIGN KEY(inspection_uid) REFERENCES assetreg.inspection (uid) ON DELETE CASCADE,
	FOREIGN KEY(work_order_id) REFERENCES assetreg.work_order (id) ON DELETE CASCADE
);

CREATE INDEX attachment_work_order_idx ON assetreg.attachment (work_order_id);

CREATE INDEX attachment_sha256_idx ON assetreg.attachment (sha256);

CREATE INDEX attachment_inspection_idx ON assetreg.attachment (inspection_uid);

COMMENT ON TABLE assetreg.attachment IS '巡查记录与案卷的附件（照片、文件；文件在库外，库内存哈希） / Attachments of inspections and cases (files outside the database, their hash in it)';

COMMENT ON COLUMN assetreg.attachment.inspection_uid IS '所属巡查记录 / Inspection it belongs to';

COMMENT ON COLUMN assetreg.attachment.work_order_id IS '所属案卷 / Case it belongs to';

COMMENT ON COLUMN assetreg.attachment.sha256 IS '文件 SHA-256 / File SHA-256';

COMMENT ON COLUMN assetreg.attachment.size_bytes IS '文件大小（字节） / Size in bytes';

COMMENT ON COLUMN assetreg.attachment.media_type IS '媒体类型 / Media type';

COMMENT ON COLUMN assetreg.attachment.uri IS '文件位置（路径或 URI） / Where the file is (path or URI)';

COMMENT ON COLUMN assetreg.attachment.file_name IS '原文件名 / File name as given';

COMMENT ON COLUMN assetreg.attachment.added_by IS '添加人 / Added by';

COMMENT ON COLUMN assetreg.attachment.added_at IS '添加时间 / Added at';

