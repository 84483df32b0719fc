-- Who may do what. The group roles are made in 05_roles.sql (cluster-wide, once); the grants and
-- row-level security policies are renewed with every upgrade. Give a login one of them
-- with `assetreg db grant LOGIN ROLE`.

GRANT USAGE ON SCHEMA assetreg, assetreg_app TO assetreg_viewer, assetreg_crew, assetreg_editor,
    assetreg_standards, assetreg_contractor, assetreg_admin;
GRANT SELECT ON ALL TABLES IN SCHEMA assetreg, assetreg_app TO assetreg_viewer, assetreg_crew, assetreg_editor,
    assetreg_standards, assetreg_contractor, assetreg_admin;

GRANT ALL ON ALL TABLES IN SCHEMA assetreg TO assetreg_admin;
GRANT ALL ON ALL SEQUENCES IN SCHEMA assetreg TO assetreg_admin;

-- Submissions, their quarantine and attachments are written only by the functions of
-- 50_submissions.sql (who is session_user; a submission is closed once, by whoever opened it).
-- No role writes them directly, not even the admin; revoked, not just not granted, because
-- grants on the registry's tables outlive the rebuild of this schema.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON assetreg.submission, assetreg.quarantine, assetreg.attachment
    FROM assetreg_admin, assetreg_editor, assetreg_standards, assetreg_crew, assetreg_contractor, assetreg_viewer;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA assetreg TO assetreg_editor, assetreg_standards, assetreg_contractor;

GRANT INSERT, UPDATE, DELETE ON assetreg.admin_area, assetreg.unit_grid TO assetreg_editor;

-- Inspections and attachments: the crew logs what it found (an import of its patrol records, which
-- writes a submission) and adds photos and documents to inspections and cases (attachment_add);
-- those who import deliveries do the same. A record is what was found then: nobody but the admin
-- changes or deletes an inspection.
GRANT USAGE ON ALL SEQUENCES IN SCHEMA assetreg TO assetreg_crew;
GRANT INSERT ON assetreg.inspection TO assetreg_crew, assetreg_editor, assetreg_standards;

-- The crew's survey (a tree's vigour, a road's PCI) updates the condition columns its records carry: the crew
-- may update those (assetreg_app.inspected_condition, from the standard's inspection-to-asset mapping,
-- storage/condition_grants.py) and its status and remarks, no other column. Revoked first (which revokes
-- the column grants too), so a column the mapping no longer names is not granted any more.
DO $$
DECLARE
    asset_table text;
    condition_columns text;
BEGIN
    FOR asset_table IN SELECT table_name FROM assetreg_app.family_tables() LOOP
        EXECUTE format('GRANT INSERT, UPDATE, DELETE ON assetreg.%I TO assetreg_editor, assetreg_standards',
                       asset_table);
        SELECT string_agg(', ' || quote_ident(c.column_name), '' ORDER BY c.column_name) INTO condition_columns
          FROM assetreg_app.inspected_condition c
         WHERE c.family_table = asset_table
           AND c.column_name NOT IN ('status', 'change_date', 'remarks', 'updated_at');
        EXECUTE format('REVOKE UPDATE ON assetreg.%I FROM assetreg_crew', asset_table);
        EXECUTE format('GRANT UPDATE (status, change_date, remarks, updated_at%s) ON assetreg.%I TO assetreg_crew',
                       coalesce(condition_columns, ''), asset_table);
    END LOOP;
END
$$;

-- A contractor sees only the submissions it made, and their quarantine (nobody writes them but
-- the functions, which run as the owner: the policies are for reading).
ALTER TABLE assetreg.submission ENABLE ROW LEVEL SECURITY;
ALTER TABLE assetreg.quarantine ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS every_submission ON assetreg.submission;
DROP POLICY IF EXISTS own_submissions ON assetreg.submission;
DROP POLICY IF EXISTS every_quarantined ON assetreg.quarantine;
DROP POLICY IF EXISTS own_quarantined ON assetreg.quarantine;

CREATE POLICY every_submission ON assetreg.submission FOR SELECT
    TO assetreg_viewer, assetreg_crew, assetreg_editor, assetreg_standards, assetreg_admin
    USING (true);
CREATE POLICY own_submissions ON assetreg.submission FOR SELECT
    TO assetreg_contractor
    USING (submitted_by = session_user);
CREATE POLICY every_quarantined ON assetreg.quarantine FOR SELECT
    TO assetreg_viewer, assetreg_crew, assetreg_editor, assetreg_standards, assetreg_admin
    USING (true);
CREATE POLICY own_quarantined ON assetreg.quarantine FOR SELECT
    TO assetreg_contractor
    USING (EXISTS (SELECT 1 FROM assetreg.submission s WHERE s.id = submission_id));

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

-- Personal data (64_case_privacy.sql): the roles that do not handle cases read every column of the
-- case tables but the reporter's name and contact, and the events but their payloads (which copy
-- them); the views case_record, case_overview and case_events give them the rest. The table grant
-- above is revoked first (which revokes column grants too), then the columns are granted anew.
DO $$
DECLARE
    case_table text;
    shown text;
BEGIN
    FOREACH case_table IN ARRAY ARRAY['work_order', 'work_order_event'] LOOP
        SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO shown
          FROM pg_attribute a
         WHERE a.attrelid = format('assetreg.%I', case_table)::regclass AND a.attnum > 0 AND NOT a.attisdropped
           AND NOT a.attname::text = ANY (assetreg_app.personal_fields() || ARRAY['payload']);
        EXECUTE format('REVOKE SELECT ON assetreg.%I FROM assetreg_viewer, assetreg_contractor, assetreg_standards',
                       case_table);
        EXECUTE format('GRANT SELECT (%s) ON assetreg.%I TO assetreg_viewer, assetreg_contractor, assetreg_standards',
                       shown, case_table);
    END LOOP;
END
$$;

-- New assets (22_edit_defaults.sql): the identifier counters are written by assetreg_app.next_serial
-- alone, never by a role, not even the admin (a counter set back would hand out a serial twice); the
-- defaults by area are the GIS staff's to keep.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON assetreg.identifier_serial
    FROM assetreg_admin, assetreg_editor, assetreg_standards, assetreg_crew, assetreg_contractor, assetreg_viewer;
GRANT INSERT, UPDATE, DELETE ON assetreg.area_default TO assetreg_editor;

-- The case facts (69_case_facts.sql) are derived by the flow's role alone: no role writes them, not even the
-- admin (the grant of every table above included them). They hold no personal data: read like the case table.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON assetreg.case_fact, assetreg.case_assignment_fact
    FROM assetreg_admin, assetreg_editor, assetreg_standards, assetreg_crew, assetreg_contractor, assetreg_viewer;

-- The repeat marks and their rule (73_case_repeat_marks.sql) are derived by the flow's role alone, like the facts.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON assetreg.case_repeat, assetreg.case_repeat_basis
    FROM assetreg_admin, assetreg_editor, assetreg_standards, assetreg_crew, assetreg_contractor, assetreg_viewer;
