-- The night patrols' findings (巡查记录) tallied by month and by the light's key (grid,
-- maintainer, road class, status), for the patrol lighting rate of a month: a few thousand rows
-- instead of a month's patrols each joined to its light.
--
-- Kept like the asset tally (68_tally.sql), by delta rows in the transaction of the change: a
-- patrol inserted, changed or deleted adds its findings under its light's key; a light whose key
-- changes, or that is deleted, moves its findings. A patrol and a change of its light may come
-- at once from two transactions: both take the light's lock (69_lights_off.sql) before they read
-- the other's table. A change of the profile (its time zone) or a TRUNCATE outdates the tally;
-- kpi_patrol_tally_refresh() rebuilds it, alone, and folds the delta rows.

CREATE TABLE assetreg_app.kpi_patrol_tally (
    month date NOT NULL,             -- the month of the patrols, in the city's time zone
    located_grid text,
    maintainer text,
    road_class text,
    status text,
    findings bigint NOT NULL,
    lit bigint NOT NULL,
    latest_initial date,             -- no light counted here has a later initial date
    latest_at timestamptz            -- no patrol counted here is later
);
CREATE INDEX kpi_patrol_tally_month_idx ON assetreg_app.kpi_patrol_tally (month);

INSERT INTO assetreg_app.kpi_tally_state (family) VALUES ('kpi_patrol_tally');

-- The findings of the patrols `patrols` (a table or a query) of the lights `lights`, tallied,
-- counted `sign` times.
CREATE FUNCTION assetreg_app.kpi_patrol_tally_sql(patrols text, lights text, sign integer) RETURNS text
    LANGUAGE sql STABLE AS $$
    SELECT format(
        'SELECT date_trunc(''month'', i.inspected_at AT TIME ZONE %1$L)::date AS month, s.located_grid::text,'
        ' s.maintainer_name::text AS maintainer, s.road_class::text, s.status::text,'
        ' %4$s * count(*) AS findings, %4$s * count(*) FILTER (WHERE i.lit) AS lit,'
        ' max(s.initial_date) AS latest_initial, max(i.inspected_at) AS latest_at'
        ' FROM %2$s i JOIN %3$s s ON s.uid = i.asset_uid'
        ' WHERE i.kind = ''lighting_patrol'' AND i.asset_family = ''streetlight'' AND i.lit IS NOT NULL'
        ' GROUP BY 1, 2, 3, 4, 5',
        p.body ->> 'timezone', patrols, lights, sign)
      FROM assetreg.city_profile p
$$;

-- The INSERT of the delta rows of `changes` (deltas as kpi_patrol_tally_sql gives them). The
-- trigger functions EXECUTE it themselves: only they see their transition tables.
CREATE FUNCTION assetreg_app.kpi_patrol_tally_insert(changes text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT format(
        'INSERT INTO assetreg_app.kpi_patrol_tally'
        ' SELECT d.month, d.located_grid, d.maintainer, d.road_class, d.status, sum(d.findings), sum(d.lit),'
        '        max(d.latest_initial) FILTER (WHERE d.findings > 0), max(d.latest_at) FILTER (WHERE d.findings > 0)'
        '   FROM (%s) d GROUP BY 1, 2, 3, 4, 5'
        ' HAVING sum(d.findings) <> 0 OR sum(d.lit) <> 0'
        '     OR max(d.latest_at) FILTER (WHERE d.findings > 0) > max(d.latest_at) FILTER (WHERE d.findings < 0)'
        '     OR max(d.latest_initial) FILTER (WHERE d.findings > 0) > max(d.latest_initial) FILTER (WHERE d.findings < 0)',
        changes)
$$;

CREATE FUNCTION assetreg_app.kpi_patrol_tally_of_patrols() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    assets uuid[];
    changes text[] := '{}';
BEGIN
    IF pg_trigger_depth() > 1 THEN  -- the update of superseded_at by the patrol triggers
        RETURN NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        assets := ARRAY(SELECT n.asset_uid FROM new_rows n WHERE n.kind = 'lighting_patrol');
        changes := changes || assetreg_app.kpi_patrol_tally_sql('new_rows', 'assetreg.streetlight', 1);
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        assets := assets || ARRAY(SELECT o.asset_uid FROM old_rows o WHERE o.kind = 'lighting_patrol');
        changes := changes || assetreg_app.kpi_patrol_tally_sql('old_rows', 'assetreg.streetlight', -1);
    END IF;
    PERFORM assetreg_app.kpi_light_off_lock(assets);  -- then the lights are read as committed
    EXECUTE assetreg_app.kpi_patrol_tally_insert(array_to_string(changes, ' UNION ALL '));
    RETURN NULL;
END
$$;

CREATE FUNCTION assetreg_app.kpi_patrol_tally_of_lights() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    assets uuid[];
    patrols text := '(SELECT * FROM assetreg.inspection x WHERE x.asset_uid = ANY ($1))';
BEGIN
    IF TG_OP = 'DELETE' THEN
        assets := ARRAY(SELECT o.uid FROM old_rows o);
        IF cardinality(assets) > 0 THEN
            PERFORM assetreg_app.kpi_light_off_lock(assets);
            EXECUTE assetreg_app.kpi_patrol_tally_insert(assetreg_app.kpi_patrol_tally_sql(patrols, 'old_rows', -1))
            USING assets;
        END IF;
        RETURN NULL;
    END IF;
    assets := ARRAY(SELECT n.uid FROM new_rows n JOIN old_rows o ON o.uid = n.uid
                     WHERE (n.located_grid, n.maintainer_name::text, n.road_class, n.status, n.initial_date)
                           IS DISTINCT FROM (o.located_grid, o.maintainer_name::text, o.road_class, o.status, o.initial_date));
    IF cardinality(assets) > 0 THEN
        PERFORM assetreg_app.kpi_light_off_lock(assets);
        EXECUTE assetreg_app.kpi_patrol_tally_insert(
            assetreg_app.kpi_patrol_tally_sql(patrols, 'new_rows', 1) || ' UNION ALL '
            || assetreg_app.kpi_patrol_tally_sql(patrols, 'old_rows', -1))
        USING assets;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION assetreg_app.kpi_patrol_tally_refresh() RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    state record;
    rows_now bigint;
BEGIN
    SELECT s.* INTO state FROM assetreg_app.kpi_tally_state s
     WHERE s.family = 'kpi_patrol_tally'
       AND (s.built IS DISTINCT FROM s.generation
            OR pg_stat_get_live_tuples('assetreg_app.kpi_patrol_tally'::regclass) > 2 * s.built_rows + 1000)
       FOR UPDATE SKIP LOCKED;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('assetreg_app.kpi_light_off'));
    IF state.built = state.generation THEN  -- fold the delta rows
        WITH gone AS (DELETE FROM assetreg_app.kpi_patrol_tally RETURNING *)
        INSERT INTO assetreg_app.kpi_patrol_tally
        SELECT g.month, g.located_grid, g.maintainer, g.road_class, g.status, sum(g.findings), sum(g.lit),
               max(g.latest_initial), max(g.latest_at)
          FROM gone g GROUP BY 1, 2, 3, 4, 5
        HAVING sum(g.findings) <> 0;
    ELSE
        EXECUTE format('WITH gone AS (DELETE FROM assetreg_app.kpi_patrol_tally) INSERT INTO assetreg_app.kpi_patrol_tally %s',
                       assetreg_app.kpi_patrol_tally_sql('assetreg.inspection', 'assetreg.streetlight', 1));
    END IF;
    GET DIAGNOSTICS rows_now = ROW_COUNT;
    UPDATE assetreg_app.kpi_tally_state s SET built = state.generation, built_rows = rows_now
     WHERE s.family = 'kpi_patrol_tally';
    RETURN CASE WHEN state.built = state.generation THEN 0 ELSE 1 END;
END
$$;
-- whoever reads the indicators brings it up to date first
REVOKE ALL ON FUNCTION assetreg_app.kpi_patrol_tally_refresh() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assetreg_app.kpi_patrol_tally_refresh() TO assetreg_viewer, assetreg_crew, assetreg_editor, assetreg_standards, assetreg_contractor, assetreg_admin;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.kpi_patrol_tally_refresh()', 'object.kpi_patrol_tally_refresh');

-- named to fire after spans_insert/_update/_delete (45_patrols.sql) and the spans of 69_lights_off.sql
CREATE TRIGGER spans_then_patrol_tally_insert AFTER INSERT ON assetreg.inspection REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.kpi_patrol_tally_of_patrols();
CREATE TRIGGER spans_then_patrol_tally_update AFTER UPDATE ON assetreg.inspection
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.kpi_patrol_tally_of_patrols();
CREATE TRIGGER spans_then_patrol_tally_delete AFTER DELETE ON assetreg.inspection REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.kpi_patrol_tally_of_patrols();
CREATE TRIGGER patrol_tally_update AFTER UPDATE ON assetreg.streetlight
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.kpi_patrol_tally_of_lights();
CREATE TRIGGER patrol_tally_delete AFTER DELETE ON assetreg.streetlight REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.kpi_patrol_tally_of_lights();
CREATE TRIGGER patrol_tally_truncate AFTER TRUNCATE ON assetreg.streetlight
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.kpi_outdate_trigger('kpi_patrol_tally');
CREATE TRIGGER patrol_tally_truncate AFTER TRUNCATE ON assetreg.inspection
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.kpi_outdate_trigger('kpi_patrol_tally');
