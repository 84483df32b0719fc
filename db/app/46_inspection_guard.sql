-- Inspection records come only through an import (issue 13). An import links each record to its asset and
-- grid, updates the asset's condition and leaves a submission (storage/inspections.py, run in the import's
-- transaction); a record written any other way (a QGIS survey layer saved without the plugin, a psql INSERT)
-- would sit unlinked, outside the indicators. So a registry role's INSERT is refused unless the import of
-- this session is running (current_submission()). The plugin's survey forms and night patrol save through
-- the import (storage/surveys.py, storage/patrols.py). The admin and a superuser keep the direct way: they
-- alone correct records, and the test fixtures set up records as the superuser.
CREATE FUNCTION assetreg_app.inspection_only_through_an_import() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF assetreg_app.current_submission() IS NULL AND NOT assetreg_app.session_holds('assetreg_admin') THEN
        PERFORM assetreg_app.refuse('AR040', 'refusal.inspection.only_through_an_import',
                                    jsonb_build_object('table', TG_TABLE_NAME), TG_TABLE_SCHEMA, TG_TABLE_NAME);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER only_through_an_import BEFORE INSERT ON assetreg.inspection
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.inspection_only_through_an_import();
