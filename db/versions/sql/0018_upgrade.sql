-- Revision 0018, upgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

CREATE INDEX work_order_open_stage_idx ON assetreg.work_order (status, id) WHERE status NOT IN ('closed', 'cancelled', 'refused');

CREATE INDEX work_order_open_district_idx ON assetreg.work_order (located_district, status, id) WHERE status NOT IN ('closed', 'cancelled', 'refused');

CREATE INDEX work_order_open_map_idx ON assetreg.work_order (id) INCLUDE (status, case_no, matter_class, handled_at, handling_deadline, closing_deadline, geom) WHERE status NOT IN ('closed', 'cancelled', 'refused');

