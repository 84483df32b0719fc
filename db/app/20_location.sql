-- Where an asset lies: the unit grid that contains a point of its geometry
-- (ST_PointOnSurface: the point itself, a point on a line, a point inside a polygon).
-- The grid code nests community, street and district (generated columns).
-- Bulk imports assign located_grid set-based and set located_at themselves, so the
-- row triggers below (guarded by WHEN, evaluated without calling a function) only
-- fire for single edits such as those made in QGIS.

CREATE FUNCTION assetreg_app.grid_at(shape geometry) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT g.code
      FROM assetreg.unit_grid g
     WHERE ST_Intersects(g.geom, ST_PointOnSurface(shape))
     ORDER BY g.code
     LIMIT 1
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.grid_at(geometry)', 'object.grid_at');

-- The unit grids on a lattice of square cells, for locating many geometries at once: a grid is
-- listed in every cell its bounding box touches (cell = floor(coordinate / cell size)), so a
-- point can only lie in the grids listed in its own cell (floor is monotonic), and an equality
-- join on the cell finds them without a spatial index scan per point. The cell size is chosen
-- from the grids so that the lattice holds about 50,000 cells whatever their sizes. With it,
-- grid_at(shape) is
--   (SELECT min(c.code) FROM lattice c WHERE c.cx = floor(ST_X(spot) / c.cell)
--      AND c.cy = floor(ST_Y(spot) / c.cell) AND ST_Intersects(c.geom, spot))
-- for spot = ST_PointOnSurface(shape); the import writes it so (storage/importer.py).
CREATE FUNCTION assetreg_app.grid_lattice()
    RETURNS TABLE (code text, geom geometry, cx double precision, cy double precision, cell double precision)
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH boxes AS (
        SELECT g.code, g.geom, ST_XMin(g.geom) AS x0, ST_XMax(g.geom) AS x1, ST_YMin(g.geom) AS y0, ST_YMax(g.geom) AS y1
          FROM assetreg.unit_grid g
         WHERE NOT ST_IsEmpty(g.geom)),
    size AS (
        SELECT greatest(sqrt(sum((x1 - x0) * (y1 - y0)) / 50000), sum((x1 - x0) + (y1 - y0)) / 50000, 1e-9) AS cell
          FROM boxes)
    SELECT b.code, b.geom, i::double precision, j::double precision, s.cell
      FROM boxes b, size s,
           generate_series(floor(b.x0 / s.cell)::bigint, floor(b.x1 / s.cell)::bigint) i,
           generate_series(floor(b.y0 / s.cell)::bigint, floor(b.y1 / s.cell)::bigint) j
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.grid_lattice()', 'object.grid_lattice');

CREATE FUNCTION assetreg_app.locate_row() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.located_grid := assetreg_app.grid_at(NEW.geom);
    NEW.located_at := now();
    RETURN NEW;
END
$$;

-- A client that sends NULL for the registration columns (QGIS does, for a feature added
-- by code; with the provider evaluating defaults, the key too) gets them filled, as the column
-- defaults would.
CREATE FUNCTION assetreg_app.stamp_row() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    -- QGIS keys on fid (revision 0012) and sends every other column it has no value for as NULL, uid too;
    -- a feature added in a form sends fid as NULL as well (QGIS 3.22 does not take an identity for a default)
    NEW.uid := coalesce(NEW.uid, gen_random_uuid());
    IF NEW.fid IS NULL THEN
        NEW.fid := nextval(pg_get_serial_sequence(format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME), 'fid'));
    END IF;
    NEW.created_at := coalesce(NEW.created_at, now());
    NEW.updated_at := coalesce(NEW.updated_at, NEW.created_at);
    NEW.created_by := coalesce(NEW.created_by, session_user);
    NEW.created_submission := coalesce(NEW.created_submission, assetreg_app.current_submission());
    NEW.created_session := coalesce(NEW.created_session, assetreg_app.edit_session());
    RETURN NEW;
END
$$;

CREATE FUNCTION assetreg_app.touch_row() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF assetreg_app.asset_values(to_jsonb(NEW)) IS DISTINCT FROM assetreg_app.asset_values(to_jsonb(OLD)) THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END
$$;

-- Re-locate every asset of every family (after the grids changed); returns how many moved.
CREATE FUNCTION assetreg_app.relocate_all() RETURNS bigint
    LANGUAGE plpgsql AS $$
DECLARE
    family_table text;
    moved bigint := 0;
    count_here bigint;
BEGIN
    FOR family_table IN SELECT table_name FROM assetreg_app.family_tables() LOOP
        EXECUTE format(
            'UPDATE assetreg.%I a SET located_grid = assetreg_app.grid_at(a.geom), located_at = now()'
            ' WHERE a.located_grid IS DISTINCT FROM assetreg_app.grid_at(a.geom) OR a.located_at IS NULL',
            family_table);
        GET DIAGNOSTICS count_here = ROW_COUNT;
        moved := moved + count_here;
    END LOOP;
    RETURN moved;
END
$$;
