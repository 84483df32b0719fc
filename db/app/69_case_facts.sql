-- Case facts (issue 15, the indicators' speed): assetreg.case_fact, one row per case, and
-- assetreg.case_assignment_fact, one row per handling assignment (revision 0023), hold what the case
-- indicators of a period count (kpi_case_fact_rows of 70_indicators.sql reads them), so that a
-- month is counted from the facts of its own cases, not re-derived from every case's events at each query.
--
-- A fact is derived, never entered: assetreg_app.case_facts_rebuild(case ids) computes the facts of the
-- cases named from the case rows and their events, set-wise, and replaces theirs. It is called
--   * by the live flow, through the triggers below: a new case's row or a change of it that an indicator reads
--     is written into its facts row as it is (one row); an event that makes or ends an assignment (register,
--     dispatch, rework, handle) computes the case's facts anew from its few events; a change of the version only,
--     a supervision or a reply, costs nothing;
--   * by the historical load, once, for all its cases, at its end (66_case_history.sql): its rows are skipped
--     by the triggers (a case with a submission, an event marked historical), so a load of 2,000,000 cases
--     pays no row trigger.
-- "As it stood at a moment" stays exact because a fact keeps times, never judgements: the query compares
-- them with the moment (kpi_case_fact_rows).
--
-- Who reads them: the roles that read the case tables' columns other than the personal ones (90_roles.sql):
-- the facts hold no personal data (no reporter, no payload). Nobody writes them but the flow's role,
-- through these functions (the guard of 65_cases.sql, and 90_roles.sql revokes the writes).

-- The facts of the cases named, anew: their assignments numbered by event order, each with when it was made,
-- by a rework or not, its own deadline (kept on its event) and its first handling before the next one; the
-- case row's columns the indicators read; the register and first dispatch times; and the assignments summed
-- up (settled_at: after it, every assignment and every earlier one's handling is in the past).
CREATE FUNCTION assetreg_app.case_facts_rebuild(case_ids bigint[]) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET jit = off SET work_mem = '256MB' AS $$
DECLARE
    written bigint;
BEGIN
    -- by the key for a case of the flow, by a hashed list over the table for a load's
    DELETE FROM assetreg.case_assignment_fact f WHERE f.work_order_id = ANY (case_ids);
    DELETE FROM assetreg.case_fact f WHERE f.work_order_id = ANY (case_ids);
    -- one pass over the cases' events: each numbered by the assignments made up to it, grouped by assignment
    -- (number 0: what came before the first, the register event at least); the case's summary read by windows
    -- over the same order (one sort), on its latest assignment's row: the earlier ones are the rows before it.
    -- The ids by = ANY: a load's many, hashed, over the table; the flow's one by its key.
    WITH numbered AS (
        SELECT x.work_order_id, x.id, x.action, x.at, x.handling_deadline,
               count(*) FILTER (WHERE x.action IN ('dispatch', 'rework'))
                   OVER (PARTITION BY x.work_order_id ORDER BY x.id) AS assignment
          FROM assetreg.work_order_event x
         WHERE x.work_order_id = ANY (case_ids) AND x.action IN ('register', 'dispatch', 'rework', 'handle')),
    grouped AS (
        SELECT e.work_order_id, e.assignment::integer AS assignment,
               min(e.at) FILTER (WHERE e.action IN ('dispatch', 'rework')) AS assigned_at,
               bool_or(e.action = 'rework') AS by_rework,
               max(e.handling_deadline) FILTER (WHERE e.action IN ('dispatch', 'rework')) AS own_deadline,
               min(e.at) FILTER (WHERE e.action = 'handle') AS handled_at,
               max(e.id) FILTER (WHERE e.action IN ('dispatch', 'rework')) AS assigned_by,
               min(e.at) FILTER (WHERE e.action = 'register') AS registered_at,
               min(e.at) FILTER (WHERE e.action = 'dispatch') AS first_dispatch_at
          FROM numbered e
         GROUP BY e.work_order_id, e.assignment),
    assignments AS MATERIALIZED (
        SELECT g.*,
               max(g.assignment) OVER whole AS latest,
               min(g.registered_at) OVER whole AS case_registered_at,
               min(g.first_dispatch_at) OVER whole AS case_first_dispatch_at,
               (count(*) FILTER (WHERE g.assignment > 0) OVER whole)::integer AS assignments,
               max(g.assigned_at) OVER whole AS last_assigned_at,
               max(g.handled_at) FILTER (WHERE g.assignment > 0) OVER earlier AS earlier_handled_at,
               (count(*) FILTER (WHERE g.assignment > 0 AND g.handled_at <= g.own_deadline) OVER earlier)::integer
                   AS on_time_dated,
               -- an earlier assignment whose event kept no deadline is judged by the case's: its handling kept apart
               array_agg(g.handled_at) FILTER (WHERE g.assignment > 0 AND g.own_deadline IS NULL) OVER earlier
                   AS undated_handled
          FROM grouped g
        WINDOW whole AS (PARTITION BY g.work_order_id),
               earlier AS (PARTITION BY g.work_order_id ORDER BY g.assignment ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)),
    stored AS (
        INSERT INTO assetreg.case_assignment_fact (work_order_id, assignment, assigned_at, by_rework, own_deadline,
                                                   handled_at, assigned_by)
        SELECT a.work_order_id, a.assignment, a.assigned_at, a.by_rework, a.own_deadline, a.handled_at, a.assigned_by
          FROM assignments a WHERE a.assignment > 0)
    INSERT INTO assetreg.case_fact (work_order_id, reported_at, registered_at, located_grid, handling_unit, status, closed_at,
                                    closing_deadline, handling_deadline, handled_at, rework_count, satisfaction,
                                    first_dispatch_at, assignments, settled_at, earlier_on_time)
    SELECT w.id, w.reported_at, s.case_registered_at, w.located_grid, w.handling_unit, w.status, w.closed_at,
           w.closing_deadline, w.handling_deadline, w.handled_at, w.rework_count, w.satisfaction, s.case_first_dispatch_at,
           coalesce(s.assignments, 0),
           CASE WHEN s.assignments > 0 THEN greatest(s.last_assigned_at, s.earlier_handled_at) END,
           coalesce(s.on_time_dated, 0)
           + CASE WHEN s.undated_handled IS NULL THEN 0
                  ELSE (SELECT count(*) FROM unnest(s.undated_handled) h WHERE h <= w.handling_deadline)::integer END
      FROM assetreg.work_order w
      LEFT JOIN assignments s ON s.work_order_id = w.id AND s.assignment = s.latest
     WHERE w.id = ANY (case_ids)
     -- a load's facts lie in the order of their registration: a month's cases are read from a few pages together
     ORDER BY s.case_registered_at;
    GET DIAGNOSTICS written = ROW_COUNT;
    RETURN written;
END
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.case_facts_rebuild(bigint[])', 'object.case_facts_rebuild');

-- The triggers: one case's facts anew after a change that an indicator reads (see above).
-- A case row: written straight into its facts (one row), as a new case has no event yet and a change of its row
-- changes no assignment; computed anew when its handling deadline moves while an earlier assignment whose event
-- kept no deadline is judged by it, or when its facts are not where they should be.
CREATE FUNCTION assetreg_app.case_facts_of_case() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM assetreg.case_assignment_fact f WHERE f.work_order_id = OLD.id;
        DELETE FROM assetreg.case_fact f WHERE f.work_order_id = OLD.id;
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO assetreg.case_fact (work_order_id, reported_at, registered_at, located_grid, handling_unit, status,
                                        closed_at, closing_deadline, handling_deadline, handled_at, rework_count,
                                        satisfaction, first_dispatch_at, assignments, settled_at, earlier_on_time)
        VALUES (NEW.id, NEW.reported_at, NULL, NEW.located_grid, NEW.handling_unit, NEW.status, NEW.closed_at,
                NEW.closing_deadline, NEW.handling_deadline, NEW.handled_at, NEW.rework_count, NEW.satisfaction,
                NULL, 0, NULL, 0)
        ON CONFLICT (work_order_id) DO NOTHING;
    ELSIF OLD.id = NEW.id AND (OLD.handling_deadline IS NOT DISTINCT FROM NEW.handling_deadline
                               OR NOT EXISTS (SELECT 1 FROM assetreg.case_assignment_fact a
                                               JOIN assetreg.case_fact c ON c.work_order_id = a.work_order_id
                                              WHERE a.work_order_id = NEW.id AND a.own_deadline IS NULL
                                                AND a.assignment < c.assignments)) THEN
        UPDATE assetreg.case_fact f
           SET reported_at = NEW.reported_at, located_grid = NEW.located_grid, handling_unit = NEW.handling_unit,
               status = NEW.status, closed_at = NEW.closed_at, closing_deadline = NEW.closing_deadline,
               handling_deadline = NEW.handling_deadline, handled_at = NEW.handled_at, rework_count = NEW.rework_count,
               satisfaction = NEW.satisfaction
         WHERE f.work_order_id = NEW.id;
    ELSE
        PERFORM assetreg_app.case_facts_rebuild(ARRAY[OLD.id, NEW.id]);
        RETURN NULL;
    END IF;
    IF NOT FOUND THEN
        PERFORM assetreg_app.case_facts_rebuild(ARRAY[NEW.id]);
    END IF;
    RETURN NULL;
END
$$;

-- An event: a new register event sets the case's register time (the earliest), one row; an event that makes or
-- ends an assignment, or any change of an event, computes the case's facts anew from its events.
CREATE FUNCTION assetreg_app.case_facts_of_event() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.action = 'register' THEN
        UPDATE assetreg.case_fact f SET registered_at = least(f.registered_at, NEW.at)
         WHERE f.work_order_id = NEW.work_order_id;
        IF FOUND THEN
            RETURN NULL;
        END IF;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.work_order_id <> NEW.work_order_id THEN
        PERFORM assetreg_app.case_facts_rebuild(ARRAY[OLD.work_order_id]);
    END IF;
    PERFORM assetreg_app.case_facts_rebuild(ARRAY[CASE WHEN TG_OP = 'DELETE' THEN OLD.work_order_id ELSE NEW.work_order_id END]);
    RETURN NULL;
END
$$;

-- A case table emptied: the facts of what is left (nothing, or the cases of an events table emptied alone).
CREATE FUNCTION assetreg_app.case_facts_of_truncate() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    DELETE FROM assetreg.case_assignment_fact;
    DELETE FROM assetreg.case_fact;
    PERFORM assetreg_app.case_facts_rebuild(ARRAY(SELECT w.id FROM assetreg.work_order w));
    RETURN NULL;
END
$$;

-- a historical load's new cases (they have a submission) are rebuilt at the load's end, all at once
CREATE TRIGGER case_facts_insert AFTER INSERT ON assetreg.work_order FOR EACH ROW
    WHEN (NEW.submission_id IS NULL) EXECUTE FUNCTION assetreg_app.case_facts_of_case();
CREATE TRIGGER case_facts_update AFTER UPDATE ON assetreg.work_order FOR EACH ROW
    WHEN (OLD.reported_at IS DISTINCT FROM NEW.reported_at OR OLD.located_grid IS DISTINCT FROM NEW.located_grid
          OR OLD.handling_unit IS DISTINCT FROM NEW.handling_unit OR OLD.status IS DISTINCT FROM NEW.status
          OR OLD.closed_at IS DISTINCT FROM NEW.closed_at OR OLD.closing_deadline IS DISTINCT FROM NEW.closing_deadline
          OR OLD.handling_deadline IS DISTINCT FROM NEW.handling_deadline OR OLD.handled_at IS DISTINCT FROM NEW.handled_at
          OR OLD.rework_count IS DISTINCT FROM NEW.rework_count OR OLD.satisfaction IS DISTINCT FROM NEW.satisfaction
          OR OLD.id IS DISTINCT FROM NEW.id)
    EXECUTE FUNCTION assetreg_app.case_facts_of_case();
CREATE TRIGGER case_facts_delete AFTER DELETE ON assetreg.work_order FOR EACH ROW
    EXECUTE FUNCTION assetreg_app.case_facts_of_case();
CREATE TRIGGER case_facts_truncate AFTER TRUNCATE ON assetreg.work_order
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.case_facts_of_truncate();
-- the events that make or end an assignment; a historical load's (marked so) are rebuilt at its end
CREATE TRIGGER case_facts_insert AFTER INSERT ON assetreg.work_order_event FOR EACH ROW
    WHEN (NEW.action IN ('register', 'dispatch', 'rework', 'handle')
          AND NOT coalesce(NEW.payload @> '{"historical": true}', false))
    EXECUTE FUNCTION assetreg_app.case_facts_of_event();
CREATE TRIGGER case_facts_update AFTER UPDATE ON assetreg.work_order_event FOR EACH ROW
    WHEN (OLD.action IN ('register', 'dispatch', 'rework', 'handle') OR NEW.action IN ('register', 'dispatch', 'rework', 'handle'))
    EXECUTE FUNCTION assetreg_app.case_facts_of_event();
CREATE TRIGGER case_facts_delete AFTER DELETE ON assetreg.work_order_event FOR EACH ROW
    WHEN (OLD.action IN ('register', 'dispatch', 'rework', 'handle'))
    EXECUTE FUNCTION assetreg_app.case_facts_of_event();
CREATE TRIGGER case_facts_truncate AFTER TRUNCATE ON assetreg.work_order_event
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.case_facts_of_truncate();

-- Only the flow writes the facts, like the case tables (65_cases.sql).
CREATE TRIGGER only_through_the_flow BEFORE INSERT OR UPDATE OR DELETE ON assetreg.case_fact
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.case_tables_only_through_the_flow();
CREATE TRIGGER only_through_the_flow_truncate BEFORE TRUNCATE ON assetreg.case_fact
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.case_tables_only_through_the_flow();
CREATE TRIGGER only_through_the_flow BEFORE INSERT OR UPDATE OR DELETE ON assetreg.case_assignment_fact
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.case_tables_only_through_the_flow();
CREATE TRIGGER only_through_the_flow_truncate BEFORE TRUNCATE ON assetreg.case_assignment_fact
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.case_tables_only_through_the_flow();

GRANT INSERT, UPDATE, DELETE ON assetreg.case_fact, assetreg.case_assignment_fact TO assetreg_case_flow;
ALTER FUNCTION assetreg_app.case_facts_rebuild(bigint[]) OWNER TO assetreg_case_flow;
ALTER FUNCTION assetreg_app.case_facts_of_case() OWNER TO assetreg_case_flow;
ALTER FUNCTION assetreg_app.case_facts_of_event() OWNER TO assetreg_case_flow;
ALTER FUNCTION assetreg_app.case_facts_of_truncate() OWNER TO assetreg_case_flow;
REVOKE ALL ON FUNCTION assetreg_app.case_facts_rebuild(bigint[]), assetreg_app.case_facts_of_case(),
    assetreg_app.case_facts_of_event(), assetreg_app.case_facts_of_truncate() FROM PUBLIC;
-- the historical load (run as the flow's role) calls it; no login does
GRANT EXECUTE ON FUNCTION assetreg_app.case_facts_rebuild(bigint[]) TO assetreg_case_flow;
