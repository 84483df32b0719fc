-- Defaults that do the typing (issue 17): what the registry fills for a new asset that comes without
-- it, as one added in a QGIS form does. A form sends the geometry, the class (component_class, where
-- the family has several) and the attributes the user knows; the database adds
--   the identifier     district of its position (the loaded areas, else its unit grid's first six
--                      digits) + class + the next serial of that district and class (next_serial)
--   its place          unit grid, street and community from its position (20_location.sql, grid_at;
--                      a grid code nests them), their names from the loaded areas
--   its departments    competent department and maintainer from assetreg.area_default: the most
--                      specific area first (community, street, district), a family's own row first;
--                      else the city profile's new_asset_defaults
--   its date           the initial date is today in the city's time zone (the stored profile)
-- A grid code typed by hand is kept as typed: where it disagrees with the position, the view
-- assetreg_app.grid_mismatch (30_identifier_rules.sql) lists the asset and the form marks it (soft).
--
-- One BEFORE INSERT row trigger per family, whose WHEN holds only for a row missing a value the
-- standard requires and the registry can fill: an import (the validator demands them) never
-- meets it, so bulk loads pay one expression a row. Named to run before identifier_insert (30),
-- locate_insert and stamp_insert (40): PostgreSQL fires a table's triggers in name order.
--
-- Refusals: AR024 no district at the position · AR025 no class chosen where the family has several
-- · AR026 the serials of a district and class used up · AR027 no competent department found.

-- The next free serial of a district and class, as 6 digits. The counter row is taken under its row
-- lock (UPDATE, or INSERT … ON CONFLICT for its first use), held until the inserting transaction
-- ends, so concurrent editors of one district and class queue there and never get the same serial;
-- other districts and classes do not wait. A first use starts after the highest serial the family
-- already holds, and a serial an import or a hand took since is skipped. SECURITY DEFINER: no
-- role writes the counters itself (90_roles.sql leaves them unwritable).
CREATE FUNCTION assetreg_app.next_serial(family_table text, admin_code text, class_code text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    prefix text := admin_code || class_code;
    serial integer;
    taken boolean;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM assetreg_app.family_tables() f WHERE f.table_name = family_table) THEN
        PERFORM assetreg_app.refuse('AR001', 'refusal.case.unknown_family', pg_catalog.jsonb_build_object('family', family_table));
    END IF;
    BEGIN
        UPDATE assetreg.identifier_serial s SET last_serial = s.last_serial + 1
         WHERE s.admin_code = next_serial.admin_code AND s.class_code = next_serial.class_code
        RETURNING s.last_serial INTO serial;
        IF NOT FOUND THEN
            EXECUTE pg_catalog.format(
                'SELECT coalesce(max(pg_catalog.substr(a.component_id, 12)::integer), 0) FROM assetreg.%I a'
                ' WHERE a.component_id >= $1 AND a.component_id <= $2 AND a.component_id ~ ''^[0-9]{17}$''',
                family_table) INTO serial USING prefix || '000000', prefix || '999999';
            INSERT INTO assetreg.identifier_serial AS s (admin_code, class_code, last_serial)
            VALUES (next_serial.admin_code, next_serial.class_code, serial + 1)
            ON CONFLICT ON CONSTRAINT identifier_serial_pkey DO UPDATE SET last_serial = s.last_serial + 1
            RETURNING s.last_serial INTO serial;
        END IF;
        LOOP
            EXECUTE pg_catalog.format('SELECT EXISTS (SELECT 1 FROM assetreg.%I a WHERE a.component_id = $1)', family_table)
               INTO taken USING prefix || pg_catalog.lpad(serial::text, 6, '0');
            EXIT WHEN NOT taken;
            UPDATE assetreg.identifier_serial s SET last_serial = s.last_serial + 1
             WHERE s.admin_code = next_serial.admin_code AND s.class_code = next_serial.class_code
            RETURNING s.last_serial INTO serial;
        END LOOP;
    EXCEPTION WHEN check_violation THEN  -- identifier_serial_last_serial: past 999999
        PERFORM assetreg_app.refuse('AR026', 'refusal.identifier.serials_used_up',
            pg_catalog.jsonb_build_object('admin_code', admin_code, 'class', class_code));
    END;
    RETURN pg_catalog.lpad(serial::text, 6, '0');
END
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.next_serial(text, text, text)', 'object.next_serial');
REVOKE EXECUTE ON FUNCTION assetreg_app.next_serial(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assetreg_app.next_serial(text, text, text) TO assetreg_editor, assetreg_standards, assetreg_admin;

-- The area default of a kind (competent_dept or maintainer) for a place: the most specific area that
-- sets it, a family's own row before the one for every family; where no area sets it, the city
-- profile's new_asset_defaults (a city that keeps one department for everything needs no area rows).
-- NULL where neither sets it.
CREATE FUNCTION assetreg_app.area_default_of(family_table text, kind text, grid text, district text)
    RETURNS TABLE (code text, name text)
    LANGUAGE sql STABLE AS $$
    SELECT c.code, c.name
      FROM (SELECT CASE kind WHEN 'competent_dept' THEN d.competent_dept_code ELSE d.maintainer_code END AS code,
                   CASE kind WHEN 'competent_dept' THEN d.competent_dept_name ELSE d.maintainer_name END AS name,
                   char_length(d.area_code) AS specificity, d.family
              FROM assetreg.area_default d
             WHERE d.area_code IN (left(grid, 12), left(grid, 9), left(grid, 6), district)
               AND d.family IN (family_table, '')
            UNION ALL
            SELECT p.body -> 'new_asset_defaults' -> kind ->> 'code', p.body -> 'new_asset_defaults' -> kind ->> 'name',
                   0, ''
              FROM assetreg.city_profile p) c
     WHERE c.code IS NOT NULL
     ORDER BY c.specificity DESC, c.family DESC
     LIMIT 1
$$;

CREATE FUNCTION assetreg_app.area_name(area_code text) RETURNS text
    LANGUAGE sql STABLE AS $$
    SELECT a.name FROM assetreg.admin_area a WHERE a.code = area_code
$$;

CREATE FUNCTION assetreg_app.fill_new_asset() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    given jsonb := to_jsonb(NEW);
    grid text := assetreg_app.grid_at(NEW.geom);
    place text;
    district text;
    class text;
    rule assetreg_app.identifier_rule;
    family jsonb;
    found_default record;
BEGIN
    SELECT * INTO rule FROM assetreg_app.identifier_rule r WHERE r.family_table = TG_TABLE_NAME;
    family := jsonb_build_object('zh', rule.title_zh, 'en', lower(rule.title_en));
    NEW.grid_code := coalesce(NEW.grid_code, grid);
    place := coalesce(grid, NEW.grid_code);  -- the position decides; a typed grid only where none is loaded
    SELECT a.code INTO district FROM assetreg.admin_area a
     WHERE a.level = 'district' AND ST_Intersects(a.geom, ST_PointOnSurface(NEW.geom))
     ORDER BY a.code LIMIT 1;
    district := coalesce(district, left(place, 6));
    IF place IS NOT NULL THEN
        NEW.street_code := coalesce(NEW.street_code, left(place, 9));
        NEW.street_name := coalesce(NEW.street_name, left(assetreg_app.area_name(NEW.street_code), 50));
        NEW.community_code := coalesce(NEW.community_code, left(place, 12));
        NEW.community_name := coalesce(NEW.community_name, left(assetreg_app.area_name(NEW.community_code), 50));
    END IF;

    IF NEW.component_id IS NULL THEN
        IF district IS NULL THEN
            PERFORM assetreg_app.refuse('AR024', 'refusal.identifier.no_district', jsonb_build_object('family', family),
                                        TG_TABLE_SCHEMA, TG_TABLE_NAME, rule.identifier);
        END IF;
        class := nullif(given ->> 'component_class', '');
        IF class IS NULL AND cardinality(rule.class_codes) = 1 THEN
            class := rule.class_codes[1];
        ELSIF class IS NULL AND cardinality(rule.class_codes) = 0 THEN
            -- a family of no component class (roads: GB/T 47678.5 has none for them) keeps the
            -- class part zero, which the identifier rule leaves unchecked for it
            class := '00000';
        ELSIF class IS NULL THEN
            PERFORM assetreg_app.refuse('AR025', 'refusal.identifier.class_needed',
                jsonb_build_object('family', family,
                                   'allowed', jsonb_build_object('zh', assetreg_app.identifier_class_list(rule.class_codes, 'zh'),
                                                                 'en', assetreg_app.identifier_class_list(rule.class_codes, 'en'))),
                TG_TABLE_SCHEMA, TG_TABLE_NAME, 'component_class');
        END IF;
        -- a class of another family gets no serial: the identifier rule (30) refuses it, in its words
        IF class = ANY (rule.class_codes) OR cardinality(rule.class_codes) = 0 THEN
            NEW.component_id := district || class || assetreg_app.next_serial(TG_TABLE_NAME, district, class);
        ELSE
            NEW.component_id := district || class || '000000';
        END IF;
    END IF;
    IF given ? 'component_class' THEN  -- the class of record is the identifier's; the column only asks
        NEW := jsonb_populate_record(NEW, jsonb_build_object('component_class', NULL));
    END IF;

    IF NEW.competent_dept_code IS NULL OR NEW.competent_dept_name IS NULL THEN
        SELECT * INTO found_default FROM assetreg_app.area_default_of(TG_TABLE_NAME, 'competent_dept', place, district);
        IF found_default.code IS NULL THEN
            PERFORM assetreg_app.refuse('AR027', 'refusal.defaults.no_competent_dept', jsonb_build_object('family', family),
                                        TG_TABLE_SCHEMA, TG_TABLE_NAME, 'competent_dept_code');
        END IF;
        NEW.competent_dept_code := coalesce(NEW.competent_dept_code, found_default.code);
        NEW.competent_dept_name := coalesce(NEW.competent_dept_name, found_default.name);
    END IF;
    IF NEW.maintainer_code IS NULL AND NEW.maintainer_name IS NULL THEN
        SELECT * INTO found_default FROM assetreg_app.area_default_of(TG_TABLE_NAME, 'maintainer', place, district);
        NEW.maintainer_code := found_default.code;
        NEW.maintainer_name := found_default.name;
    END IF;
    NEW.initial_date := coalesce(NEW.initial_date,
        (now() AT TIME ZONE (SELECT p.body ->> 'timezone' FROM assetreg.city_profile p LIMIT 1))::date);
    RETURN NEW;
END
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.fill_new_asset()', 'object.fill_new_asset');

DO $$
DECLARE
    family_table text;
BEGIN
    FOR family_table IN SELECT table_name FROM assetreg_app.family_tables() LOOP
        EXECUTE format('CREATE TRIGGER assign_defaults BEFORE INSERT ON assetreg.%I FOR EACH ROW'
                       ' WHEN (NEW.component_id IS NULL OR NEW.grid_code IS NULL OR NEW.competent_dept_code IS NULL'
                       ' OR NEW.competent_dept_name IS NULL OR NEW.initial_date IS NULL)'
                       ' EXECUTE FUNCTION assetreg_app.fill_new_asset()', family_table);
    END LOOP;
END
$$;
