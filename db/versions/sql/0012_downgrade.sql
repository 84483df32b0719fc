-- Revision 0012, downgrade: frozen SQL, written by hand (the same DDL for every family table).
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

ALTER TABLE assetreg.streetlight DROP CONSTRAINT streetlight_pkey, DROP CONSTRAINT streetlight_uid_key, ADD CONSTRAINT streetlight_pkey PRIMARY KEY (uid);

ALTER TABLE assetreg.streetlight DROP COLUMN fid;

ALTER TABLE assetreg.road_segment DROP CONSTRAINT road_segment_pkey, DROP CONSTRAINT road_segment_uid_key, ADD CONSTRAINT road_segment_pkey PRIMARY KEY (uid);

ALTER TABLE assetreg.road_segment DROP COLUMN fid;

ALTER TABLE assetreg.bridge DROP CONSTRAINT bridge_pkey, DROP CONSTRAINT bridge_uid_key, ADD CONSTRAINT bridge_pkey PRIMARY KEY (uid);

ALTER TABLE assetreg.bridge DROP COLUMN fid;

ALTER TABLE assetreg.tree DROP CONSTRAINT tree_pkey, DROP CONSTRAINT tree_uid_key, ADD CONSTRAINT tree_pkey PRIMARY KEY (uid);

ALTER TABLE assetreg.tree DROP COLUMN fid;

ALTER TABLE assetreg.park DROP CONSTRAINT park_pkey, DROP CONSTRAINT park_uid_key, ADD CONSTRAINT park_pkey PRIMARY KEY (uid);

ALTER TABLE assetreg.park DROP COLUMN fid;

ALTER TABLE assetreg.park_facility DROP CONSTRAINT park_facility_pkey, DROP CONSTRAINT park_facility_uid_key, ADD CONSTRAINT park_facility_pkey PRIMARY KEY (uid);

ALTER TABLE assetreg.park_facility DROP COLUMN fid;

