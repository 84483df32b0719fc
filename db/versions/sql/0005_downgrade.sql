-- Revision 0005, downgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

DROP INDEX assetreg.work_order_reported_at_idx;

DROP INDEX assetreg.work_order_open_during_idx;

DROP INDEX assetreg.work_order_event_action_at_idx;

DROP INDEX assetreg.work_order_asset_asset_idx;

DROP INDEX assetreg.inspection_kind_at_idx;

DROP INDEX assetreg.inspection_unlit_span_idx;

ALTER TABLE assetreg.inspection DROP COLUMN superseded_at;

DROP TABLE assetreg.kpi_snapshot;

