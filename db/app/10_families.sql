-- The asset family tables: every table of the registry schema that carries both a component
-- identifier and the location columns (all families since revision 0002). Cases are located
-- too (revision 0003) but have no component_id of their own: they link to assets.

CREATE FUNCTION assetreg_app.family_tables() RETURNS TABLE (table_name text)
    LANGUAGE sql STABLE AS $$
    SELECT c.table_name::text
      FROM information_schema.columns c
     WHERE c.table_schema = 'assetreg' AND c.column_name = 'located_grid'
       AND EXISTS (SELECT 1 FROM information_schema.columns i
                    WHERE i.table_schema = 'assetreg' AND i.table_name = c.table_name AND i.column_name = 'component_id')
     ORDER BY 1
$$;
