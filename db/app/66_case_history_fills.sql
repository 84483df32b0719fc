-- What a later delivery of an already registered historical case may add (issue 15, histsteps).
--
-- A re-import compares each staged record with the one its case was registered from (the digest in the
-- report event, case_history_digest in 66_case_history.sql). The same record leaves the case as it is; other
-- content is refused: the platform's record is not ours to overwrite. One difference is no conflict: a case
-- imported without its collector (collector_code, revision 0029) whose later export names one. The collector
-- is then filled in (and counted by the figures per person, 71_kpi_groups.sql) and the case reported as
-- updated. The report event keeps the digest of the record the case was first registered from (events are
-- history, never rewritten); the filled code is what makes the later export match it again.
--
-- A fill is a change of the case like any other: it appends an event and moves the case's version by one.
-- The event's action is 'fill_collector' (补录采集员), its stage unchanged (from_status = to_status, as a
-- supervision's in 67_case_steps.sql), its actor the importing login (the column's default, session_user), its
-- payload the code filled in and the submission that brought it: {"collector": code, "submission": id}. Only
-- the flow's load writes it (the case tables' trigger, 65_cases.sql; EXECUTE of the function below granted to
-- the flow's role alone). Nothing derived reacts to it: the case facts (69_case_facts.sql), the repeat marks
-- (73), the lights off (69_lights_off.sql) and the indicators (70, 71) read listed actions and columns only, and
-- neither the collector nor the version is one of them (the figures per person read collector_code itself).

-- How a staged record stands to the case registered under its number:
--   'same'             the record it was registered from (or that record with the collector filled in since)
--   'fills_collector'  that record with a collector the case has not got yet
--   'other'            anything else, including a collector other than the case's
CREATE FUNCTION assetreg_app.case_history_match(registered_digest text, registered_collector text, record jsonb)
    RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
               WHEN registered_digest IS NOT DISTINCT FROM assetreg_app.case_history_digest(record) THEN 'same'
               WHEN record ->> 'collector_code' IS NULL
                    OR registered_digest IS DISTINCT FROM assetreg_app.case_history_digest(record - 'collector_code')
                   THEN 'other'
               WHEN registered_collector IS NULL THEN 'fills_collector'
               WHEN registered_collector = record ->> 'collector_code' THEN 'same'
               ELSE 'other' END
$$;

-- Fills in the collectors the staged records add to registered cases (run by case_load_history once no staged
-- record is 'other'): set-wise, one statement for the cases and their events; returns how many cases were updated.
CREATE FUNCTION assetreg_app.case_history_fill_collectors() RETURNS bigint
    LANGUAGE plpgsql AS $$
DECLARE
    filled bigint;
    submission bigint := assetreg_app.current_submission();  -- once, not per case
BEGIN
    -- plpgsql: the staging table exists only in the importing session, not when this file is run.
    -- Past the check every registered case is 'same' or 'fills_collector', and only the latter has no
    -- collector where its record names one. Each filled case's new version is its event's.
    WITH filled_cases AS (
        UPDATE assetreg.work_order w SET collector_code = s.collector_code, version = w.version + 1
          FROM pg_temp.case_history_stage s
         WHERE w.case_no = s.case_no AND w.collector_code IS NULL AND s.collector_code IS NOT NULL
        RETURNING w.id, w.version, w.status, w.collector_code)
    INSERT INTO assetreg.work_order_event (work_order_id, version, action, from_status, to_status, payload)
    SELECT f.id, f.version, 'fill_collector', f.status, f.status,
           jsonb_build_object('collector', f.collector_code, 'submission', submission)
      FROM filled_cases f
     ORDER BY f.id;
    GET DIAGNOSTICS filled = ROW_COUNT;
    RETURN filled;
END
$$;

REVOKE ALL ON FUNCTION assetreg_app.case_history_match(text, text, jsonb),
    assetreg_app.case_history_fill_collectors() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assetreg_app.case_history_match(text, text, jsonb),
    assetreg_app.case_history_fill_collectors() TO assetreg_case_flow;
