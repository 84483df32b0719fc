-- Revision 0003, downgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

DROP TABLE assetreg.work_order_event;

DROP TABLE assetreg.work_order_asset;

DROP TABLE assetreg.work_order;

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

