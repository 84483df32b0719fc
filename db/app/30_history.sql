-- History of every insert, update and delete of an asset, whoever makes it (an import,
-- a QGIS edit, psql). Statement-level triggers with transition tables: one set-based
-- INSERT per statement, so a bulk import pays no per-row cost. SECURITY DEFINER: users
-- may not write history themselves.
-- The submission an import runs for is the transaction setting assetreg.submission_id.

CREATE FUNCTION assetreg_app.current_submission() RETURNS bigint
    LANGUAGE sql STABLE AS $$
    SELECT nullif(current_setting('assetreg.submission_id', true), '')::bigint
$$;

CREATE FUNCTION assetreg_app.edit_session() RETURNS text
    LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('application_name'), ''), 'sql') || ':' || txid_current()
$$;

CREATE FUNCTION assetreg_app.history_of_insert() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    INSERT INTO assetreg.asset_history
           (family, asset_uid, component_id, operation, changed_by, submission_id, edit_session, new_values)
    SELECT TG_TABLE_NAME, n.uid, n.component_id, 'insert', session_user,
           assetreg_app.current_submission(), assetreg_app.edit_session(), assetreg_app.asset_values(to_jsonb(n))
      FROM new_rows n;
    RETURN NULL;
END
$$;

CREATE FUNCTION assetreg_app.history_of_update() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    INSERT INTO assetreg.asset_history
           (family, asset_uid, component_id, operation, changed_by, submission_id, edit_session, old_values, new_values)
    SELECT TG_TABLE_NAME, n.uid, n.component_id, 'update', session_user,
           assetreg_app.current_submission(), assetreg_app.edit_session(), o.v, n.v
      FROM (SELECT uid, component_id, assetreg_app.asset_values(to_jsonb(r)) AS v FROM new_rows r) n
      JOIN (SELECT uid, assetreg_app.asset_values(to_jsonb(r)) AS v FROM old_rows r) o USING (uid)
     WHERE o.v IS DISTINCT FROM n.v;
    RETURN NULL;
END
$$;

CREATE FUNCTION assetreg_app.history_of_delete() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    INSERT INTO assetreg.asset_history
           (family, asset_uid, component_id, operation, changed_by, submission_id, edit_session, old_values)
    SELECT TG_TABLE_NAME, o.uid, o.component_id, 'delete', session_user,
           assetreg_app.current_submission(), assetreg_app.edit_session(), assetreg_app.asset_values(to_jsonb(o))
      FROM old_rows o;
    RETURN NULL;
END
$$;

-- An asset as it was at a given time: the values of its last change at or before then
-- (NULL when it did not exist yet or had been deleted).
CREATE FUNCTION assetreg_app.asset_as_of(asset uuid, at_time timestamptz) RETURNS jsonb
    LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN h.operation = 'delete' THEN NULL ELSE h.new_values END
      FROM assetreg.asset_history h
     WHERE h.asset_uid = asset AND h.changed_at <= at_time
     ORDER BY h.changed_at DESC, h.id DESC
     LIMIT 1
$$;

COMMENT ON FUNCTION assetreg_app.asset_as_of(uuid, timestamptz) IS
    '部件在某一时刻的属性 / An asset''s values as they were at a given time';
