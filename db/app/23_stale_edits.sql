-- A stale edit refused in words (issue 17): optimistic locking on the asset's updated_at, no new column.
-- An editor's client (the plugin's QGIS layers, qgis_common/stale_edits.py) sends with every change of
-- a saved asset its updated_at as it read it. Where that is older than the row's, someone saved the
-- asset since: the update is refused (AR031) with when and by whom, and nothing of it is written.
-- The comparison is to the millisecond, the precision a QGIS date-time keeps. Whatever time an update
-- carries that is not stale (the version as read, an upsert's now(), a time in the future) is put back
-- to the row's own, so that touch_update (40_triggers.sql) stamps the change with the server's clock:
-- no client sets an asset's version, and none can set it ahead to make every other editor stale.
-- A client that sends no updated_at (psql, the CLI) is not checked. Named to run before touch_update and locate_update:
-- PostgreSQL fires a table's triggers in name order.

CREATE FUNCTION assetreg_app.refuse_stale_edit() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    changed_by text;
    zone text := (SELECT p.body ->> 'timezone' FROM assetreg.city_profile p LIMIT 1);
BEGIN
    IF date_trunc('milliseconds', NEW.updated_at) < date_trunc('milliseconds', OLD.updated_at) THEN
        BEGIN  -- who saved it last, where this login may read the history
            SELECT h.changed_by INTO changed_by FROM assetreg.asset_history h
             WHERE h.asset_uid = OLD.uid ORDER BY h.changed_at DESC LIMIT 1;
        EXCEPTION WHEN insufficient_privilege THEN
            changed_by := NULL;
        END;
        PERFORM assetreg_app.refuse('AR031', 'refusal.edit.stale',
            jsonb_build_object(
                'component_id', OLD.component_id,
                'changed_at', to_char(OLD.updated_at AT TIME ZONE coalesce(zone, 'UTC'), 'YYYY-MM-DD HH24:MI:SS'),
                'changed_by', coalesce(changed_by, OLD.created_by)),
            TG_TABLE_SCHEMA, TG_TABLE_NAME, 'updated_at');
    END IF;
    NEW.updated_at := OLD.updated_at;
    RETURN NEW;
END
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.refuse_stale_edit()', 'object.refuse_stale_edit');

DO $$
DECLARE
    family_table text;
BEGIN
    FOR family_table IN SELECT table_name FROM assetreg_app.family_tables() LOOP
        EXECUTE format('CREATE TRIGGER check_version BEFORE UPDATE ON assetreg.%I FOR EACH ROW'
                       ' WHEN (NEW.updated_at IS DISTINCT FROM OLD.updated_at)'
                       ' EXECUTE FUNCTION assetreg_app.refuse_stale_edit()', family_table);
    END LOOP;
END
$$;
