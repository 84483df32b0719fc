-- Submissions, their quarantine and attachments are records of what happened: who delivered which
-- file and what came of it, which features were set aside, who added which photo. No role writes
-- these tables (90_roles.sql), not even the admin: a direct UPDATE could turn a rejected delivery
-- into an accepted one, or name someone else. These SECURITY DEFINER functions are the only way in.
-- Each takes who from session_user (the login), never from an argument and never from current_user,
-- which SET ROLE changes. A submission is opened running by a login and closed once, by that login,
-- with its outcome.
--
-- Refusals: SQLSTATE 42501 (insufficient_privilege) for who may not, 22023 (invalid_parameter_value)
-- for a value that cannot be, 55000 (object_not_in_prerequisite_state) for a submission already
-- closed; MESSAGE in English, DETAIL in Chinese.

-- Every role that delivers files writes submissions; the viewer only reads them.
CREATE FUNCTION assetreg_app.submission_check_submitter() RETURNS void
    LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF NOT assetreg_app.session_holds('assetreg_crew', 'assetreg_editor', 'assetreg_standards',
                                      'assetreg_contractor', 'assetreg_admin') THEN
        PERFORM assetreg_app.refuse('42501', 'refusal.submission.read_only');
    END IF;
END
$$;

-- A 'running' record of a delivery, by the login, naming this connection's backend (an edit is
-- attributed to the submission only in the session that runs it: current_submission()). The
-- connection holds a session advisory lock keyed by the record's id, taken before the record is
-- committed and released when the connection closes: an import is alive exactly while its lock is
-- held (submission_fail_abandoned), whoever asks.
CREATE FUNCTION assetreg_app.submission_open(of_family text, named text, sha256 text, bytes bigint,
                                             standard_version text, profile_id text, import_mode text,
                                             is_dry_run boolean) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    opened bigint;
BEGIN
    PERFORM assetreg_app.submission_check_submitter();
    IF import_mode IS NULL OR import_mode NOT IN ('insert', 'update', 'upsert', 'replace-area') OR is_dry_run IS NULL THEN
        PERFORM assetreg_app.refuse('22023', 'refusal.submission.unknown_mode', jsonb_build_object('mode', import_mode));
    END IF;
    INSERT INTO assetreg.submission (family, file_name, file_sha256, file_bytes, standard_version, profile_id, mode,
                                     submitted_by, submitted_at, outcome, backend_pid, backend_start)
    SELECT of_family, named, sha256, bytes, standard_version, profile_id,
           import_mode || CASE WHEN is_dry_run THEN ' (dry run)' ELSE '' END,
           session_user, now(), 'running', a.pid, a.backend_start
      FROM pg_catalog.pg_stat_activity a
     WHERE a.pid = pg_catalog.pg_backend_pid()
    RETURNING id INTO opened;
    PERFORM pg_catalog.pg_advisory_lock(pg_catalog.hashtext('assetreg.submission'), opened::integer);
    RETURN opened;
END
$$;
REVOKE ALL ON FUNCTION assetreg_app.submission_open(text, text, text, bigint, text, text, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assetreg_app.submission_open(text, text, text, bigint, text, text, text, boolean)
    TO assetreg_crew, assetreg_editor, assetreg_standards, assetreg_contractor, assetreg_admin;

-- The submission, locked, if the login opened it and it is still running; refused otherwise.
CREATE FUNCTION assetreg_app.submission_running_of_session(submission bigint) RETURNS assetreg.submission
    LANGUAGE plpgsql AS $$
DECLARE
    opened assetreg.submission;
BEGIN
    PERFORM assetreg_app.submission_check_submitter();
    SELECT * INTO opened FROM assetreg.submission s WHERE s.id = submission FOR UPDATE;
    IF NOT FOUND OR opened.submitted_by IS DISTINCT FROM session_user THEN
        PERFORM assetreg_app.refuse('42501', 'refusal.submission.not_yours', jsonb_build_object('submission', submission));
    END IF;
    IF opened.outcome <> 'running' THEN
        PERFORM assetreg_app.refuse('55000', 'refusal.submission.over',
                                    jsonb_build_object('submission', submission, 'outcome', opened.outcome));
    END IF;
    RETURN opened;
END
$$;

-- Close a running submission with its outcome, once. A dry run ends as dry_run (or rejected,
-- failed); only a login that may import ends one accepted, so a contractor's never is.
CREATE FUNCTION assetreg_app.submission_close(submission bigint, new_outcome text, new_counts jsonb, new_report jsonb,
                                              new_message text DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    running assetreg.submission := assetreg_app.submission_running_of_session(submission);
    dry_run boolean := running.mode LIKE '% (dry run)';
BEGIN
    IF new_outcome IS NULL OR NOT new_outcome = ANY (CASE WHEN dry_run THEN ARRAY['dry_run', 'rejected', 'failed']
                                                     ELSE ARRAY['accepted', 'partially_accepted', 'rejected', 'failed'] END) THEN
        PERFORM assetreg_app.refuse('22023', 'refusal.submission.bad_outcome',
                                    jsonb_build_object('submission', submission, 'outcome', new_outcome));
    END IF;
    IF new_outcome IN ('accepted', 'partially_accepted')
       AND NOT assetreg_app.session_holds('assetreg_crew', 'assetreg_editor', 'assetreg_standards', 'assetreg_admin') THEN
        PERFORM assetreg_app.refuse('42501', 'refusal.submission.never_accepted');
    END IF;
    UPDATE assetreg.submission s
       SET outcome = new_outcome, finished_at = clock_timestamp(), counts = new_counts, report = new_report,
           message = new_message
     WHERE s.id = submission;
END
$$;
REVOKE ALL ON FUNCTION assetreg_app.submission_close(bigint, text, jsonb, jsonb, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assetreg_app.submission_close(bigint, text, jsonb, jsonb, text)
    TO assetreg_crew, assetreg_editor, assetreg_standards, assetreg_contractor, assetreg_admin;

-- Mark failed every running submission whose import is gone (killed, connection lost: its lock is
-- free); how many. Anyone may ask: it only says what is so. The lock is tried in its transaction-level
-- form, released when this transaction ends; the CASE tries it only for running records, however
-- the planner orders the conditions.
CREATE FUNCTION assetreg_app.submission_fail_abandoned() RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    failed integer;
BEGIN
    UPDATE assetreg.submission s
       SET outcome = 'failed', finished_at = clock_timestamp(),
           message = 'The import was interrupted (process killed or connection lost); the registry is unchanged.'
     WHERE s.outcome = 'running'
       AND CASE WHEN s.outcome = 'running'
                THEN pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('assetreg.submission'), s.id::integer) END;
    GET DIAGNOSTICS failed = ROW_COUNT;
    RETURN failed;
END
$$;
REVOKE ALL ON FUNCTION assetreg_app.submission_fail_abandoned() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assetreg_app.submission_fail_abandoned()
    TO assetreg_viewer, assetreg_crew, assetreg_editor, assetreg_standards, assetreg_contractor, assetreg_admin;

-- Keep a running submission's invalid features (a JSON array of {feature_number, component_id,
-- properties, geom_wkt, geom_srid, findings}); how many.
CREATE FUNCTION assetreg_app.quarantine_keep(submission bigint, features jsonb) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    kept integer;
BEGIN
    PERFORM assetreg_app.submission_running_of_session(submission);
    IF jsonb_typeof(features) IS DISTINCT FROM 'array' THEN
        PERFORM assetreg_app.refuse('22023', 'refusal.submission.quarantine_not_array');
    END IF;
    INSERT INTO assetreg.quarantine (submission_id, feature_number, component_id, properties, geom_wkt, geom_srid, findings)
    SELECT submission, f.feature_number, f.component_id, f.properties, f.geom_wkt, f.geom_srid, f.findings
      FROM jsonb_to_recordset(features)
           AS f(feature_number integer, component_id text, properties jsonb, geom_wkt text, geom_srid integer, findings jsonb);
    GET DIAGNOSTICS kept = ROW_COUNT;
    RETURN kept;
END
$$;
REVOKE ALL ON FUNCTION assetreg_app.quarantine_keep(bigint, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assetreg_app.quarantine_keep(bigint, jsonb)
    TO assetreg_crew, assetreg_editor, assetreg_standards, assetreg_contractor, assetreg_admin;

-- Record a file (hash, size, type, where it is) as an attachment of one inspection or one case,
-- added by the login, now. The crew, editors, the standards office and admins add attachments.
CREATE FUNCTION assetreg_app.attachment_add(of_inspection uuid, of_case bigint, sha256 text, bytes bigint,
                                            media_type text, uri text, named text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    added bigint;
BEGIN
    IF NOT assetreg_app.session_holds('assetreg_crew', 'assetreg_editor', 'assetreg_standards', 'assetreg_admin') THEN
        PERFORM assetreg_app.refuse('42501', 'refusal.attachment.not_allowed');
    END IF;
    INSERT INTO assetreg.attachment (inspection_uid, work_order_id, sha256, size_bytes, media_type, uri, file_name,
                                     added_by, added_at)
    VALUES (of_inspection, of_case, sha256, bytes, media_type, uri, named, session_user, now())
    RETURNING id INTO added;
    RETURN added;
END
$$;
REVOKE ALL ON FUNCTION assetreg_app.attachment_add(uuid, bigint, text, bigint, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assetreg_app.attachment_add(uuid, bigint, text, bigint, text, text, text)
    TO assetreg_crew, assetreg_editor, assetreg_standards, assetreg_admin;

-- A family table's column default fills created_submission from assetreg.submission_id, which
-- anyone can set: an insert under a setting that is not this session's running submission (someone
-- else's delivery, one that is over) is refused, so that no insert is attributed to it. Once per
-- statement, so a bulk load pays nothing per row.
CREATE FUNCTION assetreg_app.submission_guard() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    named text := pg_catalog.current_setting('assetreg.submission_id', true);
BEGIN
    IF coalesce(named, '') <> '' AND assetreg_app.current_submission() IS NULL THEN
        PERFORM assetreg_app.refuse('42501', 'refusal.submission.not_running_here', jsonb_build_object('setting', named));
    END IF;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    family_table text;
BEGIN
    FOR family_table IN SELECT table_name FROM assetreg_app.family_tables() LOOP
        EXECUTE format('CREATE TRIGGER submission_guard BEFORE INSERT ON assetreg.%I FOR EACH STATEMENT'
                       ' EXECUTE FUNCTION assetreg_app.submission_guard()', family_table);
    END LOOP;
END
$$;
