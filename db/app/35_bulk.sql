-- Bulk loads: when an import brings at least as many assets as the family table holds,
-- its foreign keys to the code lists, its primary and unique keys and its indexes are set
-- aside before the insert and restored after it, in the same transaction (PostgreSQL's
-- advice for populating a database): one set-based check per key and one sorted build per
-- index instead of a check and an index insertion per row. A duplicate the delivery brought
-- makes the restored unique key fail, so the whole import is refused, as it would have been
-- row by row. A key that another table's foreign key refers to stays in place.
--
-- SECURITY DEFINER, because only the owner may alter the table. What may be set aside and how
-- it is rebuilt is taken once, when this schema is built by the upgrade, from the family tables
-- the standard derived (assetreg_app.family_keys: names and columns, never SQL text), so nothing
-- a user can write is ever executed. The keys can be set aside only inside the caller's own
-- import (a running submission of the session user, see current_submission), and a transaction
-- that ends with keys still set aside cannot commit (a deferred constraint trigger refuses it).

-- The keys and indexes each family table has as the standard derived it.
CREATE TABLE assetreg_app.family_keys (
    table_name text NOT NULL,
    name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('primary', 'unique', 'foreign', 'index')),
    columns text[] NOT NULL,
    ref_schema text,
    ref_table text,
    ref_columns text[],
    method text,
    is_unique boolean NOT NULL DEFAULT false,
    PRIMARY KEY (table_name, name)
);

INSERT INTO assetreg_app.family_keys (table_name, name, kind, columns, ref_schema, ref_table, ref_columns)
SELECT t.table_name, c.conname,
       CASE c.contype WHEN 'p' THEN 'primary' WHEN 'u' THEN 'unique' ELSE 'foreign' END,
       ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
               JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.n),
       rn.nspname, r.relname,
       ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n)
               JOIN pg_catalog.pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.n)
  FROM assetreg_app.family_tables() t
  JOIN pg_catalog.pg_constraint c ON c.conrelid = format('assetreg.%I', t.table_name)::regclass
  LEFT JOIN pg_catalog.pg_class r ON r.oid = c.confrelid
  LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
 WHERE (c.contype = 'f' AND c.confupdtype = 'a' AND c.confdeltype = 'a' AND c.confmatchtype = 's'
        AND cardinality(c.conkey) = 1)
    OR (c.contype IN ('p', 'u') AND NOT EXISTS (
            SELECT 1 FROM pg_catalog.pg_constraint f
             WHERE f.contype = 'f' AND f.confrelid = c.conrelid AND f.conindid = c.conindid));

-- plain indexes of columns only (no expression, no predicate, no INCLUDE)
INSERT INTO assetreg_app.family_keys (table_name, name, kind, columns, method, is_unique)
SELECT t.table_name, i.relname, 'index',
       ARRAY(SELECT a.attname::text FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, n)
               JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum ORDER BY k.n),
       m.amname, x.indisunique
  FROM assetreg_app.family_tables() t
  JOIN pg_catalog.pg_index x ON x.indrelid = format('assetreg.%I', t.table_name)::regclass
  JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
  JOIN pg_catalog.pg_am m ON m.oid = i.relam
 WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = x.indexrelid)
   AND x.indexprs IS NULL AND x.indpred IS NULL AND x.indnkeyatts = x.indnatts AND 0 <> ALL (x.indkey::int2[]);

-- Whether the table has this key or index now (set aside, it has not): the family tables' keys here and the
-- case tables' (66_case_history_bulk.sql) are both asked this way.
CREATE FUNCTION assetreg_app.table_key_present(key_kind text, key_table text, key_name text) RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN key_kind = 'index'
                THEN EXISTS (SELECT 1 FROM pg_catalog.pg_class i
                              WHERE i.relname = key_name AND i.relnamespace = 'assetreg'::regnamespace AND i.relkind = 'i')
                ELSE EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c
                              WHERE c.conrelid = format('assetreg.%I', key_table)::regclass AND c.conname = key_name)
           END
$$;

-- "a", "b" of column names, each quoted as an identifier.
CREATE FUNCTION assetreg_app.quoted_columns(names text[]) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT string_agg(format('%I', c), ', ' ORDER BY n) FROM unnest(names) WITH ORDINALITY x(c, n)
$$;

-- The families whose keys this transaction has set aside; written only by the functions below.
CREATE TABLE assetreg_app.bulk_suspension (
    table_name text PRIMARY KEY,
    suspended_by text NOT NULL DEFAULT session_user,
    submission_id bigint NOT NULL
);

CREATE FUNCTION assetreg_app.bulk_suspension_must_end() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM assetreg_app.bulk_suspension s WHERE s.table_name = NEW.table_name) THEN
        PERFORM assetreg_app.refuse('AR010', 'refusal.bulk.keys_still_set_aside', jsonb_build_object('table', NEW.table_name));
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION assetreg_app.bulk_suspension_must_end() FROM PUBLIC;

-- at commit (deferred), and at once for a session that asked for immediate constraints
CREATE CONSTRAINT TRIGGER bulk_suspension_must_end AFTER INSERT ON assetreg_app.bulk_suspension
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION assetreg_app.bulk_suspension_must_end();

-- The caller imports into this family now: a family table, which the session user may insert
-- into, inside a running import of its own.
CREATE FUNCTION assetreg_app.check_bulk_caller(family_table text) RETURNS bigint
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    submission bigint := assetreg_app.current_submission();
BEGIN
    IF family_table IS NULL OR NOT EXISTS (SELECT 1 FROM assetreg_app.family_keys k WHERE k.table_name = family_table) THEN
        PERFORM assetreg_app.refuse('P0001', 'refusal.bulk.not_a_family_table', jsonb_build_object('table', family_table));
    END IF;
    IF NOT has_table_privilege(session_user, format('assetreg.%I', family_table), 'INSERT') THEN
        PERFORM assetreg_app.refuse('42501', 'refusal.bulk.insert_not_allowed', jsonb_build_object('table', family_table));
    END IF;
    IF submission IS NULL THEN
        PERFORM assetreg_app.refuse('42501', 'refusal.bulk.no_import_of_yours');
    END IF;
    RETURN submission;
END
$$;

CREATE FUNCTION assetreg_app.suspend_for_bulk_load(family_table text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    submission bigint := assetreg_app.check_bulk_caller(family_table);
    item record;
    suspended integer := 0;
BEGIN
    INSERT INTO assetreg_app.bulk_suspension (table_name, submission_id) VALUES (family_table, submission);
    FOR item IN
        SELECT k.name, k.kind FROM assetreg_app.family_keys k
         WHERE k.table_name = family_table
           AND assetreg_app.table_key_present(k.kind, k.table_name, k.name)
         ORDER BY k.kind = 'index', k.name
    LOOP
        IF item.kind = 'index' THEN
            EXECUTE format('DROP INDEX assetreg.%I', item.name);
        ELSE
            EXECUTE format('ALTER TABLE assetreg.%I DROP CONSTRAINT %I', family_table, item.name);
        END IF;
        suspended := suspended + 1;
    END LOOP;
    RETURN suspended;
END
$$;

-- Each index is built once, sorted: memory enough for a sort of a million keys.
CREATE FUNCTION assetreg_app.restore_after_bulk_load(family_table text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp SET maintenance_work_mem = '256MB' AS $$
DECLARE
    item record;
    restored integer := 0;
    column_list text;
BEGIN
    PERFORM assetreg_app.check_bulk_caller(family_table);
    DELETE FROM assetreg_app.bulk_suspension s WHERE s.table_name = family_table AND s.suspended_by = session_user;
    IF NOT FOUND THEN
        PERFORM assetreg_app.refuse('P0001', 'refusal.bulk.keys_not_set_aside_by_you', jsonb_build_object('table', family_table));
    END IF;
    FOR item IN
        SELECT k.* FROM assetreg_app.family_keys k
         WHERE k.table_name = family_table
           AND NOT assetreg_app.table_key_present(k.kind, k.table_name, k.name)
         ORDER BY k.kind <> 'primary', k.kind <> 'unique', k.name
    LOOP
        column_list := assetreg_app.quoted_columns(item.columns);
        EXECUTE CASE item.kind
            WHEN 'primary' THEN format('ALTER TABLE assetreg.%I ADD CONSTRAINT %I PRIMARY KEY (%s)',
                                       family_table, item.name, column_list)
            WHEN 'unique' THEN format('ALTER TABLE assetreg.%I ADD CONSTRAINT %I UNIQUE (%s)',
                                      family_table, item.name, column_list)
            WHEN 'foreign' THEN format('ALTER TABLE assetreg.%I ADD CONSTRAINT %I FOREIGN KEY (%s) REFERENCES %I.%I (%s)',
                                       family_table, item.name, column_list, item.ref_schema, item.ref_table,
                                       assetreg_app.quoted_columns(item.ref_columns))
            ELSE format('CREATE %s INDEX %I ON assetreg.%I USING %I (%s)', CASE WHEN item.is_unique THEN 'UNIQUE' ELSE '' END,
                        item.name, family_table, item.method, column_list)
        END;
        restored := restored + 1;
    END LOOP;
    RETURN restored;
END
$$;

REVOKE ALL ON FUNCTION assetreg_app.suspend_for_bulk_load(text), assetreg_app.restore_after_bulk_load(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assetreg_app.suspend_for_bulk_load(text), assetreg_app.restore_after_bulk_load(text)
    TO assetreg_editor, assetreg_standards, assetreg_admin;
