-- Revision 0005, upgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

CREATE TABLE assetreg.kpi_snapshot (
	period VARCHAR(7) NOT NULL,
	indicator TEXT NOT NULL,
	group_by TEXT NOT NULL,
	group_code TEXT NOT NULL,
	figures JSONB NOT NULL,
	taken_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
	taken_by TEXT DEFAULT session_user NOT NULL,
	PRIMARY KEY (period, indicator, group_by, group_code),
	CONSTRAINT kpi_snapshot_period CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);

COMMENT ON TABLE assetreg.kpi_snapshot IS '指标月度快照（趋势不受后来编辑影响） / Monthly snapshots of the indicators (trends survive later edits)';

COMMENT ON COLUMN assetreg.kpi_snapshot.period IS '月份 YYYY-MM / Month';

COMMENT ON COLUMN assetreg.kpi_snapshot.indicator IS '指标 / Indicator';

COMMENT ON COLUMN assetreg.kpi_snapshot.group_by IS '分组方式 / Grouped by';

COMMENT ON COLUMN assetreg.kpi_snapshot.group_code IS '分组代码（空串为合计） / Group code ('''' is the total)';

COMMENT ON COLUMN assetreg.kpi_snapshot.figures IS '该组的全部数值 / All figures of the group';

COMMENT ON COLUMN assetreg.kpi_snapshot.taken_at IS '快照时间 / Taken at';

COMMENT ON COLUMN assetreg.kpi_snapshot.taken_by IS '快照人 / Taken by';

ALTER TABLE assetreg.inspection ADD COLUMN superseded_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.inspection.superseded_at IS '被同一部件下一次同类巡查取代的时间 / When the next inspection of the asset and kind was made';

CREATE INDEX work_order_reported_at_idx ON assetreg.work_order USING btree (reported_at);

CREATE INDEX work_order_open_during_idx ON assetreg.work_order USING gist (tstzrange(reported_at, closed_at));

CREATE INDEX work_order_event_action_at_idx ON assetreg.work_order_event USING btree (action, at);

CREATE INDEX work_order_asset_asset_idx ON assetreg.work_order_asset USING btree (asset_uid, family);

CREATE INDEX inspection_kind_at_idx ON assetreg.inspection USING btree (kind, inspected_at);

CREATE INDEX inspection_unlit_span_idx ON assetreg.inspection USING gist (tstzrange(inspected_at, superseded_at)) WHERE kind = 'lighting_patrol' AND NOT lit;

