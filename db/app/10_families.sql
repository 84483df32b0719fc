-- The asset family tables: every table of the registry schema that is located (located_grid)
-- and holds one row per component (a unique key of component_id alone). Cases are located
-- too (revision 0003) but have no component_id of their own: they link to assets. Inspections
-- (revision 0004) are located and name a component_id, but a component has many of them: they
-- are records about assets, not assets.

CREATE FUNCTION assetreg_app.family_tables() RETURNS TABLE (table_name text)
    LANGUAGE sql STABLE AS $$
    SELECT c.relname::text
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'assetreg' AND c.relkind = 'r'
       AND EXISTS (SELECT 1 FROM pg_attribute a
                    WHERE a.attrelid = c.oid AND a.attname = 'located_grid' AND NOT a.attisdropped)
       AND EXISTS (SELECT 1 FROM pg_index x
                     JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[0]
                    WHERE x.indrelid = c.oid AND x.indisunique AND x.indnkeyatts = 1 AND a.attname = 'component_id')
     ORDER BY 1
$$;

-- Whether a table of the registry has a column (a family's road_class, say).
CREATE FUNCTION assetreg_app.family_has_column(family text, column_name text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT EXISTS (SELECT 1 FROM pg_attribute a
                    WHERE a.attrelid = to_regclass(format('assetreg.%I', family)) AND a.attname = column_name
                      AND a.attnum > 0 AND NOT a.attisdropped)
$$;
