-- Historical cases (standard 1.1 work_order records, as a platform exports them), loaded in bulk
-- through the case flow's role like every other write of the case tables (65_cases.sql).
--
-- The importing client (storage/case_history.py) COPies the validated records into its temporary
-- table pg_temp.case_history_stage (the record's fields, the point in the registry CRS, stage_row),
-- grants the flow's role SELECT on it, and calls assetreg_app.case_load_history(). The function
-- checks, set-based, what the flow checks one step at a time: who calls, the steps in order, a
-- final status the steps reach; keeps the times as given; computes the deadlines the platform did
-- not record from the profile's limits and calendar at the time of the step (the handling deadline of
-- the latest assignment: a re-dispatch after rework has its own, 70_indicators.sql); rebuilds each case's
-- events from its step times; marks the cases with their platform and submission. A case number
-- already registered from the same record is left as it is (a file imported twice changes nothing);
-- one registered with other content refuses the whole load.
--
-- How the events are rebuilt: one event per step time the record holds, ordered by time, then by the
-- order of the flow (a step and the next at the same minute). The stage before and after each event
-- follows from the order: the main steps move the case along; a deferral holds it until it resumes
-- (back to the stage it was deferred from); a reply and a rating leave the stage as it is.

CREATE VIEW assetreg_app.case_history_steps (action, step_order, main, to_status) AS
VALUES ('report',   1,  true,  'reported'),
       ('accept',   2,  true,  'accepted'),
       ('refuse',   3,  true,  'refused'),
       ('register', 4,  true,  'registered'),
       ('dispatch', 5,  true,  'dispatched'),
       ('handle',   6,  true,  'handled'),      -- the first handling of a reworked case
       ('rework',   7,  true,  'dispatched'),
       ('handle',   8,  true,  'handled'),
       ('verify',   9,  true,  'verified'),
       ('close',    10, true,  'closed'),
       ('cancel',   11, true,  'cancelled'),
       ('defer',    12, false, 'deferred'),
       ('resume',   13, false, NULL),
       ('reply',    14, false, NULL),
       ('rate',     15, false, NULL);

-- The events of the staged records about to be loaded (those in pg_temp.case_history_ids), in order, with
-- the stage before and after each (not yet stored), each with its case's id.
--
-- THE ONE PLACE THAT SAYS WHICH EVENTS A RECORD HOLDS: the VALUES list below (one row per step time of the
-- record, its step_order that of case_history_steps or case_history_other_step_kinds) and, for a step that
-- carries details, its payload in the CASE beside it; a case that took a step several times adds the earlier ones
-- (65_history_other_steps.sql, revision 0032). A return's reason rides with its event (reason): the latest's is
-- the record's return_reason, an earlier one's its item of earlier_return_reasons (revision 0033). Adding an event
-- kind: a row in case_history_steps (action, step_order, main or not, the stage it reaches), a row here naming the
-- record's time column, and its payload in the CASE.
--
-- Set-based and in one pass, with no sort of the whole load: the cases are read in the order of their staged rows
-- (both temporary tables are keyed by stage_row), so each case's few steps are put in order by themselves (an
-- incremental sort: the 16,000,000 events of 2,000,000 cases were sorted as a whole twice, spilled to disk; their
-- rebuilding went from 131 s to 117 s, most of what is left the digests and the payloads). Every window runs over
-- that one order: the running counts say the stage after each step (the last
-- main step's, or deferred while a deferral holds), and the stage before is the stage after the step before.
CREATE FUNCTION assetreg_app.case_history_events()
    RETURNS TABLE (stage_row bigint, id bigint, seq integer, action text, at timestamptz, from_status text,
                   to_status text, payload jsonb, reason text)
    LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
    -- plpgsql: the staging table exists only in the importing session, not when this file is run
    RETURN QUERY
    -- every step's kind: the flow's and the other steps'
    WITH kinds AS (
        SELECT k.action, k.step_order, k.main, k.to_status FROM assetreg_app.case_history_steps k
        UNION ALL
        SELECT k.action, k.step_order, k.main, k.to_status FROM assetreg_app.case_history_other_step_kinds k),
    steps AS (
        SELECT i.stage_row, i.id, e.step_order, e.at, k.action, k.main, k.to_status, e.reason,
               coalesce(e.payload, CASE e.step_order
                   WHEN 1  THEN jsonb_build_object('digest', assetreg_app.case_history_digest(to_jsonb(s)),
                                                  'platform', s.source_platform, 'case_no', s.case_no)
                   -- a returned case's first dispatch went to the unit that returned it (65_history_other_steps.sql)
                   WHEN 5  THEN CASE WHEN s.returned_at IS NULL
                                     THEN jsonb_build_object('maintainer', s.handling_unit, 'crew', s.crew)
                                     ELSE jsonb_build_object('maintainer', assetreg_app.case_history_first_unit(
                                                                 s.returned_unit, s.handling_unit, s.earlier_returned_at,
                                                                 s.earlier_returned_units), 'crew', NULL::text) END
                   WHEN 7  THEN jsonb_build_object('count', s.rework_count)
                   WHEN 8  THEN jsonb_strip_nulls(jsonb_build_object('notes', s.handled_notes, 'parts', s.handled_parts,
                                                                     'cost', s.handled_cost))
                   WHEN 14 THEN jsonb_strip_nulls(jsonb_build_object('channel', s.reply_channel, 'replied_at', s.replied_at,
                                                                     'text', s.reply_text))
                   WHEN 15 THEN jsonb_build_object('satisfaction', s.satisfaction)
                   -- return, re-dispatch, supervise, urge, on the spot (65_history_other_steps.sql)
                   WHEN 16 THEN jsonb_build_object('unit', s.returned_unit, 'crew', NULL::text)
                   WHEN 17 THEN jsonb_build_object('maintainer', s.handling_unit, 'crew', s.crew)
                   WHEN 18 THEN jsonb_build_object('unit', assetreg_app.case_history_unit_at(s.supervised_at, s.dispatched_at,
                                    s.returned_at, s.redispatched_at, s.returned_unit, s.handling_unit, s.earlier_returned_at,
                                    s.earlier_redispatched_at, s.earlier_returned_units))
                   WHEN 19 THEN jsonb_build_object('unit', assetreg_app.case_history_unit_at(s.urged_at, s.dispatched_at,
                                    s.returned_at, s.redispatched_at, s.returned_unit, s.handling_unit, s.earlier_returned_at,
                                    s.earlier_redispatched_at, s.earlier_returned_units))
                   WHEN 20 THEN jsonb_strip_nulls(jsonb_build_object('notes', s.handled_notes))
               END, '{}') || '{"historical": true}' AS payload
          FROM pg_temp.case_history_ids i
          JOIN pg_temp.case_history_stage s ON s.stage_row = i.stage_row
         CROSS JOIN LATERAL (
               SELECT v.step_order, v.at, NULL::jsonb AS payload,
                      CASE WHEN v.step_order = 16 THEN s.return_reason::text END AS reason  -- the latest return's
                 FROM (VALUES
                        (1,  s.reported_at),
                        (2,  s.accepted_at),
                        (3,  s.refused_at),
                        (4,  s.registered_at),
                        (5,  s.dispatched_at),
                        (6,  s.first_handled_at),
                        (7,  s.reworked_at),
                        (8,  s.handled_at),
                        (9,  s.verified_at),
                        (10, s.closed_at),
                        (11, s.cancelled_at),
                        (12, s.deferred_at),
                        (13, s.resumed_at),
                        (14, s.replied_at),
                        (15, coalesce(s.rated_at, CASE WHEN s.satisfaction IS NOT NULL THEN s.closed_at END)),
                        (16, s.returned_at),
                        (17, s.redispatched_at),
                        (18, s.supervised_at),
                        (19, s.urged_at),
                        (20, s.on_the_spot_at)
                       ) AS v(step_order, at)
                WHERE v.at IS NOT NULL
               UNION ALL  -- the earlier supervisions, urgings, returns and re-dispatches (revision 0032), one event each
               SELECT x.step_order, x.at, x.payload, x.reason
                 FROM assetreg_app.case_history_earlier_steps(
                        s.earlier_supervised_at, s.earlier_urged_at, s.dispatched_at, s.returned_at, s.redispatched_at,
                        s.returned_unit, s.handling_unit, s.earlier_returned_at, s.earlier_redispatched_at,
                        s.earlier_returned_units, s.earlier_return_reasons) x
                WHERE s.earlier_supervised_at IS NOT NULL OR s.earlier_urged_at IS NOT NULL OR s.earlier_returned_at IS NOT NULL
              ) AS e
          JOIN kinds k ON k.step_order = e.step_order),
    -- in the flow's order; the last main step so far as its (time, order) (the greatest so far), and the
    -- first step's stage (what a step before any main step keeps)
    ordered AS (
        SELECT st.*, row_number() OVER w AS seq,
               max(CASE WHEN st.main THEN ARRAY[date_part('epoch', st.at), st.step_order] END) OVER w AS last_main,
               first_value(st.to_status) OVER w AS first_stage,
               count(*) FILTER (WHERE st.action = 'defer') OVER w > count(*) FILTER (WHERE st.action = 'resume') OVER w
                   AS deferred_now
          FROM steps st
        WINDOW w AS (PARTITION BY st.stage_row ORDER BY st.at, st.step_order)),
    -- the stage each step leaves the case in (a lookup of the last main step's: a join would lose the order)
    judged AS (
        SELECT o.*, CASE WHEN o.main THEN o.to_status
                         WHEN o.action = 'defer' OR o.deferred_now THEN 'deferred'
                         WHEN o.last_main IS NULL THEN o.first_stage
                         ELSE reached.by_step ->> (o.last_main[2]::integer)::text END AS stage_after
          FROM ordered o
         CROSS JOIN (SELECT jsonb_object_agg(k.step_order, k.to_status) AS by_step FROM kinds k) reached)
    SELECT j.stage_row, j.id, j.seq::integer, j.action, j.at,
           lag(j.stage_after) OVER (PARTITION BY j.stage_row ORDER BY j.at, j.step_order), j.stage_after, j.payload,
           j.reason
      FROM judged j;
END
$$;

-- The key, when the object holds it as null (NULL otherwise).
CREATE FUNCTION assetreg_app.key_if_null(object jsonb, key text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN object -> key = 'null' THEN key END
$$;

-- What "the same record" means for a re-import: a digest of everything the record delivered.
-- The fields revisions 0022, 0029, 0032 and 0033 added count only when given, so that a record imported before
-- them keeps its digest. (The keys to leave out in one array, one removal: a subquery listing them cost a load of
-- 2,000,000 cases about 14 s more; plpgsql, not sql: an inlined sql function would build the record's jsonb once
-- per key.)
CREATE FUNCTION assetreg_app.case_history_digest(record jsonb) RETURNS text
    LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN md5((record - array_remove(ARRAY[
        'stage_row',
        assetreg_app.key_if_null(record, 'returned_at'),
        assetreg_app.key_if_null(record, 'return_reason'),
        assetreg_app.key_if_null(record, 'returned_unit'),
        assetreg_app.key_if_null(record, 'redispatched_at'),
        assetreg_app.key_if_null(record, 'supervised_at'),
        assetreg_app.key_if_null(record, 'urged_at'),
        assetreg_app.key_if_null(record, 'on_the_spot_at'),
        assetreg_app.key_if_null(record, 'collector_code'),
        -- revision 0032: the earlier steps of a case taken several times
        assetreg_app.key_if_null(record, 'earlier_supervised_at'),
        assetreg_app.key_if_null(record, 'earlier_urged_at'),
        assetreg_app.key_if_null(record, 'earlier_returned_at'),
        assetreg_app.key_if_null(record, 'earlier_redispatched_at'),
        assetreg_app.key_if_null(record, 'earlier_returned_units'),
        -- revision 0033: the earlier returns' reasons
        assetreg_app.key_if_null(record, 'earlier_return_reasons')], NULL))::text);
END
$$;

-- Whether a rebuilt step may follow the stage before it: the flow's own transitions, and handling
-- straight from dispatched (a platform does not export our start of handling).
CREATE FUNCTION assetreg_app.case_history_step_allowed(action text, from_status text) RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT action IN ('report', 'defer', 'resume', 'reply', 'rate')
        OR (action = 'handle' AND from_status IN ('dispatched', 'handling'))
        OR EXISTS (SELECT 1 FROM assetreg_app.case_transitions t WHERE t.action = $1 AND t.from_status = $2)
        OR assetreg_app.case_history_other_step_allowed(action, from_status)  -- 65_history_other_steps.sql
$$;

-- == Deadlines in bulk ==========================================================================
-- The same deadlines as assetreg_app.working_deadline (60_calendar.sql), for a whole load at once: that
-- function walks the calendar day by day for each deadline (about 2 ms a call, most of a load's time).
-- Here the working periods of the days concerned are listed once, each with the working time from the
-- first of them to its opening (worked_before) and to its close (worked_through). A deadline is then two
-- index lookups: the first period closing after the start gives the start's place on that clock (worked
-- time + the limit = the target), and the first period from there whose worked_through reaches the target
-- holds the deadline. A start past the listed days falls back to working_deadline (same result, slower).

-- Every working period from first_day to last_day (the city's days and local times), in order.
CREATE FUNCTION assetreg_app.working_periods(first_day date, last_day date)
    RETURNS TABLE (n bigint, opens timestamp, closes timestamp, worked_before interval, worked_through interval)
    LANGUAGE sql STABLE AS $$
    WITH periods AS (
        SELECT d.day, x.ord, d.day + (x.period ->> 0)::time AS opens, d.day + (x.period ->> 1)::time AS closes
          FROM (SELECT g::date AS day FROM generate_series(first_day, last_day, interval '1 day') g) d
         CROSS JOIN assetreg.city_profile p
         CROSS JOIN LATERAL jsonb_array_elements(p.body -> 'working_calendar' -> 'working_hours') WITH ORDINALITY x(period, ord)
         WHERE assetreg_app.is_working_day(d.day))
    SELECT row_number() OVER w, pe.opens, pe.closes,
           coalesce(sum(pe.closes - pe.opens) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), interval '0'),
           sum(pe.closes - pe.opens) OVER (w ROWS UNBOUNDED PRECEDING)
      FROM periods pe
    WINDOW w AS (ORDER BY pe.day, pe.ord)
$$;

-- The deadline of each row of pg_temp.case_history_due_from (matter_class, urgency, which, start_at) from
-- the profile's limits, into pg_temp.case_history_due (the same columns, urgency_key for joining, due).
CREATE FUNCTION assetreg_app.case_history_compute_due() RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    profile jsonb := (SELECT p.body FROM assetreg.city_profile p);
    zone text := profile ->> 'timezone';
    day_length interval;
    first_day date;
    last_day date;
BEGIN
    SELECT sum((x ->> 1)::time - (x ->> 0)::time) INTO day_length
      FROM jsonb_array_elements(profile -> 'working_calendar' -> 'working_hours') x;
    ANALYZE pg_temp.case_history_due_from;
    SELECT min((f.start_at AT TIME ZONE zone)::date), max((f.start_at AT TIME ZONE zone)::date) + 400
      INTO first_day, last_day FROM pg_temp.case_history_due_from f;
    CREATE TEMP TABLE case_history_periods ON COMMIT DROP AS
    SELECT * FROM assetreg_app.working_periods(first_day, last_day);
    CREATE INDEX ON pg_temp.case_history_periods (closes);
    CREATE INDEX ON pg_temp.case_history_periods (worked_through, n);
    ANALYZE pg_temp.case_history_periods;
    CREATE TEMP TABLE case_history_due ON COMMIT DROP AS
    WITH limits AS (
        SELECT k.matter_class, k.urgency, k.which, (l ->> 'amount')::numeric AS amount, l ->> 'unit' AS unit
          FROM (SELECT DISTINCT f.matter_class, f.urgency, f.which FROM pg_temp.case_history_due_from f) k
         CROSS JOIN LATERAL assetreg_app.case_time_limit(k.matter_class, k.urgency, k.which) l)
    SELECT f.matter_class, coalesce(f.urgency, '') AS urgency_key, f.which, f.start_at,
           CASE WHEN l.unit = 'calendar_hours' THEN f.start_at + l.amount::float8 * interval '1 hour'
                ELSE coalesce(last.local_due AT TIME ZONE zone, assetreg_app.working_deadline(f.start_at, l.amount, l.unit))
           END AS due
      FROM pg_temp.case_history_due_from f
      JOIN limits l ON l.matter_class = f.matter_class AND l.which = f.which
                   AND l.urgency IS NOT DISTINCT FROM f.urgency
     CROSS JOIN LATERAL (
           SELECT f.start_at AT TIME ZONE zone AS local_start,
                  CASE l.unit WHEN 'working_hours' THEN l.amount::float8 * interval '1 hour'
                              WHEN 'working_days' THEN l.amount::float8 * day_length END AS remaining) r
      LEFT JOIN LATERAL (
           SELECT p.n, p.worked_before + (greatest(r.local_start, p.opens) - p.opens) + r.remaining AS target
             FROM pg_temp.case_history_periods p
            WHERE p.closes > r.local_start
            ORDER BY p.closes LIMIT 1) first ON r.remaining >= interval '0'
      LEFT JOIN LATERAL (
           SELECT p.opens + (first.target - p.worked_before) AS local_due
             FROM pg_temp.case_history_periods p
            WHERE p.worked_through >= first.target AND p.n >= first.n
            ORDER BY p.worked_through, p.n LIMIT 1) last ON true;
    ANALYZE pg_temp.case_history_due;  -- joined to every case and event of the load
END
$$;

CREATE FUNCTION assetreg_app.case_load_history()
    RETURNS TABLE (loaded bigint, unchanged bigint, updated bigint)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    -- the temporary tables' row counts are guessed before they are analyzed: plans priced at millions of rows
    -- were compiled (about 1 s a statement, more than they saved); sorts of a load's events stay in memory
    SET jit = off SET work_mem = '64MB' AS $$
DECLARE
    listed text;
    family_table text;
    bulk boolean;
    -- once, not per case (a query each)
    submission bigint := assetreg_app.current_submission();
BEGIN
    IF NOT assetreg_app.session_holds('assetreg_admin', 'assetreg_editor') THEN
        PERFORM assetreg_app.refuse('AR005', 'refusal.case.history_not_allowed', jsonb_build_object('login', session_user));
    END IF;
    -- a case number registered with other content: the platform's record is not ours to overwrite (each
    -- registered case's report event read by its key: joined, a plan made on statistics that did not yet
    -- know a load just committed scanned the events once per staged case, minutes for 50,000)
    SELECT string_agg(c.case_no, ', ' ORDER BY c.case_no) INTO listed FROM (
        SELECT s.case_no FROM pg_temp.case_history_stage s
          JOIN assetreg.work_order w ON w.case_no = s.case_no
          LEFT JOIN LATERAL (
                SELECT r.payload FROM assetreg.work_order_event r
                 WHERE r.work_order_id = w.id AND r.action = 'report' ORDER BY r.id LIMIT 1) e ON true
         -- (a later export that only adds the collector is no conflict: 66_case_history_fills.sql)
         WHERE assetreg_app.case_history_match(e.payload ->> 'digest', w.collector_code, to_jsonb(s)) = 'other'
         ORDER BY s.case_no LIMIT 10) c;
    IF listed IS NOT NULL THEN
        PERFORM assetreg_app.refuse('AR001', 'refusal.case.history_registered_otherwise', jsonb_build_object('cases', listed));
    END IF;
    updated := assetreg_app.case_history_fill_collectors();  -- the collectors a later export adds
    -- the new cases' ids in the order of their staged rows, keyed like the stage (case_history_events reads both in it)
    CREATE TEMP TABLE case_history_ids ON COMMIT DROP AS
    SELECT n.stage_row, nextval('assetreg.work_order_id_seq') AS id
      FROM (SELECT s.stage_row FROM pg_temp.case_history_stage s
             WHERE NOT EXISTS (SELECT 1 FROM assetreg.work_order w WHERE w.case_no = s.case_no)
             ORDER BY s.stage_row) n;
    ALTER TABLE pg_temp.case_history_ids ADD PRIMARY KEY (stage_row);
    ANALYZE pg_temp.case_history_ids;
    -- each event's id taken here, in the events' order (each case's in turn, its steps in order): the insert below
    -- then needs no sort of the load's events to number them in order
    CREATE TEMP TABLE case_history_rebuilt ON COMMIT DROP AS
    SELECT e.*, nextval('assetreg.work_order_event_id_seq') AS event_id FROM assetreg_app.case_history_events() e;
    ANALYZE pg_temp.case_history_rebuilt;
    -- the flow's rules, for every step at once: each pair (step, stage before) the load holds judged once
    SELECT string_agg(c.case_no, ', ' ORDER BY c.case_no) INTO listed FROM (
        SELECT DISTINCT s.case_no FROM pg_temp.case_history_rebuilt e
          JOIN (SELECT p.action, p.from_status
                  FROM (SELECT DISTINCT r.action, r.from_status FROM pg_temp.case_history_rebuilt r OFFSET 0) p
                 WHERE NOT assetreg_app.case_history_step_allowed(p.action, p.from_status)) refused
            ON refused.action = e.action AND refused.from_status IS NOT DISTINCT FROM e.from_status
          JOIN pg_temp.case_history_stage s ON s.stage_row = e.stage_row
         ORDER BY s.case_no LIMIT 10) c;
    IF listed IS NOT NULL THEN
        PERFORM assetreg_app.refuse('AR001', 'refusal.case.history_steps_not_allowed', jsonb_build_object('cases', listed));
    END IF;
    -- each case's number of events, stage reached and stage deferred from, for the checks and the case row
    CREATE TEMP TABLE case_history_reached ON COMMIT DROP AS
    SELECT e.stage_row, count(*)::integer AS events,
           (array_agg(e.to_status ORDER BY e.seq DESC))[1] AS reached,
           max(e.from_status) FILTER (WHERE e.action = 'defer') AS deferred_from
      FROM pg_temp.case_history_rebuilt e GROUP BY e.stage_row;
    ANALYZE pg_temp.case_history_reached;
    SELECT string_agg(c.case_no, ', ' ORDER BY c.case_no) INTO listed FROM (
        SELECT s.case_no FROM pg_temp.case_history_stage s
          JOIN pg_temp.case_history_reached r ON r.stage_row = s.stage_row
         WHERE r.reached IS DISTINCT FROM s.status
         ORDER BY s.case_no LIMIT 10) c;
    IF listed IS NOT NULL THEN
        PERFORM assetreg_app.refuse('AR001', 'refusal.case.history_status_not_reached', jsonb_build_object('cases', listed));
    END IF;
    -- the deadlines to compute, all at once: the latest assignment's and the closing one the platform did not
    -- record, and an earlier assignment's own (a dispatch before a rework)
    CREATE TEMP TABLE case_history_due_from ON COMMIT DROP AS
    SELECT DISTINCT x.matter_class, x.urgency, x.which, x.start_at FROM (
        SELECT right(s.matter_code, 5) AS matter_class, s.urgency, 'handling' AS which,
               coalesce(s.reworked_at, s.redispatched_at, s.dispatched_at) AS start_at
          FROM pg_temp.case_history_stage s JOIN pg_temp.case_history_ids i USING (stage_row)
         WHERE s.handling_deadline IS NULL
        UNION ALL
        SELECT right(s.matter_code, 5), s.urgency, 'closing', s.registered_at
          FROM pg_temp.case_history_stage s JOIN pg_temp.case_history_ids i USING (stage_row)
         WHERE s.closing_deadline IS NULL
        UNION ALL
        SELECT right(s.matter_code, 5), s.urgency, 'handling', e.at
          FROM pg_temp.case_history_rebuilt e JOIN pg_temp.case_history_stage s USING (stage_row)
         WHERE e.action IN ('dispatch', 'rework') AND e.at IS DISTINCT FROM coalesce(s.reworked_at, s.redispatched_at, s.dispatched_at)
    ) x WHERE x.start_at IS NOT NULL;
    PERFORM assetreg_app.case_history_compute_due();

    -- each case's deadlines: the ones the platform recorded, else the profile's limit from the last assignment
    -- (a deferral that ended stopped the clock: the computed deadline moves by the time it lasted); and each
    -- earlier assignment's own, for its event
    CREATE TEMP TABLE case_history_deadlines ON COMMIT DROP AS
    SELECT i.stage_row, i.id, right(s.matter_code, 5) AS matter_class, coalesce(s.urgency, '') AS urgency_key,
           coalesce(s.reworked_at, s.redispatched_at, s.dispatched_at) AS latest_assignment,
           s.returned_at IS NOT NULL AND s.redispatched_at IS NULL AS awaits_redispatch,
           coalesce(s.handling_deadline, CASE WHEN coalesce(s.reworked_at, s.redispatched_at, s.dispatched_at) IS NOT NULL THEN
               dh.due
               + CASE WHEN s.deferred_at >= coalesce(s.reworked_at, s.redispatched_at, s.dispatched_at)
                      THEN coalesce(s.resumed_at - s.deferred_at, interval '0') ELSE interval '0' END END)
               AS handling_deadline,
           coalesce(s.closing_deadline, CASE WHEN s.registered_at IS NOT NULL THEN
               dc.due
               + coalesce(s.resumed_at - s.deferred_at, interval '0') END) AS closing_deadline
      FROM pg_temp.case_history_stage s
      JOIN pg_temp.case_history_ids i USING (stage_row)
      LEFT JOIN pg_temp.case_history_due dh
             ON s.handling_deadline IS NULL AND dh.which = 'handling' AND dh.matter_class = right(s.matter_code, 5)
            AND dh.urgency_key = coalesce(s.urgency, '') AND dh.start_at = coalesce(s.reworked_at, s.redispatched_at, s.dispatched_at)
      LEFT JOIN pg_temp.case_history_due dc
             ON s.closing_deadline IS NULL AND dc.which = 'closing' AND dc.matter_class = right(s.matter_code, 5)
            AND dc.urgency_key = coalesce(s.urgency, '') AND dc.start_at = s.registered_at;
    ANALYZE pg_temp.case_history_deadlines;

    -- a bulk load (at least as many new cases as the registry holds): the case tables' foreign keys and plain
    -- indexes set aside for the inserts, restored and checked set-wise after them (66_case_history_bulk.sql)
    bulk := (SELECT count(*) FROM pg_temp.case_history_ids) >= greatest((SELECT count(*) FROM assetreg.work_order), 1);
    IF bulk THEN
        PERFORM assetreg_app.case_history_set_keys_aside();
    END IF;

    INSERT INTO assetreg.work_order
           (id, case_no, matter_code, source, urgency, status, description, reporter_name, reporter_contact, address,
            reported_at, handling_deadline, closing_deadline, handling_unit, crew, handled_at, handled_notes, handled_parts,
            handled_cost, rework_count, closed_at, satisfaction, version, deferred_from, geom, located_grid, located_at,
            source_platform, accepted_at, registered_at, dispatched_at, first_handled_at, reworked_at, verified_at,
            refused_at, cancelled_at, deferred_at, resumed_at, reply_channel, replied_at, reply_text, rated_at, submission_id,
            returned_at, return_reason, returned_unit, redispatched_at, supervised_at, urged_at, on_the_spot_at,
            collector_code,
            earlier_supervised_at, earlier_urged_at, earlier_returned_at, earlier_redispatched_at, earlier_returned_units,
            earlier_return_reasons)
    SELECT d.id, s.case_no, s.matter_code, s.source, s.urgency, s.status, s.description, s.reporter_name,
           s.reporter_contact, s.address, s.reported_at,
           -- a case returned and not dispatched again is with no unit, and so has no handling deadline
           CASE WHEN NOT d.awaits_redispatch THEN d.handling_deadline END, d.closing_deadline,
           CASE WHEN NOT d.awaits_redispatch THEN s.handling_unit END, CASE WHEN NOT d.awaits_redispatch THEN s.crew END,
           -- an on-the-spot case was handled and closed by its collector when reported (65_history_other_steps.sql)
           coalesce(s.on_the_spot_at, s.handled_at), s.handled_notes, s.handled_parts, s.handled_cost,
           coalesce(s.rework_count, CASE WHEN s.reworked_at IS NOT NULL THEN 1 ELSE 0 END),
           coalesce(s.on_the_spot_at, s.closed_at), s.satisfaction,
           r.events, CASE WHEN s.status = 'deferred' THEN r.deferred_from END,
           s.geom, CASE WHEN s.geom IS NOT NULL THEN assetreg_app.grid_at(s.geom) END, now(),
           s.source_platform, s.accepted_at, s.registered_at, s.dispatched_at, s.first_handled_at, s.reworked_at,
           s.verified_at, s.refused_at, s.cancelled_at, s.deferred_at, s.resumed_at, s.reply_channel, s.replied_at,
           s.reply_text, s.rated_at, submission,
           s.returned_at, s.return_reason, s.returned_unit, s.redispatched_at, s.supervised_at, s.urged_at,
           s.on_the_spot_at, s.collector_code,
           -- revision 0032: the earlier steps as delivered (their events are rebuilt by 65_history_other_steps.sql)
           s.earlier_supervised_at, s.earlier_urged_at, s.earlier_returned_at, s.earlier_redispatched_at,
           s.earlier_returned_units, s.earlier_return_reasons  -- revision 0033
      FROM pg_temp.case_history_stage s
      JOIN pg_temp.case_history_deadlines d USING (stage_row)
      JOIN pg_temp.case_history_reached r USING (stage_row)
     ORDER BY d.id;
    GET DIAGNOSTICS loaded = ROW_COUNT;

    INSERT INTO assetreg.work_order_event (id, work_order_id, version, at, action, from_status, to_status,
                                           handling_deadline, payload, reason)
    SELECT e.event_id, e.id, e.seq, e.at, e.action, e.from_status, e.to_status,
           -- each handling assignment has its own deadline: the latest the case's, an earlier one the profile's
           CASE WHEN e.action IN ('dispatch', 'rework') THEN
                CASE WHEN e.at = d.latest_assignment THEN d.handling_deadline ELSE de.due END END,
           e.payload,
           -- a live return keeps its reason there: the latest's return_reason, an earlier one's item of
           -- earlier_return_reasons (revision 0033; none for an empty item), as case_history_events carries them
           e.reason
      FROM pg_temp.case_history_rebuilt e
      LEFT JOIN pg_temp.case_history_deadlines d ON e.action IN ('dispatch', 'rework') AND d.stage_row = e.stage_row
      LEFT JOIN pg_temp.case_history_due de
             ON e.action IN ('dispatch', 'rework') AND de.which = 'handling' AND de.matter_class = d.matter_class
            AND de.urgency_key = d.urgency_key AND de.start_at = e.at;

    FOR family_table IN SELECT f.table_name FROM assetreg_app.family_tables() f LOOP
        EXECUTE format('INSERT INTO assetreg.work_order_asset (work_order_id, family, asset_uid, component_id)'
                       ' SELECT i.id, %L, t.uid, t.component_id FROM pg_temp.case_history_stage s'
                       ' JOIN pg_temp.case_history_ids i USING (stage_row)'
                       ' JOIN assetreg.%I t ON t.component_id = s.component_id', family_table, family_table);
    END LOOP;
    IF bulk THEN
        PERFORM assetreg_app.case_history_restore_keys();
    END IF;

    -- == END OF THE LOAD: the cases and their events are in place (keys restored); what is derived from
    -- the loaded cases as a whole is rebuilt here, in one call each (e.g. the per-case facts of the
    -- past-month indicators) ==
    PERFORM assetreg_app.case_facts_rebuild(ARRAY(SELECT i.id FROM pg_temp.case_history_ids i));  -- CASEFACTS: the indicators' facts of the loaded cases, set-wise (69_case_facts.sql)
    SELECT count(*) - loaded - updated INTO unchanged FROM pg_temp.case_history_stage;
    RETURN NEXT;
END
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.case_load_history()', 'object.case_load_history');

ALTER FUNCTION assetreg_app.case_load_history() OWNER TO assetreg_case_flow;
REVOKE ALL ON FUNCTION assetreg_app.case_load_history(), assetreg_app.case_history_events(),
                       assetreg_app.case_history_compute_due() FROM PUBLIC;
-- the roles that import cases; the function's own check names them again (session_user)
GRANT EXECUTE ON FUNCTION assetreg_app.case_load_history() TO assetreg_editor, assetreg_admin;
GRANT EXECUTE ON FUNCTION assetreg_app.case_history_events() TO assetreg_case_flow;
GRANT EXECUTE ON FUNCTION assetreg_app.case_history_compute_due() TO assetreg_case_flow;
GRANT SELECT ON assetreg_app.case_history_steps TO assetreg_case_flow;
-- The flow's role marks historical cases with the submission that is loading them: it sees the one
-- running submission of the login that called it, nothing else (policies live with the table, so
-- they are dropped and made again with this file).
DROP POLICY IF EXISTS case_flow_running_submission ON assetreg.submission;
CREATE POLICY case_flow_running_submission ON assetreg.submission FOR SELECT
    TO assetreg_case_flow
    USING (outcome = 'running' AND submitted_by = session_user);
