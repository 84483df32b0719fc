-- The asset tally (资产计数): every family's assets counted by what the indicators group and
-- judge them by (grid, maintainer, road class, status, the value the profile's intactness
-- definition reads) with the sum of their weight, so that the lights due and the intactness
-- rates of a million assets are read from a few thousand rows instead of a scan of the assets.
--
-- It is derived data, kept exact in the same transaction as the change it follows:
--   * an update or delete of assets (QGIS, psql, an import's update) adds delta rows, set-based,
--     from the statement's transition tables (shared with the history triggers);
--   * an insert outside an import (QGIS, psql) adds its row's delta;
--   * an import's insert (the one path that must not pay per row) and a TRUNCATE or a change of
--     the profile mark the family outdated instead: its generation moves on.
-- Which of the two an insert takes is decided by the transaction, never by the row: an import is a
-- transaction with a submission (assetreg.submission_id), and a row's created_submission says only
-- where it came from first (a light copied and pasted in QGIS carries its original's). The row
-- trigger's condition and the statement trigger's are each other's negation, so no insert is missed.
-- A family is read from the tally while it was built at its current generation, otherwise
-- straight from its table, which is always right, only slower. kpi_tally_refresh() rebuilds
-- the outdated families and folds the delta rows; `assetreg kpi` calls it before reading.
-- Delta rows are appended, never updated, so that concurrent editors do not queue on a counter.
-- The tally lives in this schema: it is rebuilt from the assets after every upgrade.

CREATE TABLE assetreg_app.kpi_tally (
    family text NOT NULL,
    located_grid text,
    maintainer text,
    road_class text,
    status text,
    value text,
    assets bigint NOT NULL,
    weighed bigint NOT NULL,         -- of them, those whose weight is known
    weight numeric NOT NULL,         -- the sum of their weights (1 each when counted)
    undated bigint NOT NULL,         -- of them, those without an initial date
    latest_initial date              -- no asset of the key has a later initial date (it may be earlier)
);
CREATE INDEX kpi_tally_family_idx ON assetreg_app.kpi_tally (family);

CREATE TABLE assetreg_app.kpi_tally_state (
    family text PRIMARY KEY,
    generation bigint NOT NULL DEFAULT 0,
    built bigint,                    -- the generation the tally was built at (NULL: never)
    built_rows bigint NOT NULL DEFAULT 0  -- its rows then: the delta rows are folded when they outgrow it
);

-- The SELECT that tallies `source` (the family table, or a transition table), counted `sign` times.
CREATE FUNCTION assetreg_app.kpi_tally_sql(family text, source text, sign integer) RETURNS text
    LANGUAGE sql STABLE AS $$
    WITH d AS (SELECT p.body -> 'indicators' -> 'intactness' -> family AS definition FROM assetreg.city_profile p)
    SELECT format(
        'SELECT %1$L::text AS family, located_grid::text, maintainer_name::text AS maintainer, %2$s::text AS road_class,'
        ' status::text, %3$s::text AS value, %6$s * count(*) AS assets, %6$s * count(%4$s) AS weighed,'
        ' %6$s * coalesce(sum(%4$s), 0) AS weight, %6$s * count(*) FILTER (WHERE initial_date IS NULL) AS undated,'
        ' max(initial_date) AS latest_initial'
        ' FROM %5$s GROUP BY 2, 3, 4, 5, 6',
        family,
        CASE WHEN assetreg_app.family_has_column(family, 'road_class') THEN 'road_class' ELSE 'NULL' END,
        CASE WHEN d.definition ->> 'field' IS NULL THEN 'NULL' ELSE format('%I', d.definition ->> 'field') END,
        CASE WHEN d.definition ->> 'weight' IS NULL OR d.definition ->> 'weight' = 'count' THEN '1::numeric'
             ELSE format('%I::numeric', d.definition ->> 'weight') END,
        source, sign)
      FROM d
$$;

CREATE FUNCTION assetreg_app.kpi_tally_fresh(family text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT EXISTS (SELECT 1 FROM assetreg_app.kpi_tally_state s WHERE s.family = kpi_tally_fresh.family
                                                                  AND s.built = s.generation)
$$;

-- The tally of a family as it stands in this transaction: from the tally when it is fresh,
-- else counted from the table.
CREATE FUNCTION assetreg_app.kpi_tally_of(family text)
    RETURNS TABLE (located_grid text, maintainer text, road_class text, status text, value text,
                   assets bigint, weighed bigint, weight numeric, undated bigint, latest_initial date)
    LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    IF assetreg_app.kpi_tally_fresh(family) THEN
        RETURN QUERY
        SELECT t.located_grid, t.maintainer, t.road_class, t.status, t.value, sum(t.assets)::bigint,
               sum(t.weighed)::bigint, sum(t.weight), sum(t.undated)::bigint, max(t.latest_initial)
          FROM assetreg_app.kpi_tally t
         WHERE t.family = kpi_tally_of.family
         GROUP BY 1, 2, 3, 4, 5
        HAVING sum(t.assets) <> 0;
    ELSE
        RETURN QUERY EXECUTE format('SELECT located_grid, maintainer, road_class, status, value, assets, weighed,'
                                    ' weight, undated, latest_initial FROM (%s) t',
                                    assetreg_app.kpi_tally_sql(family, format('assetreg.%I', family), 1));
    END IF;
END
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.kpi_tally_of(text)', 'object.kpi_tally_of');

CREATE FUNCTION assetreg_app.kpi_tally_outdate(family text) RETURNS void
    LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    UPDATE assetreg_app.kpi_tally_state s SET generation = s.generation + 1 WHERE s.family = kpi_tally_outdate.family
$$;

-- Rebuild the outdated families from their tables and fold the delta rows of the others.
-- A family's state row is locked while it is refreshed: a second refresher, or one that
-- meets an import still running (it holds the row to outdate it), skips the family, which
-- is then read from its table. The rebuild deletes and recounts in one statement, so that
-- it sees one snapshot: an edit committed after it keeps its own delta rows.
CREATE FUNCTION assetreg_app.kpi_tally_refresh() RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    families text[] := ARRAY(SELECT f.table_name FROM assetreg_app.family_tables() f);
    fold boolean;
    fam text;
    state record;
    rows_now bigint;
    rebuilt integer := 0;
BEGIN
    -- the families with work to do, found without a lock, then each locked if it is free
    -- whether the delta rows outgrew the tally is judged on the table's live-row statistics
    -- (cheap, approximate: a fold merely waits for the next refresh), then counted per family
    fold := pg_stat_get_live_tuples('assetreg_app.kpi_tally'::regclass)
            > 2 * (SELECT sum(s.built_rows) FROM assetreg_app.kpi_tally_state s WHERE s.family = ANY (families)) + 1000;
    FOR fam IN SELECT s.family FROM assetreg_app.kpi_tally_state s
                WHERE s.family = ANY (families)
                  AND (s.built IS DISTINCT FROM s.generation
                       OR (fold AND (SELECT count(*) FROM assetreg_app.kpi_tally t WHERE t.family = s.family)
                                    > 2 * s.built_rows + 1000))
                ORDER BY s.family LOOP
        SELECT s.* INTO state FROM assetreg_app.kpi_tally_state s WHERE s.family = fam FOR UPDATE SKIP LOCKED;
        CONTINUE WHEN NOT FOUND;
        IF state.built = state.generation THEN
            WITH gone AS (DELETE FROM assetreg_app.kpi_tally t WHERE t.family = fam RETURNING t.*)
            INSERT INTO assetreg_app.kpi_tally
            SELECT g.family, g.located_grid, g.maintainer, g.road_class, g.status, g.value, sum(g.assets),
                   sum(g.weighed), sum(g.weight), sum(g.undated), max(g.latest_initial)
              FROM gone g GROUP BY 1, 2, 3, 4, 5, 6
            HAVING sum(g.assets) <> 0;
        ELSE
            EXECUTE format('WITH gone AS (DELETE FROM assetreg_app.kpi_tally t WHERE t.family = %L)'
                           ' INSERT INTO assetreg_app.kpi_tally %s',
                           fam, assetreg_app.kpi_tally_sql(fam, format('assetreg.%I', fam), 1));
            rebuilt := rebuilt + 1;
        END IF;
        GET DIAGNOSTICS rows_now = ROW_COUNT;
        UPDATE assetreg_app.kpi_tally_state s SET built = state.generation, built_rows = rows_now WHERE s.family = fam;
    END LOOP;
    RETURN rebuilt;
END
$$;
-- whoever reads the indicators brings it up to date first
REVOKE ALL ON FUNCTION assetreg_app.kpi_tally_refresh() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assetreg_app.kpi_tally_refresh() TO assetreg_viewer, assetreg_crew, assetreg_editor, assetreg_standards, assetreg_contractor, assetreg_admin;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.kpi_tally_refresh()', 'object.kpi_tally_refresh');

-- == Keeping it ===================================================================================

CREATE FUNCTION assetreg_app.kpi_tally_of_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    changes text;
BEGIN
    -- written even while the tally is outdated: a rebuild running now may not see this change
    changes := CASE TG_OP
        WHEN 'UPDATE' THEN assetreg_app.kpi_tally_sql(TG_TABLE_NAME, 'new_rows', 1) || ' UNION ALL '
                           || assetreg_app.kpi_tally_sql(TG_TABLE_NAME, 'old_rows', -1)
        ELSE assetreg_app.kpi_tally_sql(TG_TABLE_NAME, 'old_rows', -1) END;
    -- an update that moves no asset to another key adds nothing (unless it dates one later)
    EXECUTE format(
        'INSERT INTO assetreg_app.kpi_tally'
        ' SELECT d.family, d.located_grid, d.maintainer, d.road_class, d.status, d.value, sum(d.assets),'
        '        sum(d.weighed), sum(d.weight), sum(d.undated), max(d.latest_initial) FILTER (WHERE d.assets > 0)'
        '   FROM (%s) d GROUP BY 1, 2, 3, 4, 5, 6'
        ' HAVING sum(d.assets) <> 0 OR sum(d.weighed) <> 0 OR sum(d.weight) <> 0 OR sum(d.undated) <> 0'
        '     OR max(d.latest_initial) FILTER (WHERE d.assets > 0) > max(d.latest_initial) FILTER (WHERE d.assets < 0)',
        changes);
    RETURN NULL;
END
$$;

CREATE FUNCTION assetreg_app.kpi_tally_of_insert() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    EXECUTE format('INSERT INTO assetreg_app.kpi_tally %s',
                   assetreg_app.kpi_tally_sql(TG_TABLE_NAME, '(SELECT ($1).*) r', 1))
    USING NEW;
    RETURN NULL;
END
$$;

CREATE FUNCTION assetreg_app.kpi_tally_of_import() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    -- an import's rows pass the row trigger by (its WHEN is the negation of this test). The setting
    -- is read, not checked: submission_guard (50_submissions.sql) has refused, before any row, an
    -- insert whose setting names anything but this session's running submission, so here it names
    -- exactly that (current_submission), read per row at the cost of a setting, not of a query.
    IF nullif(pg_catalog.current_setting('assetreg.submission_id', true), '') IS NOT NULL THEN
        PERFORM assetreg_app.kpi_tally_outdate(TG_TABLE_NAME);
    END IF;
    RETURN NULL;
END
$$;

-- A statement that outdates the derived tables named by the trigger's arguments (kpi_tally_state's
-- names: a family, kpi_light_off, kpi_patrol_tally), or every one of them when it names none.
CREATE FUNCTION assetreg_app.kpi_outdate_trigger() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    UPDATE assetreg_app.kpi_tally_state s SET generation = s.generation + 1
     WHERE TG_NARGS = 0 OR s.family = ANY (TG_ARGV);
    RETURN NULL;
END
$$;

INSERT INTO assetreg_app.kpi_tally_state (family) SELECT table_name FROM assetreg_app.family_tables();

DO $$
DECLARE
    family_table text;
BEGIN
    FOR family_table IN SELECT table_name FROM assetreg_app.family_tables() LOOP
        EXECUTE format('CREATE TRIGGER tally_update AFTER UPDATE ON assetreg.%I'
                       ' REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT'
                       ' EXECUTE FUNCTION assetreg_app.kpi_tally_of_change()', family_table);
        EXECUTE format('CREATE TRIGGER tally_delete AFTER DELETE ON assetreg.%I'
                       ' REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT'
                       ' EXECUTE FUNCTION assetreg_app.kpi_tally_of_change()', family_table);
        EXECUTE format('CREATE TRIGGER tally_insert AFTER INSERT ON assetreg.%I FOR EACH ROW'
                       ' WHEN (nullif(pg_catalog.current_setting(''assetreg.submission_id'', true), '''') IS NULL)'
                       ' EXECUTE FUNCTION assetreg_app.kpi_tally_of_insert()',
                       family_table);
        EXECUTE format('CREATE TRIGGER tally_import AFTER INSERT ON assetreg.%I FOR EACH STATEMENT'
                       ' EXECUTE FUNCTION assetreg_app.kpi_tally_of_import()', family_table);
        EXECUTE format('CREATE TRIGGER tally_truncate AFTER TRUNCATE ON assetreg.%I FOR EACH STATEMENT'
                       ' EXECUTE FUNCTION assetreg_app.kpi_outdate_trigger(%L)', family_table, family_table);
    END LOOP;
END
$$;

-- the profile says what every derived table counts (the outage classes, the time zone, the intactness fields)
CREATE TRIGGER kpi_profile AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON assetreg.city_profile
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.kpi_outdate_trigger();
