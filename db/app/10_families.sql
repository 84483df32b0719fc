-- The asset family tables: every table of the registry schema that carries the
-- location columns (all families since revision 0002).

CREATE FUNCTION assetreg_app.family_tables() RETURNS TABLE (table_name text)
    LANGUAGE sql STABLE AS $$
    SELECT c.table_name::text
      FROM information_schema.columns c
     WHERE c.table_schema = 'assetreg' AND c.column_name = 'located_grid'
     ORDER BY 1
$$;
