-- History of every change of an asset, whoever makes it (an import, a QGIS edit, psql).
-- The registration itself is kept on the row (created_at, created_by, created_submission,
-- created_session, filled by column defaults), so a bulk import writes no history row per
-- asset; every update and delete is a history row with the full values before and after.
-- Statement-level triggers with transition tables: one set-based INSERT per statement.
-- SECURITY DEFINER: users may not write history themselves.
-- The submission an import runs for is the transaction setting assetreg.submission_id. Anyone
-- can set it, so it counts only for a submission that is running, was opened by this login and
-- runs on this connection (50_submissions.sql opens it so): an edit is never attributed to
-- someone else's delivery, nor to one that is over.
-- This file stands on its own beside 05_roles.sql and 10_families.sql: `db downgrade` builds
-- just these three for an older revision (one that has assetreg.asset_history, 0002 on), so
-- that no edit made while the registry runs at that revision goes without its history.

CREATE FUNCTION assetreg_app.current_submission() RETURNS bigint
    LANGUAGE sql STABLE AS $$
    SELECT s.id
      FROM assetreg.submission s
     WHERE s.id = (SELECT CASE WHEN v ~ '^[0-9]{1,18}$' THEN v::bigint END
                     FROM pg_catalog.current_setting('assetreg.submission_id', true) AS v)
       AND s.outcome = 'running' AND s.submitted_by = session_user AND s.backend_pid = pg_catalog.pg_backend_pid()
$$;

CREATE FUNCTION assetreg_app.edit_session() RETURNS text
    LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('application_name'), ''), 'sql') || ':' || txid_current()
$$;

-- The values of an asset row as history keeps them: without the columns that change
-- on their own (updated_at, the location) and the feature number QGIS keys on (fid).
CREATE FUNCTION assetreg_app.asset_values(asset jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT asset - ARRAY['fid', 'updated_at', 'located_grid', 'located_at',
                         'located_community', 'located_street', 'located_district']
$$;

CREATE FUNCTION assetreg_app.history_of_update() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    submission bigint := assetreg_app.current_submission();
    session text := assetreg_app.edit_session();
BEGIN
    INSERT INTO assetreg.asset_history
           (family, asset_uid, component_id, operation, changed_by, submission_id, edit_session, old_values, new_values)
    SELECT TG_TABLE_NAME, n.uid, n.component_id, 'update', session_user, submission, session, o.v, n.v
      FROM (SELECT uid, component_id, assetreg_app.asset_values(to_jsonb(r)) AS v FROM new_rows r) n
      JOIN (SELECT uid, assetreg_app.asset_values(to_jsonb(r)) AS v FROM old_rows r) o USING (uid)
     WHERE o.v IS DISTINCT FROM n.v;
    RETURN NULL;
END
$$;

CREATE FUNCTION assetreg_app.history_of_delete() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    submission bigint := assetreg_app.current_submission();
    session text := assetreg_app.edit_session();
BEGIN
    INSERT INTO assetreg.asset_history
           (family, asset_uid, component_id, operation, changed_by, submission_id, edit_session, old_values)
    SELECT TG_TABLE_NAME, o.uid, o.component_id, 'delete', session_user, submission, session,
           assetreg_app.asset_values(to_jsonb(o))
      FROM old_rows o;
    RETURN NULL;
END
$$;

-- triggers only: nobody calls them (kept here, so a registry taken back to an older revision,
-- which rebuilds this file alone, has them the same)
REVOKE ALL ON FUNCTION assetreg_app.history_of_update(), assetreg_app.history_of_delete() FROM PUBLIC;

-- An asset as it was at a given time. The first change after that time holds the values
-- before it (old_values); with no change since, the asset is as it is now. Either way it
-- existed then only if it had been registered (created_at) by then.
CREATE FUNCTION assetreg_app.asset_as_of(asset uuid, at_time timestamptz) RETURNS jsonb
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    found jsonb;
    family_table text;
BEGIN
    SELECT h.old_values INTO found
      FROM assetreg.asset_history h
     WHERE h.asset_uid = asset AND h.changed_at > at_time
     ORDER BY h.changed_at, h.id
     LIMIT 1;
    IF found IS NULL THEN
        FOR family_table IN SELECT table_name FROM assetreg_app.family_tables() LOOP
            EXECUTE format('SELECT assetreg_app.asset_values(to_jsonb(a)) FROM assetreg.%I a WHERE a.uid = $1', family_table)
               INTO found USING asset;
            EXIT WHEN found IS NOT NULL;
        END LOOP;
    END IF;
    IF found IS NULL OR (found ->> 'created_at')::timestamptz > at_time THEN
        RETURN NULL;
    END IF;
    RETURN found;
END
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.asset_as_of(uuid, timestamptz)', 'object.asset_as_of');

DO $$
DECLARE
    family_table text;
BEGIN
    FOR family_table IN SELECT table_name FROM assetreg_app.family_tables() LOOP
        EXECUTE format('CREATE TRIGGER history_update AFTER UPDATE ON assetreg.%I'
                       ' REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT'
                       ' EXECUTE FUNCTION assetreg_app.history_of_update()', family_table);
        EXECUTE format('CREATE TRIGGER history_delete AFTER DELETE ON assetreg.%I'
                       ' REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT'
                       ' EXECUTE FUNCTION assetreg_app.history_of_delete()', family_table);
    END LOOP;
END
$$;
