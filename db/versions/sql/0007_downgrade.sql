-- Revision 0007, downgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

ALTER TABLE assetreg."streetlight" DROP CONSTRAINT "streetlight_component_id_1", ADD CONSTRAINT "streetlight_component_id_1" CHECK (component_id ~ '^[0-9]{17}$'), DROP CONSTRAINT "streetlight_grid_code_1", ADD CONSTRAINT "streetlight_grid_code_1" CHECK (grid_code ~ '^[0-9]{15}$'), DROP CONSTRAINT "streetlight_street_code_1", ADD CONSTRAINT "streetlight_street_code_1" CHECK (street_code ~ '^[0-9]{9}$'), DROP CONSTRAINT "streetlight_community_code_1", ADD CONSTRAINT "streetlight_community_code_1" CHECK (community_code ~ '^[0-9]{12}$');

ALTER TABLE assetreg."road_segment" DROP CONSTRAINT "road_segment_component_id_1", ADD CONSTRAINT "road_segment_component_id_1" CHECK (component_id ~ '^[0-9]{17}$'), DROP CONSTRAINT "road_segment_grid_code_1", ADD CONSTRAINT "road_segment_grid_code_1" CHECK (grid_code ~ '^[0-9]{15}$'), DROP CONSTRAINT "road_segment_street_code_1", ADD CONSTRAINT "road_segment_street_code_1" CHECK (street_code ~ '^[0-9]{9}$'), DROP CONSTRAINT "road_segment_community_code_1", ADD CONSTRAINT "road_segment_community_code_1" CHECK (community_code ~ '^[0-9]{12}$');

ALTER TABLE assetreg."bridge" DROP CONSTRAINT "bridge_component_id_1", ADD CONSTRAINT "bridge_component_id_1" CHECK (component_id ~ '^[0-9]{17}$'), DROP CONSTRAINT "bridge_grid_code_1", ADD CONSTRAINT "bridge_grid_code_1" CHECK (grid_code ~ '^[0-9]{15}$'), DROP CONSTRAINT "bridge_street_code_1", ADD CONSTRAINT "bridge_street_code_1" CHECK (street_code ~ '^[0-9]{9}$'), DROP CONSTRAINT "bridge_community_code_1", ADD CONSTRAINT "bridge_community_code_1" CHECK (community_code ~ '^[0-9]{12}$');

ALTER TABLE assetreg."tree" DROP CONSTRAINT "tree_component_id_1", ADD CONSTRAINT "tree_component_id_1" CHECK (component_id ~ '^[0-9]{17}$'), DROP CONSTRAINT "tree_grid_code_1", ADD CONSTRAINT "tree_grid_code_1" CHECK (grid_code ~ '^[0-9]{15}$'), DROP CONSTRAINT "tree_street_code_1", ADD CONSTRAINT "tree_street_code_1" CHECK (street_code ~ '^[0-9]{9}$'), DROP CONSTRAINT "tree_community_code_1", ADD CONSTRAINT "tree_community_code_1" CHECK (community_code ~ '^[0-9]{12}$');

ALTER TABLE assetreg."park" DROP CONSTRAINT "park_component_id_1", ADD CONSTRAINT "park_component_id_1" CHECK (component_id ~ '^[0-9]{17}$'), DROP CONSTRAINT "park_grid_code_1", ADD CONSTRAINT "park_grid_code_1" CHECK (grid_code ~ '^[0-9]{15}$'), DROP CONSTRAINT "park_street_code_1", ADD CONSTRAINT "park_street_code_1" CHECK (street_code ~ '^[0-9]{9}$'), DROP CONSTRAINT "park_community_code_1", ADD CONSTRAINT "park_community_code_1" CHECK (community_code ~ '^[0-9]{12}$');

ALTER TABLE assetreg."park_facility" DROP CONSTRAINT "park_facility_component_id_1", ADD CONSTRAINT "park_facility_component_id_1" CHECK (component_id ~ '^[0-9]{17}$'), DROP CONSTRAINT "park_facility_grid_code_1", ADD CONSTRAINT "park_facility_grid_code_1" CHECK (grid_code ~ '^[0-9]{15}$'), DROP CONSTRAINT "park_facility_street_code_1", ADD CONSTRAINT "park_facility_street_code_1" CHECK (street_code ~ '^[0-9]{9}$'), DROP CONSTRAINT "park_facility_community_code_1", ADD CONSTRAINT "park_facility_community_code_1" CHECK (community_code ~ '^[0-9]{12}$'), DROP CONSTRAINT "park_facility_park_id_1", ADD CONSTRAINT "park_facility_park_id_1" CHECK (park_id ~ '^[0-9]{17}$');

ALTER TABLE assetreg."work_order" DROP CONSTRAINT "work_order_matter_code_1", ADD CONSTRAINT "work_order_matter_code_1" CHECK (matter_code ~ '^[0-9]{11}$');

ALTER TABLE assetreg."inspection" DROP CONSTRAINT "inspection_component_id_1", ADD CONSTRAINT "inspection_component_id_1" CHECK (component_id ~ '^[0-9]{17}$');

