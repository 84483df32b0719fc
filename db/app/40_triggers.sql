-- The row triggers on every family table for single edits (QGIS, psql): time stamps and
-- location (the history triggers are made in 15_history.sql, which stands on its own). They
-- carry WHEN conditions that an import's set-based statements never meet, so they cost a bulk
-- import nothing.

DO $$
DECLARE
    family_table text;
BEGIN
    FOR family_table IN SELECT table_name FROM assetreg_app.family_tables() LOOP
        EXECUTE format('CREATE TRIGGER stamp_insert BEFORE INSERT ON assetreg.%I FOR EACH ROW'
                       ' WHEN (NEW.uid IS NULL OR NEW.created_at IS NULL OR NEW.updated_at IS NULL OR NEW.created_by IS NULL'
                       ' OR NEW.created_session IS NULL OR NEW.fid IS NULL)'
                       ' EXECUTE FUNCTION assetreg_app.stamp_row()', family_table);
        EXECUTE format('CREATE TRIGGER locate_insert BEFORE INSERT ON assetreg.%I FOR EACH ROW'
                       ' WHEN (NEW.located_at IS NULL) EXECUTE FUNCTION assetreg_app.locate_row()', family_table);
        EXECUTE format('CREATE TRIGGER locate_update BEFORE UPDATE OF geom ON assetreg.%I FOR EACH ROW'
                       ' WHEN (NEW.geom IS DISTINCT FROM OLD.geom AND NEW.located_at IS NOT DISTINCT FROM OLD.located_at)'
                       ' EXECUTE FUNCTION assetreg_app.locate_row()', family_table);
        EXECUTE format('CREATE TRIGGER touch_update BEFORE UPDATE ON assetreg.%I FOR EACH ROW'
                       ' WHEN (NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at)'
                       ' EXECUTE FUNCTION assetreg_app.touch_row()', family_table);
    END LOOP;
END
$$;
