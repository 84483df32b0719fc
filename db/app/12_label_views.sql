-- What a family's labels read (issue 17, the speed of the registry project): the key, the identifier and
-- the geometry, one view per family table. The project labels each family from its own label layer on
-- this view, shown from 1:5,000 in (qgis_common/labels.py): QGIS 3.22 registers every feature of a layer
-- with labels for labelling, even where its labels are out of scale, which at the full extent of a million
-- lights costs more than drawing them. A label layer out of its scale range is not read at all. The
-- views run as the user who reads them (security_invoker), so each role sees what it may see of the table.

DO $$
DECLARE
    family text;
BEGIN
    FOR family IN SELECT f.table_name FROM assetreg_app.family_tables() f LOOP
        EXECUTE pg_catalog.format(
            'CREATE VIEW assetreg_app.%I WITH (security_invoker = true) AS SELECT fid, component_id, geom FROM assetreg.%I',
            family || '_label', family);
        PERFORM assetreg_app.comment_on('VIEW', pg_catalog.format('assetreg_app.%I', family || '_label'),
                                        'object.asset_label');
    END LOOP;
END
$$;
