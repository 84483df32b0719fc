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
-- (their payloads, like a reply's {channel, replied_at, text}, are built by case_history_events, 66_case_history.sql.)
--
-- case_load_history (66_case_history.sql) rebuilds these steps with the others (case_history_events: their
-- times and payloads beside the flow's), checks them with case_history_other_step_allowed, and writes their columns
-- with the case's own (a case returned and not dispatched again is with no unit; an on-the-spot case is
-- handled and closed when reported). The record's own fields hold the latest return, supervision and urging;
-- a case that went through them several times lists the earlier ones (revision 0032, below): one event each.

-- The steps of the flow these take their place among (case_history_steps' step_order, after its own).
CREATE VIEW assetreg_app.case_history_other_step_kinds (action, step_order, main, to_status) AS
VALUES ('return',      16, true,  'registered'),
       ('dispatch',    17, true,  'dispatched'),  -- the re-dispatch after a return
       ('supervise',   18, false, NULL),
       ('urge',        19, false, NULL),
       ('on_the_spot', 20, true,  'closed');

-- == Steps taken several times (issue 15, revision 0032) ==========================================
-- A record's own fields hold the latest supervision, urging and return (supervised_at, urged_at, returned_at
-- with its unit, reason and re-dispatch); the earlier ones come as lists in one field each (the standard's
-- x-separator ';', checked item by item by the validator, core/crossfield.py): earlier_supervised_at,
-- earlier_urged_at, earlier_returned_at with the re-dispatch after each (earlier_redispatched_at, as many) and,
-- if the platform exported them, the units that returned it (earlier_returned_units, as many) and the reasons
-- (earlier_return_reasons, revision 0033, as many; an empty item where none was exported). A case returned
-- twice went: first dispatch -> return 1 -> re-dispatch 1 -> return 2 (returned_at) -> redispatched_at; each
-- dispatch went to the unit that returned it next, the last one to the handling unit.

-- The items of such a list, numbered from 1 (an empty item, as in a unit not exported, is NULL in its place).
CREATE FUNCTION assetreg_app.case_history_list_items(list text) RETURNS TABLE (n integer, item text)
    LANGUAGE sql IMMUTABLE AS $$
    SELECT u.n::integer, nullif(btrim(u.item), '') FROM unnest(string_to_array(list, ';')) WITH ORDINALITY AS u(item, n)
$$;

-- A staged case's dispatches and returns in order (the first dispatch, then each return and the re-dispatch
-- after it), each with its unit: a return's is the unit that returned the case, a dispatch's the unit it went
-- to (the one that returned it next, or the handling unit after the last return); flat marks the ones the
-- record's own fields give (the first dispatch, the latest return and re-dispatch). An earlier return carries
-- its item of earlier_return_reasons (revision 0033; the latest's reason is the record's return_reason, which
-- case_history_events gives its event).
CREATE FUNCTION assetreg_app.case_history_assignments(
        dispatched_at timestamptz, returned_at timestamptz, redispatched_at timestamptz, returned_unit text,
        handling_unit text, earlier_returned_at text, earlier_redispatched_at text, earlier_returned_units text,
        earlier_return_reasons text DEFAULT NULL)
    RETURNS TABLE (at timestamptz, action text, unit text, flat boolean, reason text)
    LANGUAGE sql STABLE AS $$
    WITH returns AS (
        SELECT t.n, t.item::timestamptz AS at, u.item AS unit, false AS flat, r.item AS reason
          FROM assetreg_app.case_history_list_items(earlier_returned_at) t
          LEFT JOIN assetreg_app.case_history_list_items(earlier_returned_units) u USING (n)
          LEFT JOIN assetreg_app.case_history_list_items(earlier_return_reasons) r USING (n)
        UNION ALL
        SELECT (SELECT count(*) FROM assetreg_app.case_history_list_items(earlier_returned_at))::integer + 1,
               returned_at, coalesce(returned_unit, handling_unit), true, NULL::text
         WHERE returned_at IS NOT NULL),
    redispatches AS (
        SELECT t.n, t.item::timestamptz AS at, false AS flat
          FROM assetreg_app.case_history_list_items(earlier_redispatched_at) t
        UNION ALL
        SELECT (SELECT count(*) FROM assetreg_app.case_history_list_items(earlier_redispatched_at))::integer + 1,
               redispatched_at, true
         WHERE redispatched_at IS NOT NULL)
    SELECT dispatched_at, 'dispatch',
           CASE WHEN EXISTS (SELECT 1 FROM returns) THEN (SELECT r.unit FROM returns r WHERE r.n = 1) ELSE handling_unit END,
           true, NULL::text
     WHERE dispatched_at IS NOT NULL
    UNION ALL
    SELECT r.at, 'return', r.unit, r.flat, r.reason FROM returns r
    UNION ALL
    SELECT d.at, 'dispatch', coalesce((SELECT r.unit FROM returns r WHERE r.n = d.n + 1 AND NOT d.flat),
                                      CASE WHEN d.flat THEN handling_unit END), d.flat, NULL::text
      FROM redispatches d
$$;

-- The unit of a case's first dispatch: the one that returned it first (none when that return's unit was not
-- exported), else the handling unit.
CREATE FUNCTION assetreg_app.case_history_first_unit(returned_unit text, handling_unit text, earlier_returned_at text,
                                                     earlier_returned_units text)
    RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN earlier_returned_at IS NULL THEN coalesce(returned_unit, handling_unit)
                ELSE (SELECT u.item FROM assetreg_app.case_history_list_items(earlier_returned_units) u WHERE u.n = 1) END
$$;

-- The steps the lists add, as case_history_events takes them: each earlier supervision and urging with
-- the unit the case was with then, each earlier return with its unit and its reason (the event's reason,
-- revision 0033), and the re-dispatch after it.
CREATE FUNCTION assetreg_app.case_history_earlier_steps(
        earlier_supervised_at text, earlier_urged_at text, dispatched_at timestamptz, returned_at timestamptz,
        redispatched_at timestamptz, returned_unit text, handling_unit text, earlier_returned_at text,
        earlier_redispatched_at text, earlier_returned_units text, earlier_return_reasons text)
    RETURNS TABLE (action text, step_order integer, at timestamptz, payload jsonb, reason text)
    LANGUAGE sql STABLE AS $$
    WITH timeline AS (
        SELECT * FROM assetreg_app.case_history_assignments(dispatched_at, returned_at, redispatched_at, returned_unit,
                                                             handling_unit, earlier_returned_at, earlier_redispatched_at,
                                                             earlier_returned_units, earlier_return_reasons)),
    pressed AS (
        SELECT 'supervise' AS action, 18 AS step_order, l.item::timestamptz AS at
          FROM assetreg_app.case_history_list_items(earlier_supervised_at) l
        UNION ALL
        SELECT 'urge', 19, l.item::timestamptz FROM assetreg_app.case_history_list_items(earlier_urged_at) l)
    SELECT p.action, p.step_order, p.at,
           jsonb_build_object('unit', (SELECT CASE WHEN t.action = 'dispatch' THEN t.unit END FROM timeline t
                                        WHERE t.at <= p.at ORDER BY t.at DESC LIMIT 1)),
           NULL::text
      FROM pressed p
    UNION ALL
    SELECT t.action, CASE t.action WHEN 'return' THEN 16 ELSE 17 END, t.at,
           CASE t.action WHEN 'return' THEN jsonb_build_object('unit', t.unit, 'crew', NULL::text)
                         ELSE jsonb_build_object('maintainer', t.unit, 'crew', NULL::text) END,
           t.reason
      FROM timeline t
     WHERE NOT t.flat
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

-- The same for a case returned several times (its earlier returns listed, revision 0032): the latest dispatch or
-- return at or before the moment says it (a return leaves the case with no unit until its re-dispatch).
CREATE FUNCTION assetreg_app.case_history_unit_at(moment timestamptz, dispatched_at timestamptz, returned_at timestamptz,
                                                  redispatched_at timestamptz, returned_unit text, handling_unit text,
                                                  earlier_returned_at text, earlier_redispatched_at text,
                                                  earlier_returned_units text)
    RETURNS text
    LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN earlier_returned_at IS NULL
                THEN assetreg_app.case_history_unit_at(moment, dispatched_at, returned_at, redispatched_at, returned_unit,
                                                       handling_unit)
                ELSE (SELECT CASE WHEN t.action = 'dispatch' THEN t.unit END
                        FROM assetreg_app.case_history_assignments(dispatched_at, returned_at, redispatched_at,
                                                                    returned_unit, handling_unit, earlier_returned_at,
                                                                    earlier_redispatched_at, earlier_returned_units) t
                       WHERE t.at <= moment ORDER BY t.at DESC LIMIT 1) END
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
REVOKE ALL ON FUNCTION assetreg_app.case_history_unit_at(timestamptz, timestamptz, timestamptz, timestamptz, text, text),
    assetreg_app.case_history_other_step_allowed(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assetreg_app.case_history_unit_at(timestamptz, timestamptz, timestamptz, timestamptz, text, text),
    assetreg_app.case_history_other_step_allowed(text, text)
    TO assetreg_case_flow;
REVOKE ALL ON FUNCTION assetreg_app.case_history_list_items(text),
    assetreg_app.case_history_assignments(timestamptz, timestamptz, timestamptz, text, text, text, text, text, text),
    assetreg_app.case_history_first_unit(text, text, text, text),
    assetreg_app.case_history_earlier_steps(text, text, timestamptz, timestamptz, timestamptz, text, text, text, text, text,
                                            text),
    assetreg_app.case_history_unit_at(timestamptz, timestamptz, timestamptz, timestamptz, text, text, text, text, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assetreg_app.case_history_list_items(text),
    assetreg_app.case_history_assignments(timestamptz, timestamptz, timestamptz, text, text, text, text, text, text),
    assetreg_app.case_history_first_unit(text, text, text, text),
    assetreg_app.case_history_earlier_steps(text, text, timestamptz, timestamptz, timestamptz, text, text, text, text, text,
                                            text),
    assetreg_app.case_history_unit_at(timestamptz, timestamptz, timestamptz, timestamptz, text, text, text, text, text)
    TO assetreg_case_flow;
GRANT SELECT ON assetreg_app.case_history_other_step_kinds TO assetreg_case_flow;
