-- The other steps of a historical case (standard 1.1, revision 0022; issue 15), rebuilt as the live steps
-- write them (65_cases.sql, 67_case_steps.sql), so the indicators and step counts take both alike:
--   回退 (return)       returned_at, return_reason, returned_unit: a 'return' event from the stage it left
--                       (dispatched) to registered, the reason in the event's reason, payload {unit, crew};
--                       redispatched_at: the 'dispatch' that follows, payload {maintainer, crew} as a
--                       dispatch's, with its own handling deadline (an assignment of its own)
--   督办/催办           supervised_at, urged_at: a 'supervise' / 'urge' event, the stage unchanged,
--                       payload {unit: the unit the case was with then}
--   即知即办            on_the_spot_at: an 'on_the_spot' event from reported or accepted to closed, payload
--                       {notes}; the case is handled and closed at that moment
-- (a reply's payload, {channel, replied_at, text}, is rebuilt by 66_case_history.sql.)
--
-- case_load_history (66_case_history.sql) takes these steps with the others through
-- case_history_other_steps, checks them with case_history_other_step_allowed, and writes their columns
-- with the case's own (a case returned and not dispatched again is with no unit; an on-the-spot case is
-- handled and closed when reported). A flat record holds one return, one supervision and one urging (the
-- latest); a platform that exported several gives the last.

-- The steps of the flow these take their place among (case_history_steps' step_order, after its own).
CREATE VIEW assetreg_app.case_history_other_step_kinds (action, step_order, main, to_status) AS
VALUES ('return',      16, true,  'registered'),
       ('dispatch',    17, true,  'dispatched'),  -- the re-dispatch after a return
       ('supervise',   18, false, NULL),
       ('urge',        19, false, NULL),
       ('on_the_spot', 20, true,  'closed');

-- The other steps of the staged records (pg_temp.case_history_stage), shaped like case_history_events' steps.
CREATE FUNCTION assetreg_app.case_history_other_steps()
    RETURNS TABLE (stage_row bigint, action text, step_order integer, at timestamptz, payload jsonb)
    LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
    -- plpgsql: the staging table exists only in the importing session, not when this file is run
    -- the payloads built for the steps the record has only (in the VALUES they were built for every
    -- record's five, most of them absent: about 0.7 s per 100,000 cases that have none of these steps)
    RETURN QUERY
    SELECT s.stage_row, e.action, e.step_order, e.at,
           CASE e.step_order
               WHEN 16 THEN jsonb_build_object('unit', s.returned_unit, 'crew', NULL::text)
               WHEN 17 THEN jsonb_build_object('maintainer', s.handling_unit, 'crew', s.crew)
               WHEN 18 THEN jsonb_build_object('unit', assetreg_app.case_history_unit_at(
                                s.supervised_at, s.dispatched_at, s.returned_at, s.redispatched_at,
                                s.returned_unit, s.handling_unit))
               WHEN 19 THEN jsonb_build_object('unit', assetreg_app.case_history_unit_at(
                                s.urged_at, s.dispatched_at, s.returned_at, s.redispatched_at,
                                s.returned_unit, s.handling_unit))
               WHEN 20 THEN jsonb_strip_nulls(jsonb_build_object('notes', s.handled_notes))
           END
      FROM pg_temp.case_history_stage s
     CROSS JOIN LATERAL (VALUES
            ('return',      16, s.returned_at),
            ('dispatch',    17, s.redispatched_at),
            ('supervise',   18, s.supervised_at),
            ('urge',        19, s.urged_at),
            ('on_the_spot', 20, s.on_the_spot_at)
           ) AS e(action, step_order, at)
     WHERE e.at IS NOT NULL;
END
$$;

-- The unit a staged case was with at a moment: none before its dispatch, the returning unit until the
-- return, none until the re-dispatch, then the handling unit (as the live case's handling_unit was).
CREATE FUNCTION assetreg_app.case_history_unit_at(moment timestamptz, dispatched_at timestamptz, returned_at timestamptz,
                                                  redispatched_at timestamptz, returned_unit text, handling_unit text)
    RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN dispatched_at IS NULL OR moment < dispatched_at THEN NULL
                WHEN returned_at IS NOT NULL AND moment < returned_at THEN coalesce(returned_unit, handling_unit)
                WHEN returned_at IS NOT NULL AND (redispatched_at IS NULL OR moment < redispatched_at) THEN NULL
                ELSE handling_unit END
$$;

-- Whether one of these steps may follow the stage before it: as the live functions allow.
CREATE FUNCTION assetreg_app.case_history_other_step_allowed(action text, from_status text) RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT (action IN ('supervise', 'urge') AND from_status NOT IN ('closed', 'cancelled', 'refused'))
        OR (action = 'on_the_spot' AND from_status IN ('reported', 'accepted'))
$$;

-- What the loaded cases hold from these steps, as the live steps leave a case (run by case_load_history
-- after it inserted the cases and their events, for the cases of pg_temp.case_history_ids): the record's
-- fields of these steps; a returned case not dispatched again has no unit, crew or handling deadline (a live
-- return clears them); a case handled on the spot was handled and closed at that moment. (The load itself
-- takes a re-dispatch as the case's latest assignment, and a return's reason onto its event.)
REVOKE ALL ON FUNCTION assetreg_app.case_history_other_steps(), assetreg_app.case_history_unit_at(timestamptz, timestamptz, timestamptz, timestamptz, text, text),
    assetreg_app.case_history_other_step_allowed(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assetreg_app.case_history_other_steps(), assetreg_app.case_history_unit_at(timestamptz, timestamptz, timestamptz, timestamptz, text, text),
    assetreg_app.case_history_other_step_allowed(text, text)
    TO assetreg_case_flow;
GRANT SELECT ON assetreg_app.case_history_other_step_kinds TO assetreg_case_flow;
