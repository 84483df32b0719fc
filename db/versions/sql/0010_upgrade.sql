-- Revision 0010, upgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

CREATE TABLE assetreg.cl_reply_channel (
    code text NOT NULL,
    label_zh text NOT NULL,
    label_en text NOT NULL,
    sort_order integer NOT NULL
);

COMMENT ON TABLE assetreg.cl_reply_channel IS '回复方式 / Reply channel';

ALTER TABLE ONLY assetreg.cl_reply_channel
    ADD CONSTRAINT cl_reply_channel_pkey PRIMARY KEY (code);

INSERT INTO assetreg."cl_reply_channel" (code, label_zh, label_en, sort_order) VALUES ('app', '移动应用', 'Mobile app', 3) ON CONFLICT (code) DO UPDATE SET label_zh = EXCLUDED.label_zh, label_en = EXCLUDED.label_en, sort_order = EXCLUDED.sort_order;

INSERT INTO assetreg."cl_reply_channel" (code, label_zh, label_en, sort_order) VALUES ('other', '其他', 'Other', 5) ON CONFLICT (code) DO UPDATE SET label_zh = EXCLUDED.label_zh, label_en = EXCLUDED.label_en, sort_order = EXCLUDED.sort_order;

INSERT INTO assetreg."cl_reply_channel" (code, label_zh, label_en, sort_order) VALUES ('phone', '电话', 'Phone', 2) ON CONFLICT (code) DO UPDATE SET label_zh = EXCLUDED.label_zh, label_en = EXCLUDED.label_en, sort_order = EXCLUDED.sort_order;

INSERT INTO assetreg."cl_reply_channel" (code, label_zh, label_en, sort_order) VALUES ('sms', '短信', 'SMS', 1) ON CONFLICT (code) DO UPDATE SET label_zh = EXCLUDED.label_zh, label_en = EXCLUDED.label_en, sort_order = EXCLUDED.sort_order;

INSERT INTO assetreg."cl_reply_channel" (code, label_zh, label_en, sort_order) VALUES ('wechat', '微信', 'WeChat', 4) ON CONFLICT (code) DO UPDATE SET label_zh = EXCLUDED.label_zh, label_en = EXCLUDED.label_en, sort_order = EXCLUDED.sort_order;

ALTER TABLE assetreg.work_order ADD COLUMN source_platform VARCHAR(100);

COMMENT ON COLUMN assetreg.work_order.source_platform IS '来源平台 / Source platform';

ALTER TABLE assetreg.work_order ADD CONSTRAINT work_order_source_platform_1 CHECK (char_length(source_platform) >= 1);

ALTER TABLE assetreg.work_order ADD COLUMN accepted_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.work_order.accepted_at IS '受理时间 / Accepted at';

ALTER TABLE assetreg.work_order ADD COLUMN registered_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.work_order.registered_at IS '立案时间 / Registered at';

ALTER TABLE assetreg.work_order ADD COLUMN dispatched_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.work_order.dispatched_at IS '派遣时间 / Dispatched at';

ALTER TABLE assetreg.work_order ADD COLUMN first_handled_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.work_order.first_handled_at IS '首次处置反馈时间 / First handled at';

ALTER TABLE assetreg.work_order ADD COLUMN reworked_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.work_order.reworked_at IS '返工时间 / Reworked at';

ALTER TABLE assetreg.work_order ADD COLUMN verified_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.work_order.verified_at IS '核查时间 / Verified at';

ALTER TABLE assetreg.work_order ADD COLUMN refused_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.work_order.refused_at IS '不予立案时间 / Refused at';

ALTER TABLE assetreg.work_order ADD COLUMN cancelled_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.work_order.cancelled_at IS '作废时间 / Cancelled at';

ALTER TABLE assetreg.work_order ADD COLUMN deferred_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.work_order.deferred_at IS '缓办时间 / Deferred at';

ALTER TABLE assetreg.work_order ADD COLUMN resumed_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.work_order.resumed_at IS '恢复办理时间 / Resumed at';

ALTER TABLE assetreg.work_order ADD COLUMN reply_channel TEXT;

COMMENT ON COLUMN assetreg.work_order.reply_channel IS '回复方式 / Reply channel';

ALTER TABLE assetreg.work_order ADD CONSTRAINT work_order_reply_channel_fkey FOREIGN KEY(reply_channel) REFERENCES assetreg.cl_reply_channel (code);

ALTER TABLE assetreg.work_order ADD COLUMN replied_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.work_order.replied_at IS '回复时间 / Replied at';

ALTER TABLE assetreg.work_order ADD COLUMN reply_text VARCHAR(2000);

COMMENT ON COLUMN assetreg.work_order.reply_text IS '回复内容 / Reply text';

ALTER TABLE assetreg.work_order ADD COLUMN rated_at TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.work_order.rated_at IS '评价时间 / Rated at';

ALTER TABLE assetreg.work_order ADD COLUMN submission_id BIGINT;

ALTER TABLE assetreg.work_order ADD FOREIGN KEY(submission_id) REFERENCES assetreg.submission (id);

COMMENT ON COLUMN assetreg.work_order.submission_id IS '导入历史案件的提交 / Submission that imported the historical case';

CREATE INDEX work_order_submission_idx ON assetreg.work_order (submission_id);

ALTER TABLE assetreg.work_order_event ADD COLUMN handling_deadline TIMESTAMP WITH TIME ZONE;

COMMENT ON COLUMN assetreg.work_order_event.handling_deadline IS '本次派遣（含返工后再派遣）的处置时限 / Handling deadline of this assignment (a dispatch, or a re-dispatch after rework)';

UPDATE assetreg.work_order_event e SET handling_deadline = w.handling_deadline FROM assetreg.work_order w WHERE w.id = e.work_order_id AND e.action = 'dispatch';

ALTER TABLE assetreg.kpi_snapshot DROP CONSTRAINT kpi_snapshot_period;

ALTER TABLE assetreg.kpi_snapshot ALTER COLUMN period TYPE VARCHAR(21);

ALTER TABLE assetreg.kpi_snapshot ADD CONSTRAINT kpi_snapshot_period CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])(-[0-9]{2}/[0-9]{4}-[0-9]{2}-[0-9]{2})?$');

ALTER TABLE assetreg.kpi_snapshot ADD COLUMN as_of TEXT DEFAULT 'now' NOT NULL;

COMMENT ON COLUMN assetreg.kpi_snapshot.as_of IS '案卷结果的计量时点：period_end 为期末，now 为快照时 / When the cases'' outcome was measured: period_end at the period''s end, now when the snapshot was taken';

ALTER TABLE assetreg.kpi_snapshot ALTER COLUMN as_of SET DEFAULT 'period_end';

ALTER TABLE assetreg.kpi_snapshot ADD CONSTRAINT kpi_snapshot_as_of CHECK (as_of IN ('period_end', 'now'));

