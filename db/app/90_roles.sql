-- Who may do what. The group roles are made in 05_roles.sql (cluster-wide, once); the grants and
-- row-level security policies are renewed with every upgrade. Give a login one of them
-- with `assetreg db grant LOGIN ROLE`.

GRANT USAGE ON SCHEMA assetreg, assetreg_app TO assetreg_viewer, assetreg_crew, assetreg_editor,
    assetreg_standards, assetreg_contractor, assetreg_admin;
GRANT SELECT ON ALL TABLES IN SCHEMA assetreg, assetreg_app TO assetreg_viewer, assetreg_crew, assetreg_editor,
    assetreg_standards, assetreg_contractor, assetreg_admin;

GRANT ALL ON ALL TABLES IN SCHEMA assetreg TO assetreg_admin;
GRANT ALL ON ALL SEQUENCES IN SCHEMA assetreg TO assetreg_admin;

-- Submissions and their quarantine: everyone who imports writes them.
GRANT INSERT, UPDATE ON assetreg.submission, assetreg.quarantine
    TO assetreg_editor, assetreg_standards, assetreg_contractor;
GRANT DELETE ON assetreg.quarantine TO assetreg_editor, assetreg_standards;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA assetreg TO assetreg_editor, assetreg_standards, assetreg_contractor;

GRANT INSERT, UPDATE, DELETE ON assetreg.admin_area, assetreg.unit_grid TO assetreg_editor;

-- Inspections and attachments: the crew logs what it found (an import of its patrol records, which
-- writes a submission) and adds photos and documents to inspections and cases; those who import
-- deliveries do the same. A record is what was found then: nobody but the admin changes or deletes it.
GRANT INSERT, UPDATE ON assetreg.submission, assetreg.quarantine TO assetreg_crew;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA assetreg TO assetreg_crew;
GRANT INSERT ON assetreg.inspection, assetreg.attachment TO assetreg_crew, assetreg_editor, assetreg_standards;

DO $$
DECLARE
    family_table text;
BEGIN
    FOR family_table IN SELECT table_name FROM assetreg_app.family_tables() LOOP
        EXECUTE format('GRANT INSERT, UPDATE, DELETE ON assetreg.%I TO assetreg_editor, assetreg_standards',
                       family_table);
        EXECUTE format('GRANT UPDATE (status, change_date, remarks, updated_at) ON assetreg.%I TO assetreg_crew',
                       family_table);
    END LOOP;
END
$$;

-- A contractor sees and changes only the submissions it made, and their quarantine.
ALTER TABLE assetreg.submission ENABLE ROW LEVEL SECURITY;
ALTER TABLE assetreg.quarantine ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS every_submission ON assetreg.submission;
DROP POLICY IF EXISTS own_submissions ON assetreg.submission;
DROP POLICY IF EXISTS every_quarantined ON assetreg.quarantine;
DROP POLICY IF EXISTS own_quarantined ON assetreg.quarantine;

CREATE POLICY every_submission ON assetreg.submission
    TO assetreg_viewer, assetreg_crew, assetreg_editor, assetreg_standards, assetreg_admin
    USING (true) WITH CHECK (true);
CREATE POLICY own_submissions ON assetreg.submission
    TO assetreg_contractor
    USING (submitted_by = session_user) WITH CHECK (submitted_by = session_user);
CREATE POLICY every_quarantined ON assetreg.quarantine
    TO assetreg_viewer, assetreg_crew, assetreg_editor, assetreg_standards, assetreg_admin
    USING (true) WITH CHECK (true);
CREATE POLICY own_quarantined ON assetreg.quarantine
    TO assetreg_contractor
    USING (EXISTS (SELECT 1 FROM assetreg.submission s WHERE s.id = submission_id))
    WITH CHECK (EXISTS (SELECT 1 FROM assetreg.submission s WHERE s.id = submission_id));

-- Cases change only through the life-cycle functions of 65_cases.sql (they check the stage, the
-- version and the caller's role, and write the event), so no role writes the case tables
-- directly, not even the admin: a direct UPDATE of the status would skip all of that.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON assetreg.work_order, assetreg.work_order_asset, assetreg.work_order_event
    FROM assetreg_admin, assetreg_editor, assetreg_standards, assetreg_crew, assetreg_contractor, assetreg_viewer;

-- The set-aside keys of a bulk load were once kept here as SQL text; nothing reads it any more
-- (35_bulk.sql), and nobody writes it.
REVOKE ALL ON assetreg.bulk_suspended FROM assetreg_admin, assetreg_editor, assetreg_standards, assetreg_crew,
    assetreg_contractor, assetreg_viewer;

-- Functions. A SECURITY DEFINER function is granted next to its definition, to the roles that
-- need it, and so is an internal step that only they call. Every other function runs with the
-- caller's own rights: each registry role may call it. PUBLIC calls nothing of this schema.
DO $$
DECLARE
    function_name text;
BEGIN
    FOR function_name IN
        SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
         WHERE p.pronamespace = 'assetreg_app'::regnamespace AND NOT p.prosecdef AND p.proacl IS NULL
           AND p.prorettype <> 'pg_catalog.trigger'::regtype AND p.prokind IN ('f', 'a')
    LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO assetreg_viewer, assetreg_crew, assetreg_editor,'
                       ' assetreg_standards, assetreg_contractor, assetreg_admin, assetreg_case_flow', function_name);
    END LOOP;
END
$$;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA assetreg_app FROM PUBLIC;

-- A definer function's search path ends in pg_temp and names public, where PostGIS lives: only the
-- owner may create objects there (PostgreSQL 15's default, kept on any server this registry is on).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
