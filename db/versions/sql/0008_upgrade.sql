-- Revision 0008, upgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

DROP INDEX assetreg.work_order_reported_at_idx;

CREATE INDEX work_order_reported_at_idx ON assetreg.work_order (reported_at) INCLUDE (located_grid, handling_unit);

CREATE INDEX work_order_event_dispatch_idx ON assetreg.work_order_event (work_order_id) INCLUDE (at) WHERE action = 'dispatch';

