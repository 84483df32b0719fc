-- Every edit of an asset, from any client (QGIS, psql, an import), keeps the identifier rules the
-- validator checks (core/validate.py): the structure of the standard's pattern, an administrative
-- code of the city, a class code of the family. What is allowed is derived, never typed here: the
-- pattern, the structure's description and the family's class codes (x-class-codes) come from the
-- standard through assetreg_app.identifier_rule (written by storage/identifier_rules.py before these
-- files run), the administrative codes from the stored city profile, below. A change of the profile
-- takes effect with `assetreg db upgrade`, which stores the profile and rebuilds this schema.
--
-- One BEFORE row trigger per family and operation. BEFORE, so that a malformed identifier is
-- refused here, with its reason, before the table's pattern CHECK refuses it without one. Its WHEN
-- is the rule itself, written out with the values as constants: a row that keeps the rules costs
-- one expression (no function call, no table read: about 0.5 µs a row measured on a COPY, some 2%
-- of an import), and the function only runs for a row it refuses. So every path, the importer's
-- first-load COPY included, is checked, and no client can switch the check off.
--
-- Refusals (assetreg_app.refuse: the SQLSTATE, a message id under refusal.identifier and its
-- parameters, which storage/errors.py puts into words):
--   AR021 wrong structure · AR022 administrative code outside the city · AR023 class code of another family

-- The positions of the parts, as the validator reads them: 6-digit administrative code, then the
-- 5-digit class (2-digit big class + 3-digit small class), then the serial (DOMAIN.md section 2).
UPDATE assetreg_app.identifier_rule
   SET admin_codes = (SELECT coalesce(array_agg(code ORDER BY code), '{}')
                        FROM assetreg.city_profile p, jsonb_object_keys(p.body -> 'admin_codes') code);

-- The test a row passes when its identifier keeps the rules, as an SQL expression on NEW.
CREATE FUNCTION assetreg_app.identifier_rule_test(rule assetreg_app.identifier_rule) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT concat_ws(' AND ',
        CASE WHEN rule.fixed_length IS NOT NULL
             -- as tables.pattern_check writes the pattern CHECK: length and characters first
             THEN format('CASE WHEN char_length(NEW.%1$I) = %2$s AND ltrim(NEW.%1$I, %3$L) = %4$L THEN true'
                         ' ELSE NEW.%1$I ~ %5$L END',
                         rule.identifier, rule.fixed_length, rule.characters, '', rule.pattern)
             ELSE format('NEW.%I ~ %L', rule.identifier, rule.pattern) END,
        format('left(NEW.%I, 6) = ANY (%L::text[])', rule.identifier, rule.admin_codes),
        CASE WHEN cardinality(rule.class_codes) > 0
             THEN format('substr(NEW.%I, 7, 5) = ANY (%L::text[])', rule.identifier, rule.class_codes) END)
$$;

-- "440402 香洲区、440403 斗门区" in the language asked: the city's administrative codes with their names.
CREATE FUNCTION assetreg_app.identifier_admin_list(codes text[], lang text) RETURNS text
    LANGUAGE sql STABLE AS $$
    SELECT string_agg(concat_ws(' ', c, p.body -> 'admin_codes' -> c ->> lang),
                      assetreg_app.label_text('core.list_separator', lang) ORDER BY c)
      FROM unnest(codes) c, assetreg.city_profile p
$$;

-- "01037 路灯" in the language asked, from the component class code list.
CREATE FUNCTION assetreg_app.identifier_class_label(code text, lang text) RETURNS text
    LANGUAGE sql STABLE AS $$
    SELECT concat_ws(' ', code, (SELECT CASE lang WHEN 'zh' THEN l.label_zh ELSE l.label_en END
                                   FROM assetreg.cl_component_class l WHERE l.code = identifier_class_label.code))
$$;

CREATE FUNCTION assetreg_app.identifier_class_list(codes text[], lang text) RETURNS text
    LANGUAGE sql STABLE AS $$
    SELECT string_agg(assetreg_app.identifier_class_label(c, lang), assetreg_app.label_text('core.list_separator', lang) ORDER BY c)
      FROM unnest(codes) c
$$;

-- Runs only for a row its trigger's WHEN found breaking a rule: says which, and what is allowed.
CREATE FUNCTION assetreg_app.refuse_bad_identifier() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    rule assetreg_app.identifier_rule;
    ident text;
    part text;
    family jsonb;
BEGIN
    SELECT * INTO rule FROM assetreg_app.identifier_rule r WHERE r.family_table = TG_TABLE_NAME;
    ident := to_jsonb(NEW) ->> rule.identifier;
    family := jsonb_build_object('zh', rule.title_zh, 'en', lower(rule.title_en));
    IF ident !~ rule.pattern THEN
        PERFORM assetreg_app.refuse('AR021', 'refusal.identifier.wrong_structure',
            jsonb_build_object('family', family, 'identifier', ident,
                               'structure', jsonb_build_object('zh', rule.structure_zh, 'en', rule.structure_en)),
            TG_TABLE_SCHEMA, TG_TABLE_NAME, rule.identifier);
    ELSIF left(ident, 6) <> ALL (rule.admin_codes) THEN
        part := left(ident, 6);
        PERFORM assetreg_app.refuse('AR022', 'refusal.identifier.admin_code_outside_city',
            jsonb_build_object('family', family, 'identifier', ident, 'admin_code', part,
                               'allowed', jsonb_build_object('zh', assetreg_app.identifier_admin_list(rule.admin_codes, 'zh'),
                                                             'en', assetreg_app.identifier_admin_list(rule.admin_codes, 'en'))),
            TG_TABLE_SCHEMA, TG_TABLE_NAME, rule.identifier);
    ELSIF cardinality(rule.class_codes) > 0 AND substr(ident, 7, 5) <> ALL (rule.class_codes) THEN
        part := substr(ident, 7, 5);
        PERFORM assetreg_app.refuse('AR023', 'refusal.identifier.class_of_another_family',
            jsonb_build_object('family', family, 'identifier', ident,
                               'class', jsonb_build_object('zh', assetreg_app.identifier_class_label(part, 'zh'),
                                                           'en', assetreg_app.identifier_class_label(part, 'en')),
                               'allowed', jsonb_build_object('zh', assetreg_app.identifier_class_list(rule.class_codes, 'zh'),
                                                             'en', assetreg_app.identifier_class_list(rule.class_codes, 'en'))),
            TG_TABLE_SCHEMA, TG_TABLE_NAME, rule.identifier);
    END IF;
    RETURN NEW;  -- the WHEN and this function read the same rule: not reached
END
$$;

DO $$
DECLARE
    rule assetreg_app.identifier_rule;
    keeps text;
BEGIN
    FOR rule IN SELECT r.* FROM assetreg_app.identifier_rule r
                  JOIN assetreg_app.family_tables() f ON f.table_name = r.family_table LOOP
        keeps := assetreg_app.identifier_rule_test(rule);
        EXECUTE format('CREATE TRIGGER identifier_insert BEFORE INSERT ON assetreg.%I FOR EACH ROW'
                       ' WHEN (NOT (%s)) EXECUTE FUNCTION assetreg_app.refuse_bad_identifier()',
                       rule.family_table, keeps);
        EXECUTE format('CREATE TRIGGER identifier_update BEFORE UPDATE OF %I ON assetreg.%I FOR EACH ROW'
                       ' WHEN (NEW.%I IS DISTINCT FROM OLD.%I AND NOT (%s))'
                       ' EXECUTE FUNCTION assetreg_app.refuse_bad_identifier()',
                       rule.identifier, rule.family_table, rule.identifier, rule.identifier, keeps);
    END LOOP;
END
$$;

-- The assets whose typed unit grid code (grid_code, as delivered or typed in a form) is not the grid
-- their geometry lies in (located_grid, 20_location.sql). The asset keeps both: the location found
-- by spatial join is what the indicators group by; this view records every disagreement, and the
-- QGIS layer marks it (gui/layers.py). Assets outside every grid (located_grid empty) are not here.
DO $$
DECLARE
    parts text;
BEGIN
    SELECT string_agg(format('SELECT %L::text AS family, a.uid, a.component_id, a.grid_code::text AS grid_code,'
                             ' a.located_grid, a.located_at FROM assetreg.%I a'
                             ' WHERE a.located_grid IS NOT NULL AND a.grid_code IS DISTINCT FROM a.located_grid',
                             f.table_name, f.table_name), ' UNION ALL ' ORDER BY f.table_name)
      INTO parts
      FROM assetreg_app.family_tables() f
     WHERE assetreg_app.family_has_column(f.table_name, 'grid_code');
    EXECUTE 'CREATE VIEW assetreg_app.grid_mismatch AS '
            || coalesce(parts, 'SELECT NULL::text AS family, NULL::uuid AS uid, NULL::text AS component_id,'
                               ' NULL::text AS grid_code, NULL::text AS located_grid, NULL::timestamptz AS located_at'
                               ' WHERE false');
END
$$;

SELECT assetreg_app.comment_on('VIEW', 'assetreg_app.grid_mismatch', 'object.grid_mismatch');
