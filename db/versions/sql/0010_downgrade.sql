-- Revision 0010, downgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

ALTER TABLE assetreg.kpi_snapshot DROP COLUMN as_of;

ALTER TABLE assetreg.kpi_snapshot DROP CONSTRAINT kpi_snapshot_period;

DELETE FROM assetreg.kpi_snapshot WHERE period !~ '^[0-9]{4}-(0[1-9]|1[0-2])$';

ALTER TABLE assetreg.kpi_snapshot ALTER COLUMN period TYPE VARCHAR(7);

ALTER TABLE assetreg.kpi_snapshot ADD CONSTRAINT kpi_snapshot_period CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');

ALTER TABLE assetreg.work_order_event DROP COLUMN handling_deadline;

DROP INDEX assetreg.work_order_submission_idx;

ALTER TABLE assetreg.work_order DROP COLUMN submission_id;

ALTER TABLE assetreg.work_order DROP COLUMN rated_at;

ALTER TABLE assetreg.work_order DROP COLUMN reply_text;

ALTER TABLE assetreg.work_order DROP COLUMN replied_at;

ALTER TABLE assetreg.work_order DROP COLUMN reply_channel;

ALTER TABLE assetreg.work_order DROP COLUMN resumed_at;

ALTER TABLE assetreg.work_order DROP COLUMN deferred_at;

ALTER TABLE assetreg.work_order DROP COLUMN cancelled_at;

ALTER TABLE assetreg.work_order DROP COLUMN refused_at;

ALTER TABLE assetreg.work_order DROP COLUMN verified_at;

ALTER TABLE assetreg.work_order DROP COLUMN reworked_at;

ALTER TABLE assetreg.work_order DROP COLUMN first_handled_at;

ALTER TABLE assetreg.work_order DROP COLUMN dispatched_at;

ALTER TABLE assetreg.work_order DROP COLUMN registered_at;

ALTER TABLE assetreg.work_order DROP COLUMN accepted_at;

ALTER TABLE assetreg.work_order DROP COLUMN source_platform;

DROP TABLE assetreg."cl_reply_channel";

