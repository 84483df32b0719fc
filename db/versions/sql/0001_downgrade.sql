-- Revision 0001, downgrade: frozen SQL, rendered by scripts/render_revision.py.
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

DROP TABLE assetreg.streetlight;

DROP TABLE assetreg.city_profile;

DROP TABLE assetreg.work_order;

DROP TABLE assetreg.cl_work_order_status;

DROP TABLE assetreg.cl_work_order_source;

DROP TABLE assetreg.cl_urgency;

DROP TABLE assetreg.cl_tree_vigour;

DROP TABLE assetreg.cl_tree_site;

DROP TABLE assetreg.cl_tree_risk;

DROP TABLE assetreg.cl_tree_protection_grade;

DROP TABLE assetreg.cl_tree_age_basis;

DROP TABLE assetreg.cl_satisfaction;

DROP TABLE assetreg.cl_road_maintenance_grade;

DROP TABLE assetreg.cl_road_class;

DROP TABLE assetreg.cl_pole_material;

DROP TABLE assetreg.cl_pavement_type;

DROP TABLE assetreg.cl_park_kind;

DROP TABLE assetreg.cl_matter_class;

DROP TABLE assetreg.cl_lamp_type;

DROP TABLE assetreg.cl_inspection_kind;

DROP TABLE assetreg.cl_data_source;

DROP TABLE assetreg.cl_condition_grade;

DROP TABLE assetreg.cl_component_status;

DROP TABLE assetreg.cl_component_class;

DROP TABLE assetreg.cl_bridge_structure_type;

DROP TABLE assetreg.cl_bridge_maintenance_class;

DROP TABLE assetreg.cl_bridge_load_class;

DROP TABLE assetreg.cl_bci_grade;

