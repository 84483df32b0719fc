-- The registry's group roles, cluster-wide and created once, before any file of this schema
-- grants to them. What each may do: 90_roles.sql.
--   assetreg_viewer      reads the registry and the indicators
--   assetreg_crew        viewer + logs condition changes, imports inspection records, adds attachments
--   assetreg_editor      viewer + edits assets, areas and grids (GIS staff), imports
--   assetreg_standards   viewer + validates and imports deliveries, sees every submission
--   assetreg_contractor  reads the registry; submits and sees only its own deliveries
--   assetreg_admin       everything a registry user may do (never a superuser)
--   assetreg_case_flow   no login, no member: owns the case flow's functions, the only writer of
--                        the case tables (65_cases.sql)

DO $$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['assetreg_viewer', 'assetreg_crew', 'assetreg_editor',
                                     'assetreg_standards', 'assetreg_contractor', 'assetreg_admin',
                                     'assetreg_case_flow'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
        END IF;
    END LOOP;
END
$$;
