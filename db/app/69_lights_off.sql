-- When each light is off (熄灯时段), with the light's own key: the spans of the lighting rate's
-- two reasons (70_indicators.sql), so that the lights off at a moment, and their groups, are one
-- GiST lookup instead of a search of the cases and patrols and a lookup of every light off.
--   * open_case: an outage case (lighting.outage_matter_classes) linked to the light, never
--     refused or cancelled, is open over [reported_at, closed_at);
--   * patrol_unlit: an unlit night patrol holds from inspected_at until the light's next patrol
--     (superseded_at) or the first closing of an outage case of it after the patrol, whichever
--     comes first.
-- Each span carries the light's grid, maintainer, road class, status and initial date.
--
-- Derived data, kept in the transaction of the change: a light's spans are recomputed whenever a
-- patrol, an outage case or a case's link of it changes, and a light's key is copied when it
-- changes. Each light's recomputation holds a lock on that light, so two transactions never
-- write its spans at once. A change of the profile or a TRUNCATE outdates the whole table; it is
-- then read as 70_indicators.sql defines it (right, slower) until kpi_lights_off_refresh()
-- rebuilds it; that rebuild waits for the writers in progress and holds new ones back (shared and
-- exclusive advisory locks), as it replaces every span.

CREATE TABLE assetreg_app.kpi_light_off (
    asset_uid uuid NOT NULL,
    span tstzrange NOT NULL,
    reason text NOT NULL,
    case_no text,
    patrol_at timestamptz,
    located_grid text,
    maintainer text,
    road_class text,
    status text,
    initial_date date
);
CREATE INDEX kpi_light_off_span_idx ON assetreg_app.kpi_light_off USING gist (span);
CREATE INDEX kpi_light_off_asset_idx ON assetreg_app.kpi_light_off (asset_uid);

INSERT INTO assetreg_app.kpi_tally_state (family) VALUES ('kpi_light_off');

-- The spans of these lights (NULL: of every light), as the rules above define them.
CREATE FUNCTION assetreg_app.kpi_light_off_rows(assets uuid[])
    RETURNS SETOF assetreg_app.kpi_light_off
    LANGUAGE sql STABLE AS $$
    WITH outage AS (SELECT ARRAY(SELECT jsonb_array_elements_text(p.body -> 'lighting' -> 'outage_matter_classes')) AS classes
                      FROM assetreg.city_profile p),
    spans AS (
        SELECT a.asset_uid, tstzrange(w.reported_at, w.closed_at) AS span, 'open_case'::text AS reason,
               w.case_no::text AS case_no, NULL::timestamptz AS patrol_at
          FROM assetreg.work_order w
          JOIN assetreg.work_order_asset a ON a.work_order_id = w.id AND a.family = 'streetlight'
         CROSS JOIN outage
         WHERE w.matter_class = ANY (outage.classes) AND w.status NOT IN ('cancelled', 'refused')
           AND (assets IS NULL OR a.asset_uid = ANY (assets))
        UNION ALL
        SELECT i.asset_uid,
               tstzrange(i.inspected_at, least(i.superseded_at,
                   (SELECT min(w.closed_at)
                      FROM assetreg.work_order_asset a
                      JOIN assetreg.work_order w ON w.id = a.work_order_id
                     WHERE a.asset_uid = i.asset_uid AND a.family = 'streetlight'
                       AND w.matter_class = ANY (outage.classes) AND w.status = 'closed'
                       AND w.closed_at > i.inspected_at))),
               'patrol_unlit', NULL, i.inspected_at
          FROM assetreg.inspection i
         CROSS JOIN outage
         WHERE i.kind = 'lighting_patrol' AND NOT i.lit AND i.asset_family = 'streetlight'
           AND (assets IS NULL OR i.asset_uid = ANY (assets))
    )
    SELECT x.asset_uid, x.span, x.reason, x.case_no, x.patrol_at,
           s.located_grid, s.maintainer_name::text, s.road_class, s.status, s.initial_date
      FROM spans x
      JOIN assetreg.streetlight s ON s.uid = x.asset_uid
     WHERE NOT isempty(x.span)
$$;

-- The advisory locks: every writer shares the table's and takes each light's own, in the order
-- of the lights' keys (no deadlock); the rebuild, and a writer of more lights than the lock table
-- should hold (an import of a night's patrols), take the table's alone.
CREATE FUNCTION assetreg_app.kpi_light_off_lock(assets uuid[]) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(assets) > 1000 THEN
        PERFORM pg_advisory_xact_lock(hashtext('assetreg_app.kpi_light_off'));
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock_shared(hashtext('assetreg_app.kpi_light_off'));
    PERFORM pg_advisory_xact_lock(hashtext('assetreg_app.kpi_light_off'), hashtext(x.u::text))
       FROM (SELECT DISTINCT u FROM unnest(assets) u WHERE u IS NOT NULL ORDER BY 1) x;
END
$$;

CREATE FUNCTION assetreg_app.kpi_light_off_recompute(assets uuid[]) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF cardinality(assets) IS NULL OR cardinality(assets) = 0 THEN
        RETURN;
    END IF;
    PERFORM assetreg_app.kpi_light_off_lock(assets);
    DELETE FROM assetreg_app.kpi_light_off o WHERE o.asset_uid = ANY (assets);
    INSERT INTO assetreg_app.kpi_light_off SELECT * FROM assetreg_app.kpi_light_off_rows(assets);
END
$$;

CREATE FUNCTION assetreg_app.kpi_light_off_refresh() RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    state record;
BEGIN
    SELECT s.* INTO state FROM assetreg_app.kpi_tally_state s
     WHERE s.family = 'kpi_light_off' AND s.built IS DISTINCT FROM s.generation FOR UPDATE SKIP LOCKED;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('assetreg_app.kpi_light_off'));
    -- one statement, one snapshot, taken once no writer is in progress
    WITH gone AS (DELETE FROM assetreg_app.kpi_light_off)
    INSERT INTO assetreg_app.kpi_light_off SELECT * FROM assetreg_app.kpi_light_off_rows(NULL);
    UPDATE assetreg_app.kpi_tally_state s SET built = state.generation WHERE s.family = 'kpi_light_off';
    RETURN 1;
END
$$;
-- whoever reads the indicators brings it up to date first
REVOKE ALL ON FUNCTION assetreg_app.kpi_light_off_refresh() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assetreg_app.kpi_light_off_refresh() TO assetreg_viewer, assetreg_crew, assetreg_editor, assetreg_standards, assetreg_contractor, assetreg_admin;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.kpi_light_off_refresh()', 'object.kpi_light_off_refresh');

-- == Keeping it ===================================================================================

CREATE FUNCTION assetreg_app.kpi_light_off_of_patrols() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    assets uuid[];
BEGIN
    IF pg_trigger_depth() > 1 THEN  -- the update of superseded_at by the patrol triggers
        RETURN NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        assets := ARRAY(SELECT n.asset_uid FROM new_rows n WHERE n.asset_family = 'streetlight');
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        assets := assets || ARRAY(SELECT o.asset_uid FROM old_rows o WHERE o.asset_family = 'streetlight');
    END IF;
    PERFORM assetreg_app.kpi_light_off_recompute(assets);
    RETURN NULL;
END
$$;

CREATE FUNCTION assetreg_app.kpi_light_off_of_links() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    assets uuid[];
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        assets := ARRAY(SELECT n.asset_uid FROM new_rows n WHERE n.family = 'streetlight');
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        assets := assets || ARRAY(SELECT o.asset_uid FROM old_rows o WHERE o.family = 'streetlight');
    END IF;
    PERFORM assetreg_app.kpi_light_off_recompute(assets);
    RETURN NULL;
END
$$;

-- a case whose outage span may have changed: the lights it is linked to
CREATE FUNCTION assetreg_app.kpi_light_off_of_case() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM assetreg_app.kpi_light_off_recompute(ARRAY(
        SELECT a.asset_uid FROM assetreg.work_order_asset a
         WHERE a.work_order_id = NEW.id AND a.family = 'streetlight'));
    RETURN NULL;
END
$$;

-- a light whose key changed: its spans carry the new one; a light deleted: its spans go
CREATE FUNCTION assetreg_app.kpi_light_off_of_lights() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    assets uuid[];
BEGIN
    IF TG_OP = 'DELETE' THEN
        assets := ARRAY(SELECT o.uid FROM old_rows o WHERE EXISTS (SELECT 1 FROM assetreg_app.kpi_light_off x
                                                                      WHERE x.asset_uid = o.uid));
        PERFORM assetreg_app.kpi_light_off_lock(assets);
        DELETE FROM assetreg_app.kpi_light_off x WHERE x.asset_uid = ANY (assets);
        RETURN NULL;
    END IF;
    assets := ARRAY(SELECT n.uid FROM new_rows n JOIN old_rows o ON o.uid = n.uid
                     WHERE (n.located_grid, n.maintainer_name::text, n.road_class, n.status, n.initial_date)
                           IS DISTINCT FROM (o.located_grid, o.maintainer_name::text, o.road_class, o.status, o.initial_date)
                       AND EXISTS (SELECT 1 FROM assetreg_app.kpi_light_off x WHERE x.asset_uid = n.uid));
    IF cardinality(assets) > 0 THEN
        PERFORM assetreg_app.kpi_light_off_lock(assets);
        UPDATE assetreg_app.kpi_light_off x
           SET located_grid = n.located_grid, maintainer = n.maintainer_name::text, road_class = n.road_class,
               status = n.status, initial_date = n.initial_date
          FROM new_rows n
         WHERE x.asset_uid = n.uid AND n.uid = ANY (assets);
    END IF;
    RETURN NULL;
END
$$;

-- named to fire after spans_insert/_update/_delete (45_patrols.sql), which set superseded_at first
CREATE TRIGGER spans_then_lights_off_insert AFTER INSERT ON assetreg.inspection REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.kpi_light_off_of_patrols();
CREATE TRIGGER spans_then_lights_off_update AFTER UPDATE ON assetreg.inspection
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.kpi_light_off_of_patrols();
CREATE TRIGGER spans_then_lights_off_delete AFTER DELETE ON assetreg.inspection REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.kpi_light_off_of_patrols();

CREATE TRIGGER lights_off_insert AFTER INSERT ON assetreg.work_order_asset REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.kpi_light_off_of_links();
CREATE TRIGGER lights_off_update AFTER UPDATE ON assetreg.work_order_asset
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.kpi_light_off_of_links();
CREATE TRIGGER lights_off_delete AFTER DELETE ON assetreg.work_order_asset REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.kpi_light_off_of_links();

-- only the changes that can move an outage span: most transitions of a case move none
CREATE TRIGGER lights_off_case AFTER UPDATE ON assetreg.work_order FOR EACH ROW
    WHEN (OLD.reported_at IS DISTINCT FROM NEW.reported_at OR OLD.closed_at IS DISTINCT FROM NEW.closed_at
          OR OLD.matter_code IS DISTINCT FROM NEW.matter_code
          OR (OLD.status IN ('cancelled', 'refused')) <> (NEW.status IN ('cancelled', 'refused'))
          OR (OLD.status = 'closed') <> (NEW.status = 'closed'))
    EXECUTE FUNCTION assetreg_app.kpi_light_off_of_case();

CREATE TRIGGER lights_off_update AFTER UPDATE ON assetreg.streetlight
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.kpi_light_off_of_lights();
CREATE TRIGGER lights_off_delete AFTER DELETE ON assetreg.streetlight REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.kpi_light_off_of_lights();

CREATE TRIGGER lights_off_truncate AFTER TRUNCATE ON assetreg.streetlight
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.kpi_outdate_trigger('kpi_light_off');
CREATE TRIGGER lights_off_truncate AFTER TRUNCATE ON assetreg.inspection
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.kpi_outdate_trigger('kpi_light_off');
CREATE TRIGGER lights_off_truncate AFTER TRUNCATE ON assetreg.work_order
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.kpi_outdate_trigger('kpi_light_off');
CREATE TRIGGER lights_off_truncate AFTER TRUNCATE ON assetreg.work_order_asset
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.kpi_outdate_trigger('kpi_light_off');
