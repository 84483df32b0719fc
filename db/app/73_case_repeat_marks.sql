-- Repeat marks (issue 15, the indicators' speed): assetreg.case_repeat (revision 0028) holds one row per case
-- that repeats an earlier case, as assetreg_app.case_repeats (71_case_repeats.sql) decides it, so that the
-- repeated-complaints count of a month (kpi_case_repeats) reads the marks of the month's cases instead of pairing
-- every case of the month and of the days before it at each query.
--
-- A mark is derived, never entered. Whether a case repeats depends on the cases reported in the days before it
-- (the profile's indicators.cases.repeats.days), so a change of a case (a new one, its time, matter or place, its
-- assets, its removal) can change the marks of the cases reported from it to that many days after it, and of no
-- other. case_repeat_marks_refresh(from, to) computes the marks of the cases reported in [from, to) anew with
-- case_repeats itself (one definition), and the triggers below call it once per statement for the span the
-- statement touched: a live report of today a span with only itself in it, a historical load of older cases once
-- for all its cases (an older case can make a later case, already marked or not, a repeat: its span covers it).
-- assetreg.case_repeat_basis keeps the rule the marks were computed with; a profile whose rule differs (a fresh
-- registry, a changed profile) has every mark computed anew (case_repeat_marks_check, also at every migrate).
--
-- Who reads them: every registry role, like the case table's columns they come from (no personal data). Nobody
-- writes them but the flow's role, through these functions (90_roles.sql revokes the writes).

-- The marks of the cases reported in [from_at, to_at), anew; returns how many of them repeat. (public in the
-- path: case_repeats names PostGIS's functions unqualified, as its callers' path has them.)
CREATE FUNCTION assetreg_app.case_repeat_marks_refresh(from_at timestamptz, to_at timestamptz) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp SET jit = off SET work_mem = '256MB' AS $$
DECLARE
    written bigint;
    chunk_written bigint;
    -- a live change's span (the window and a microsecond) in one
    chunk interval := 2 * (SELECT r.days FROM assetreg_app.case_repeat_rule() r) * interval '1 day';
    chunk_start timestamptz;
    chunk_end timestamptz;
    nestloop text := current_setting('enable_nestloop');
    mergejoin text := current_setting('enable_mergejoin');
BEGIN
    IF from_at IS NULL OR to_at IS NULL OR from_at >= to_at THEN
        RETURN 0;
    END IF;
    -- One refresh at a time, until its transaction ends: two cases reported at once near each other would each be
    -- marked without the other, which neither sees before it commits; the second waits and then sees the first.
    PERFORM pg_advisory_xact_lock(hashtext('assetreg.case_repeat'));
    -- A span longer than a live change's (a load, a rule changed) pairs many cases in hash joins. Said so, because
    -- a load's cases are new to the table's statistics in its own transaction: planned by them, a few cases, the
    -- pairs would be looked for by loops over every case (51 s instead of 0.2 for 20,000 cases of one matter).
    IF to_at - from_at > chunk THEN
        PERFORM set_config('enable_nestloop', 'off', true), set_config('enable_mergejoin', 'off', true);
    END IF;
    DELETE FROM assetreg.case_repeat m USING assetreg.work_order w
     WHERE w.id = m.work_order_id AND w.reported_at >= from_at AND w.reported_at < to_at;
    -- By spans of two windows: case_repeats pairs the cases of a cell with every case of the cells around it in
    -- the span and the window before, so a span of years would pair each spot's cases of all those years.
    written := 0;
    chunk_start := from_at;
    WHILE chunk_start < to_at LOOP
        chunk_end := least(to_at, chunk_start + chunk);
        -- a concurrent refresh of an overlapping span may have written the same case's mark: the latest wins
        INSERT INTO assetreg.case_repeat (work_order_id, earlier_id, same_asset)
        SELECT r.id, r.earlier_id, r.same_asset FROM assetreg_app.case_repeats(chunk_start, chunk_end) r
            ON CONFLICT (work_order_id) DO UPDATE SET earlier_id = excluded.earlier_id, same_asset = excluded.same_asset;
        GET DIAGNOSTICS chunk_written = ROW_COUNT;
        written := written + chunk_written;
        chunk_start := chunk_end;
    END LOOP;
    PERFORM set_config('enable_nestloop', nestloop, true), set_config('enable_mergejoin', mergejoin, true);
    RETURN written;
END
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.case_repeat_marks_refresh(timestamptz, timestamptz)',
                               'object.case_repeat_marks_refresh');

-- The marks of the cases reported from first_at to the rule's days after last_at (both included) anew: the span
-- whose marks a change of cases reported from first_at to last_at may change.
CREATE FUNCTION assetreg_app.case_repeat_marks_after(first_at timestamptz, last_at timestamptz) RETURNS bigint
    LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT assetreg_app.case_repeat_marks_refresh(
               first_at, last_at + (SELECT r.days FROM assetreg_app.case_repeat_rule() r) * interval '1 day'
                         + interval '1 microsecond')
$$;

-- Every mark anew when the profile's rule is not the one they were computed with (or none was).
CREATE FUNCTION assetreg_app.case_repeat_marks_check() RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    rule record := assetreg_app.case_repeat_rule();
    span record;
BEGIN
    IF rule.days IS NULL OR EXISTS (SELECT 1 FROM assetreg.case_repeat_basis b
                                     WHERE b.distance_m = rule.distance_m AND b.days = rule.days) THEN
        RETURN 0;
    END IF;
    DELETE FROM assetreg.case_repeat;
    INSERT INTO assetreg.case_repeat_basis (distance_m, days) VALUES (rule.distance_m, rule.days)
        ON CONFLICT (one_row) DO UPDATE SET distance_m = excluded.distance_m, days = excluded.days;
    SELECT min(w.reported_at) AS first_at, max(w.reported_at) AS last_at INTO span FROM assetreg.work_order w;
    RETURN assetreg_app.case_repeat_marks_refresh(span.first_at, span.last_at + interval '1 microsecond');
END
$$;

-- A statement on the cases: the span of the cases it added, removed, or changed in time, matter or place
-- (a change of stage only, the flow's usual update, costs one comparison of the row).
CREATE FUNCTION assetreg_app.case_repeat_marks_of_cases() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    span record;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT min(n.reported_at) AS first_at, max(n.reported_at) AS last_at INTO span FROM new_cases n;
    ELSIF TG_OP = 'DELETE' THEN
        DELETE FROM assetreg.case_repeat m USING old_cases o WHERE m.work_order_id = o.id;
        SELECT min(o.reported_at) AS first_at, max(o.reported_at) AS last_at INTO span FROM old_cases o;
    ELSE
        DELETE FROM assetreg.case_repeat m USING old_cases o
         WHERE m.work_order_id = o.id AND NOT EXISTS (SELECT 1 FROM new_cases n WHERE n.id = o.id);
        WITH before AS (SELECT o.id, o.reported_at, o.matter_code, ST_AsEWKB(o.geom) AS place FROM old_cases o),
             after AS (SELECT n.id, n.reported_at, n.matter_code, ST_AsEWKB(n.geom) AS place FROM new_cases n),
             changed AS ((SELECT * FROM before EXCEPT SELECT * FROM after)
                         UNION ALL (SELECT * FROM after EXCEPT SELECT * FROM before))
        SELECT min(c.reported_at) AS first_at, max(c.reported_at) AS last_at INTO span FROM changed c;
    END IF;
    PERFORM assetreg_app.case_repeat_marks_after(span.first_at, span.last_at);
    RETURN NULL;
END
$$;

-- A statement on the cases' assets: the span of the cases whose links it added, removed or changed.
CREATE FUNCTION assetreg_app.case_repeat_marks_of_links() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    span record;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        SELECT min(w.reported_at) AS first_at, max(w.reported_at) AS last_at INTO span FROM assetreg.work_order w;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT min(w.reported_at) AS first_at, max(w.reported_at) AS last_at INTO span
          FROM assetreg.work_order w WHERE w.id IN (SELECT n.work_order_id FROM new_links n);
    ELSIF TG_OP = 'DELETE' THEN
        SELECT min(w.reported_at) AS first_at, max(w.reported_at) AS last_at INTO span
          FROM assetreg.work_order w WHERE w.id IN (SELECT o.work_order_id FROM old_links o);
    ELSE
        SELECT min(w.reported_at) AS first_at, max(w.reported_at) AS last_at INTO span
          FROM assetreg.work_order w
         WHERE w.id IN (SELECT o.work_order_id FROM old_links o UNION SELECT n.work_order_id FROM new_links n);
    END IF;
    PERFORM assetreg_app.case_repeat_marks_after(span.first_at, span.last_at);
    RETURN NULL;
END
$$;

-- The case table emptied: no marks.
CREATE FUNCTION assetreg_app.case_repeat_marks_of_truncate() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    DELETE FROM assetreg.case_repeat;
    RETURN NULL;
END
$$;

-- The profile written: its rule may have changed.
CREATE FUNCTION assetreg_app.case_repeat_marks_of_profile() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM assetreg_app.case_repeat_marks_check();
    RETURN NULL;
END
$$;

CREATE TRIGGER case_repeat_marks_insert AFTER INSERT ON assetreg.work_order
    REFERENCING NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.case_repeat_marks_of_cases();
CREATE TRIGGER case_repeat_marks_update AFTER UPDATE ON assetreg.work_order
    REFERENCING OLD TABLE AS old_cases NEW TABLE AS new_cases
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.case_repeat_marks_of_cases();
CREATE TRIGGER case_repeat_marks_delete AFTER DELETE ON assetreg.work_order
    REFERENCING OLD TABLE AS old_cases FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.case_repeat_marks_of_cases();
CREATE TRIGGER case_repeat_marks_truncate AFTER TRUNCATE ON assetreg.work_order
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.case_repeat_marks_of_truncate();
CREATE TRIGGER case_repeat_marks_insert AFTER INSERT ON assetreg.work_order_asset
    REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.case_repeat_marks_of_links();
CREATE TRIGGER case_repeat_marks_update AFTER UPDATE ON assetreg.work_order_asset
    REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.case_repeat_marks_of_links();
CREATE TRIGGER case_repeat_marks_delete AFTER DELETE ON assetreg.work_order_asset
    REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.case_repeat_marks_of_links();
CREATE TRIGGER case_repeat_marks_truncate AFTER TRUNCATE ON assetreg.work_order_asset
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.case_repeat_marks_of_links();
CREATE TRIGGER case_repeat_marks_profile AFTER INSERT OR UPDATE ON assetreg.city_profile
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.case_repeat_marks_of_profile();

-- Only the flow writes the marks, like the case tables (65_cases.sql).
CREATE TRIGGER only_through_the_flow BEFORE INSERT OR UPDATE OR DELETE ON assetreg.case_repeat
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.case_tables_only_through_the_flow();
CREATE TRIGGER only_through_the_flow_truncate BEFORE TRUNCATE ON assetreg.case_repeat
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.case_tables_only_through_the_flow();
CREATE TRIGGER only_through_the_flow BEFORE INSERT OR UPDATE OR DELETE ON assetreg.case_repeat_basis
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.case_tables_only_through_the_flow();
CREATE TRIGGER only_through_the_flow_truncate BEFORE TRUNCATE ON assetreg.case_repeat_basis
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.case_tables_only_through_the_flow();

GRANT INSERT, UPDATE, DELETE ON assetreg.case_repeat, assetreg.case_repeat_basis TO assetreg_case_flow;
ALTER FUNCTION assetreg_app.case_repeat_marks_refresh(timestamptz, timestamptz) OWNER TO assetreg_case_flow;
ALTER FUNCTION assetreg_app.case_repeat_marks_after(timestamptz, timestamptz) OWNER TO assetreg_case_flow;
ALTER FUNCTION assetreg_app.case_repeat_marks_check() OWNER TO assetreg_case_flow;
ALTER FUNCTION assetreg_app.case_repeat_marks_of_cases() OWNER TO assetreg_case_flow;
ALTER FUNCTION assetreg_app.case_repeat_marks_of_links() OWNER TO assetreg_case_flow;
ALTER FUNCTION assetreg_app.case_repeat_marks_of_truncate() OWNER TO assetreg_case_flow;
ALTER FUNCTION assetreg_app.case_repeat_marks_of_profile() OWNER TO assetreg_case_flow;
REVOKE ALL ON FUNCTION assetreg_app.case_repeat_marks_refresh(timestamptz, timestamptz),
    assetreg_app.case_repeat_marks_after(timestamptz, timestamptz), assetreg_app.case_repeat_marks_check(),
    assetreg_app.case_repeat_marks_of_cases(), assetreg_app.case_repeat_marks_of_links(),
    assetreg_app.case_repeat_marks_of_truncate(), assetreg_app.case_repeat_marks_of_profile() FROM PUBLIC;
-- the flow's role calls them through its triggers; no login does
GRANT EXECUTE ON FUNCTION assetreg_app.case_repeat_marks_refresh(timestamptz, timestamptz),
    assetreg_app.case_repeat_marks_after(timestamptz, timestamptz), assetreg_app.case_repeat_marks_check()
    TO assetreg_case_flow;

-- the marks of the registry as it is, when the profile's rule is not the one they were computed with
SELECT assetreg_app.case_repeat_marks_check();
