-- Historical cases in bulk (issue 15): when a history load brings at least as many cases as the registry
-- holds (a city moving its platform's years in), the case tables' foreign keys and plain secondary indexes
-- are set aside before the load's inserts and restored after them, in the same transaction, as 35_bulk.sql
-- does for the asset families: one set-based check per key (ALTER TABLE ... ADD FOREIGN KEY validates the
-- whole table in one join) and one sorted build per index, instead of a key lookup and an index insertion
-- per case and per event (about half of the load's time row by row). A failure anywhere rolls the whole
-- import back, the dropped keys with it; a transaction that ends with keys still set aside cannot commit
-- (35_bulk.sql's deferred trigger on assetreg_app.bulk_suspension).
--
-- What is set aside: every foreign key the case tables hold (single column, as derived) and every index of
-- columns only (no predicate, expression or INCLUDE; not a primary or unique key). The primary keys, the
-- case number's unique key and the partial and expression indexes stay (other tables refer to the keys;
-- the partial indexes are small or cover open cases only). Taken once, when this schema is built, from the
-- catalog as names and columns (never SQL text), like assetreg_app.family_keys.
--
-- Only the case flow's load may call these (EXECUTE granted to assetreg_case_flow alone), inside a running
-- import of the session user's own.

CREATE TABLE assetreg_app.case_bulk_keys (
    table_name text NOT NULL,
    name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('foreign', 'index')),
    columns text[] NOT NULL,
    ref_table text,
    ref_columns text[],
    on_delete "char",
    method text,
    PRIMARY KEY (table_name, name)
);

INSERT INTO assetreg_app.case_bulk_keys (table_name, name, kind, columns, ref_table, ref_columns, on_delete)
SELECT t.table_name, c.conname, 'foreign',
       ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
               JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.n),
       r.relname,
       ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n)
               JOIN pg_catalog.pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.n),
       c.confdeltype
  FROM unnest(ARRAY['work_order', 'work_order_event']) t(table_name)
  JOIN pg_catalog.pg_constraint c ON c.conrelid = format('assetreg.%I', t.table_name)::regclass
  JOIN pg_catalog.pg_class r ON r.oid = c.confrelid AND r.relnamespace = 'assetreg'::regnamespace
 WHERE c.contype = 'f' AND c.confupdtype = 'a' AND c.confdeltype IN ('a', 'c') AND c.confmatchtype = 's'
   AND cardinality(c.conkey) = 1 AND NOT c.condeferrable;

INSERT INTO assetreg_app.case_bulk_keys (table_name, name, kind, columns, method)
SELECT t.table_name, i.relname, 'index',
       ARRAY(SELECT a.attname::text FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, n)
               JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum ORDER BY k.n),
       m.amname
  FROM unnest(ARRAY['work_order', 'work_order_event']) t(table_name)
  JOIN pg_catalog.pg_index x ON x.indrelid = format('assetreg.%I', t.table_name)::regclass
  JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
  JOIN pg_catalog.pg_am m ON m.oid = i.relam
 WHERE NOT x.indisunique AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = x.indexrelid)
   AND x.indexprs IS NULL AND x.indpred IS NULL AND x.indnkeyatts = x.indnatts AND 0 <> ALL (x.indkey::int2[]);

-- The caller is the case flow's load, inside a running import of the session user, who may import cases.
CREATE FUNCTION assetreg_app.case_bulk_check_caller() RETURNS bigint
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    submission bigint := assetreg_app.current_submission();
BEGIN
    IF NOT assetreg_app.session_holds('assetreg_admin', 'assetreg_editor') THEN
        PERFORM assetreg_app.refuse('AR005', 'refusal.case.history_not_allowed', jsonb_build_object('login', session_user));
    END IF;
    IF submission IS NULL THEN
        PERFORM assetreg_app.refuse('42501', 'refusal.bulk.no_import_of_yours');
    END IF;
    RETURN submission;
END
$$;

-- Sets the case tables' foreign keys and plain indexes aside (returns how many).
CREATE FUNCTION assetreg_app.case_history_set_keys_aside() RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    submission bigint := assetreg_app.case_bulk_check_caller();
    item record;
    suspended integer := 0;
BEGIN
    INSERT INTO assetreg_app.bulk_suspension (table_name, submission_id)
    VALUES ('work_order', submission), ('work_order_event', submission);
    FOR item IN
        SELECT k.table_name, k.name, k.kind FROM assetreg_app.case_bulk_keys k
         WHERE assetreg_app.table_key_present(k.kind, k.table_name, k.name)
         ORDER BY k.kind = 'index', k.table_name, k.name
    LOOP
        IF item.kind = 'index' THEN
            EXECUTE format('DROP INDEX assetreg.%I', item.name);
        ELSE
            EXECUTE format('ALTER TABLE assetreg.%I DROP CONSTRAINT %I', item.table_name, item.name);
        END IF;
        suspended := suspended + 1;
    END LOOP;
    RETURN suspended;
END
$$;

-- Restores what case_history_set_keys_aside set aside: each index built once, sorted; each foreign key
-- checked over the whole table in one statement (a load that broke one fails here, and rolls back).
CREATE FUNCTION assetreg_app.case_history_restore_keys() RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET maintenance_work_mem = '256MB' AS $$
DECLARE
    item record;
    restored integer := 0;
BEGIN
    PERFORM assetreg_app.case_bulk_check_caller();
    DELETE FROM assetreg_app.bulk_suspension s
     WHERE s.table_name IN ('work_order', 'work_order_event') AND s.suspended_by = session_user;
    IF NOT FOUND THEN
        PERFORM assetreg_app.refuse('P0001', 'refusal.bulk.keys_not_set_aside_by_you', jsonb_build_object('table', 'work_order'));
    END IF;
    FOR item IN
        SELECT k.* FROM assetreg_app.case_bulk_keys k
         WHERE NOT assetreg_app.table_key_present(k.kind, k.table_name, k.name)
         ORDER BY k.kind = 'foreign', k.table_name, k.name  -- the indexes first: the keys' checks may use them
    LOOP
        EXECUTE CASE item.kind
            WHEN 'foreign' THEN format('ALTER TABLE assetreg.%I ADD CONSTRAINT %I FOREIGN KEY (%s) REFERENCES assetreg.%I (%s)%s',
                                       item.table_name, item.name, assetreg_app.quoted_columns(item.columns), item.ref_table,
                                       assetreg_app.quoted_columns(item.ref_columns),
                                       CASE item.on_delete WHEN 'c' THEN ' ON DELETE CASCADE' ELSE '' END)
            ELSE format('CREATE INDEX %I ON assetreg.%I USING %I (%s)', item.name, item.table_name, item.method,
                        assetreg_app.quoted_columns(item.columns))
        END;
        restored := restored + 1;
    END LOOP;
    RETURN restored;
END
$$;

REVOKE ALL ON FUNCTION assetreg_app.case_history_set_keys_aside(), assetreg_app.case_history_restore_keys() FROM PUBLIC;
-- only the case flow's load (case_load_history, which runs as assetreg_case_flow) calls them
GRANT EXECUTE ON FUNCTION assetreg_app.case_history_set_keys_aside(), assetreg_app.case_history_restore_keys()
    TO assetreg_case_flow;
