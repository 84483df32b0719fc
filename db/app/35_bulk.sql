-- Bulk loads: when an import brings at least as many assets as the family table holds,
-- its foreign keys to the code lists, its primary and unique keys and its indexes are set
-- aside before the insert and restored after it, in the same transaction (PostgreSQL's
-- advice for populating a database): one set-based check per key and one sorted build per
-- index instead of a check and an index insertion per row. A duplicate the delivery brought
-- makes the restored unique key fail, so the whole import is refused, as it would have been
-- row by row. A key that another table's foreign key refers to stays in place. If anything
-- fails, the transaction takes the suspension back with it. SECURITY DEFINER, because only the owner may alter the table;
-- the caller must be allowed to insert into it, and the definitions restored come only
-- from the catalog, kept in assetreg.bulk_suspended, which no one else can write.

-- While its unique key of component_id is set aside, a family table is known as one by what
-- was set aside (assetreg.bulk_suspended, written only by the suspension below).
CREATE FUNCTION assetreg_app.check_bulk_caller(family_table text) RETURNS void
    LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF family_table NOT IN (SELECT table_name FROM assetreg_app.family_tables()
                            UNION ALL SELECT table_name FROM assetreg.bulk_suspended) THEN
        RAISE EXCEPTION 'not an asset family table: %', family_table;
    END IF;
    IF NOT has_table_privilege(session_user, format('assetreg.%I', family_table), 'INSERT') THEN
        RAISE EXCEPTION 'permission denied for table %', family_table USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;

CREATE FUNCTION assetreg_app.suspend_for_bulk_load(family_table text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    item record;
    suspended integer := 0;
BEGIN
    PERFORM assetreg_app.check_bulk_caller(family_table);
    FOR item IN
        SELECT c.conname AS name, 'constraint' AS kind, pg_get_constraintdef(c.oid) AS definition
          FROM pg_constraint c
         WHERE c.conrelid = format('assetreg.%I', family_table)::regclass
           AND (c.contype = 'f'
                OR (c.contype IN ('p', 'u') AND NOT EXISTS (
                        SELECT 1 FROM pg_constraint r
                         WHERE r.contype = 'f' AND r.confrelid = c.conrelid AND r.conindid = c.conindid)))
        UNION ALL
        SELECT i.relname, 'index', pg_get_indexdef(i.oid)
          FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
         WHERE x.indrelid = format('assetreg.%I', family_table)::regclass
           AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
         ORDER BY 2, 1
    LOOP
        INSERT INTO assetreg.bulk_suspended (table_name, name, kind, definition)
        VALUES (family_table, item.name, item.kind, item.definition);
        IF item.kind = 'constraint' THEN
            EXECUTE format('ALTER TABLE assetreg.%I DROP CONSTRAINT %I', family_table, item.name);
        ELSE
            EXECUTE format('DROP INDEX assetreg.%I', item.name);
        END IF;
        suspended := suspended + 1;
    END LOOP;
    RETURN suspended;
END
$$;

-- Each index is built once, sorted: memory enough for a sort of a million keys.
CREATE FUNCTION assetreg_app.restore_after_bulk_load(family_table text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public SET maintenance_work_mem = '256MB' AS $$
DECLARE
    item record;
    restored integer := 0;
BEGIN
    PERFORM assetreg_app.check_bulk_caller(family_table);
    FOR item IN DELETE FROM assetreg.bulk_suspended WHERE table_name = family_table RETURNING * LOOP
        IF item.kind = 'constraint' THEN
            EXECUTE format('ALTER TABLE assetreg.%I ADD CONSTRAINT %I %s', family_table, item.name, item.definition);
        ELSE
            EXECUTE item.definition;
        END IF;
        restored := restored + 1;
    END LOOP;
    RETURN restored;
END
$$;

