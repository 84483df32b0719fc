-- The steps the cities describe (issue 15), enforced here like the life cycle of 65_cases.sql:
-- SECURITY DEFINER functions owned by assetreg_case_flow, each checking the caller's role, the
-- version the caller last saw and the stage, and writing one event.
--   回退 (return):       a transition of case_transition (65_cases.sql), by the crew it was sent to;
--                        the unit it leaves is in the event, counted by case_step_counts
--   督办/催办:           case_supervise, an event that does not change the stage (editors, admins)
--   回复 (reply):        case_reply, the reporter told how (reply_channel), when and what; a case
--                        from a source whose reporter is a citizen cannot close before it
--   即知即办:            case_on_the_spot, the collector who reported it handles and closes it
--                        with evidence (a note or an attachment of the case)
--   一派到位:            case_dispatch_payload, the unit in charge of the assets or of the
--                        responsibility area (责任区); naming another unit needs a reason

-- The unit in charge of a case: the one maintainer of all its assets, else the responsibility
-- area the case lies in (the smallest, if they nest). origin says which: 'assets' or 'area'.
CREATE FUNCTION assetreg_app.case_responsible_unit(case_id bigint, OUT unit text, OUT origin text)
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    link record;
    asset_unit text;
    units text[] := '{}';
BEGIN
    FOR link IN SELECT a.family, a.asset_uid FROM assetreg.work_order_asset a WHERE a.work_order_id = case_id LOOP
        -- to_jsonb: a family without a maintainer column names none
        EXECUTE format('SELECT to_jsonb(t) ->> %L FROM assetreg.%I t WHERE t.uid = $1', 'maintainer_name', link.family)
           INTO asset_unit USING link.asset_uid;
        IF asset_unit IS NOT NULL AND NOT asset_unit = ANY (units) THEN
            units := units || asset_unit;
        END IF;
    END LOOP;
    IF cardinality(units) = 1 THEN  -- assets of several units: no one unit is in charge
        unit := units[1];
        origin := 'assets';
        RETURN;
    END IF;
    SELECT r.maintainer INTO unit
      FROM assetreg.responsibility_area r, assetreg.work_order w
     WHERE w.id = case_id AND ST_Covers(r.geom, w.geom)
     ORDER BY ST_Area(r.geom), r.code LIMIT 1;
    origin := CASE WHEN unit IS NOT NULL THEN 'area' END;
END
$$;

-- A dispatch's payload with the unit in charge: taken when none is named; naming another needs a
-- reason (the transition's reason or override_reason), recorded with the unit it overrides.
-- fallback_maintainer: the unit when none is named and none is in charge (closing repaired cases).
CREATE FUNCTION assetreg_app.case_dispatch_payload(case_id bigint, payload jsonb, reason text) RETURNS jsonb
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    responsible record := assetreg_app.case_responsible_unit(case_id);
    named text := nullif(btrim(payload ->> 'maintainer'), '');
    why text := coalesce(nullif(btrim(payload ->> 'override_reason'), ''), reason);
BEGIN
    IF responsible.unit IS NULL THEN
        RETURN CASE WHEN named IS NULL AND payload ? 'fallback_maintainer'
                    THEN payload || jsonb_build_object('maintainer', payload ->> 'fallback_maintainer') ELSE payload END;
    END IF;
    IF named IS NULL THEN
        RETURN payload || jsonb_build_object('maintainer', responsible.unit, 'responsible', responsible.unit,
                                             'responsible_from', responsible.origin);
    END IF;
    IF named = responsible.unit THEN
        RETURN payload || jsonb_build_object('responsible', responsible.unit, 'responsible_from', responsible.origin);
    END IF;
    IF why IS NULL THEN
        PERFORM assetreg_app.refuse('AR006', 'refusal.case_steps.override_needs_reason',
            jsonb_build_object('case_id', case_id, 'maintainer', named, 'responsible', responsible.unit));
    END IF;
    RETURN payload || jsonb_build_object('responsible', responsible.unit, 'responsible_from', responsible.origin,
                                         'override_reason', why);
END
$$;

-- 回退 is the crew's who got the case: when the crew it was dispatched to is a login, only that
-- login (or an editor or admin, for the unit) may return it. A crew named otherwise ('一班') is not a
-- login the database can tell, so any crew login may: the event names who returned it.
CREATE FUNCTION assetreg_app.case_return_allowed(existing assetreg.work_order) RETURNS void
    LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF NOT assetreg_app.session_holds('assetreg_admin', 'assetreg_editor')
       AND existing.crew IS DISTINCT FROM session_user::text
       AND EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = existing.crew) THEN
        PERFORM assetreg_app.refuse('AR005', 'refusal.case_steps.return_not_yours',
            jsonb_build_object('case_id', existing.id, 'login', session_user, 'crew', existing.crew));
    END IF;
END
$$;

-- 督办 (supervise) or 催办 (urge) an open case: an event, the stage unchanged; returns the new version.
CREATE FUNCTION assetreg_app.case_supervise(case_id bigint, expected_version integer, kind text, note text DEFAULT NULL)
    RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    existing assetreg.work_order%ROWTYPE;
BEGIN
    IF kind IS NULL OR kind NOT IN ('supervise', 'urge') THEN
        PERFORM assetreg_app.refuse('AR001', 'refusal.case_steps.unknown_supervision', jsonb_build_object('kind', kind));
    END IF;
    IF NOT assetreg_app.session_holds('assetreg_admin', 'assetreg_editor') THEN
        PERFORM assetreg_app.refuse('AR005', 'refusal.case_steps.supervise_not_allowed',
                                    jsonb_build_object('login', session_user, 'action', kind));
    END IF;
    existing := assetreg_app.case_locked(case_id, expected_version);
    IF existing.status IN ('closed', 'cancelled', 'refused') THEN
        PERFORM assetreg_app.refuse('AR004', 'refusal.case_steps.supervise_finished',
                                    jsonb_build_object('case_id', case_id, 'action', kind));
    END IF;
    UPDATE assetreg.work_order w SET version = existing.version + 1 WHERE w.id = case_id;
    INSERT INTO assetreg.work_order_event (work_order_id, version, action, from_status, to_status, reason, payload)
    VALUES (case_id, existing.version + 1, kind, existing.status, existing.status, nullif(btrim(note), ''),
            jsonb_build_object('unit', existing.handling_unit));
    RETURN existing.version + 1;
END
$$;

-- The reply to the reporter: how (reply_channel), when (not in the future; now if not given), what.
CREATE FUNCTION assetreg_app.case_reply(case_id bigint, expected_version integer, channel text, reply text,
                                        replied timestamptz DEFAULT NULL)
    RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    existing assetreg.work_order%ROWTYPE;
    at_time timestamptz := coalesce(replied, now());
BEGIN
    IF NOT assetreg_app.session_holds('assetreg_admin', 'assetreg_editor') THEN
        PERFORM assetreg_app.refuse('AR005', 'refusal.case_steps.reply_not_allowed', jsonb_build_object('login', session_user));
    END IF;
    IF NOT EXISTS (SELECT 1 FROM assetreg.cl_reply_channel c WHERE c.code = channel) THEN
        PERFORM assetreg_app.refuse('AR001', 'refusal.case_steps.invalid_reply_channel',
            jsonb_build_object('channel', channel,
                               'allowed', (SELECT string_agg(c.code, ', ' ORDER BY c.sort_order) FROM assetreg.cl_reply_channel c)));
    END IF;
    IF coalesce(btrim(reply), '') = '' THEN
        PERFORM assetreg_app.refuse('AR006', 'refusal.case_steps.reply_text_needed');
    END IF;
    IF at_time > now() THEN
        PERFORM assetreg_app.refuse('AR001', 'refusal.case_steps.reply_in_future', jsonb_build_object('at', at_time));
    END IF;
    existing := assetreg_app.case_locked(case_id, expected_version);
    IF existing.status IN ('cancelled', 'refused') OR at_time < existing.reported_at THEN
        PERFORM assetreg_app.refuse('AR004', 'refusal.case_steps.reply_not_now', jsonb_build_object('case_id', case_id));
    END IF;
    UPDATE assetreg.work_order w
       SET version = existing.version + 1, reply_channel = channel, replied_at = at_time, reply_text = btrim(reply)
     WHERE w.id = case_id;
    INSERT INTO assetreg.work_order_event (work_order_id, version, action, from_status, to_status, payload)
    VALUES (case_id, existing.version + 1, 'reply', existing.status, existing.status,
            jsonb_build_object('channel', channel, 'replied_at', at_time, 'text', btrim(reply)));
    RETURN existing.version + 1;
END
$$;

-- 即知即办: the collector who reported a case handles it on the spot and closes it, with a note
-- or an attachment of the case as evidence, while it is reported or accepted.
CREATE FUNCTION assetreg_app.case_on_the_spot(case_id bigint, expected_version integer, notes text,
                                              attachment_id bigint DEFAULT NULL)
    RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    existing assetreg.work_order%ROWTYPE;
    reporter text;
BEGIN
    IF NOT assetreg_app.session_holds('assetreg_admin', 'assetreg_editor', 'assetreg_crew') THEN
        PERFORM assetreg_app.refuse('AR005', 'refusal.case_steps.on_the_spot_not_allowed', jsonb_build_object('login', session_user));
    END IF;
    existing := assetreg_app.case_locked(case_id, expected_version);
    SELECT e.actor INTO reporter FROM assetreg.work_order_event e
     WHERE e.work_order_id = case_id AND e.action = 'report' ORDER BY e.id LIMIT 1;
    IF reporter IS DISTINCT FROM session_user::text THEN
        PERFORM assetreg_app.refuse('AR005', 'refusal.case_steps.on_the_spot_not_reporter',
                                    jsonb_build_object('case_id', case_id, 'login', session_user, 'reporter', reporter));
    END IF;
    IF existing.status NOT IN ('reported', 'accepted') THEN
        PERFORM assetreg_app.refuse('AR004', 'refusal.case_steps.on_the_spot_too_late', jsonb_build_object('case_id', case_id));
    END IF;
    IF attachment_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM assetreg.attachment a WHERE a.id = attachment_id AND a.work_order_id = case_id) THEN
        PERFORM assetreg_app.refuse('AR001', 'refusal.case_steps.evidence_not_of_case',
                                    jsonb_build_object('case_id', case_id, 'attachment', attachment_id));
    END IF;
    IF coalesce(btrim(notes), '') = '' AND attachment_id IS NULL THEN
        PERFORM assetreg_app.refuse('AR006', 'refusal.case_steps.evidence_needed');
    END IF;
    IF existing.replied_at IS NULL
       AND (SELECT s.reply_required FROM assetreg.cl_work_order_source s WHERE s.code = existing.source) THEN
        PERFORM assetreg_app.refuse('AR004', 'refusal.case_steps.reply_before_close',
                                    jsonb_build_object('case_id', case_id, 'source', existing.source));
    END IF;
    UPDATE assetreg.work_order w
       SET status = 'closed', version = existing.version + 1, handled_at = now(), closed_at = now(),
           handled_notes = nullif(btrim(notes), '')
     WHERE w.id = case_id;
    INSERT INTO assetreg.work_order_event (work_order_id, version, action, from_status, to_status, payload)
    VALUES (case_id, existing.version + 1, 'on_the_spot', existing.status, 'closed',
            jsonb_strip_nulls(jsonb_build_object('notes', nullif(btrim(notes), ''), 'attachment', attachment_id)));
    RETURN existing.version + 1;
END
$$;

-- How often each step was taken in a period [period_from, period_to): returns (回退) and
-- supervisions (督办, 催办) by the unit the case was with, on-the-spot closures (即知即办) by
-- the collector. Read through the flow's role: a viewer may count but not read the events.
CREATE FUNCTION assetreg_app.case_step_counts(period_from timestamptz, period_to timestamptz)
    RETURNS TABLE (step text, who text, cases bigint, events bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT e.action,
           CASE WHEN e.action = 'on_the_spot' THEN e.actor ELSE coalesce(e.payload ->> 'unit', '') END,
           count(DISTINCT e.work_order_id), count(*)
      FROM assetreg.work_order_event e
     WHERE e.action IN ('return', 'supervise', 'urge', 'on_the_spot')
       AND e.at >= period_from AND e.at < period_to
     GROUP BY 1, 2
     ORDER BY 1, 2
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.case_step_counts(timestamptz, timestamptz)', 'object.case_step_counts');

-- The same steps as an indicator, grouped like the case indicators (--by: district … grid by where
-- the case lies, maintainer by the unit it was with; kpi_asset_group). On-the-spot closures are
-- counted apart here: such a case is never registered, so it is outside every case indicator.
-- `wo steps --by` reads this; it is kpi_steps (71_kpi_groups.sql) without the replies.
CREATE FUNCTION assetreg_app.kpi_case_steps(period_start timestamptz, period_end timestamptz, group_by text)
    RETURNS TABLE (code text, label_zh text, label_en text, returned bigint, supervised bigint, urged bigint,
                   on_the_spot bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN QUERY
    SELECT s.group_code, s.label_zh, s.label_en, s.returned, s.supervised, s.urged, s.on_the_spot
      FROM assetreg_app.kpi_steps(period_start, period_end, group_by) s
     WHERE s.is_total OR s.returned + s.supervised + s.urged + s.on_the_spot > 0;
END
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.kpi_case_steps(timestamptz, timestamptz, text)', 'object.kpi_case_steps');

GRANT INSERT, UPDATE, DELETE ON assetreg.responsibility_area TO assetreg_admin, assetreg_editor;

ALTER FUNCTION assetreg_app.case_supervise(bigint, integer, text, text) OWNER TO assetreg_case_flow;
ALTER FUNCTION assetreg_app.case_reply(bigint, integer, text, text, timestamptz) OWNER TO assetreg_case_flow;
ALTER FUNCTION assetreg_app.case_on_the_spot(bigint, integer, text, bigint) OWNER TO assetreg_case_flow;
ALTER FUNCTION assetreg_app.case_step_counts(timestamptz, timestamptz) OWNER TO assetreg_case_flow;
ALTER FUNCTION assetreg_app.kpi_case_steps(timestamptz, timestamptz, text) OWNER TO assetreg_case_flow;

REVOKE ALL ON FUNCTION assetreg_app.case_supervise(bigint, integer, text, text),
    assetreg_app.case_reply(bigint, integer, text, text, timestamptz),
    assetreg_app.case_on_the_spot(bigint, integer, text, bigint),
    assetreg_app.case_step_counts(timestamptz, timestamptz),
    assetreg_app.kpi_case_steps(timestamptz, timestamptz, text),
    assetreg_app.case_responsible_unit(bigint), assetreg_app.case_dispatch_payload(bigint, jsonb, text),
    assetreg_app.case_return_allowed(assetreg.work_order) FROM PUBLIC;
-- the crew may report and handle on the spot, but neither supervise nor reply (checked inside too)
GRANT EXECUTE ON FUNCTION assetreg_app.case_supervise(bigint, integer, text, text),
    assetreg_app.case_reply(bigint, integer, text, text, timestamptz) TO assetreg_editor, assetreg_admin;
GRANT EXECUTE ON FUNCTION assetreg_app.case_on_the_spot(bigint, integer, text, bigint)
    TO assetreg_crew, assetreg_editor, assetreg_admin;
GRANT EXECUTE ON FUNCTION assetreg_app.case_step_counts(timestamptz, timestamptz),
    assetreg_app.kpi_case_steps(timestamptz, timestamptz, text) TO assetreg_viewer, assetreg_crew, assetreg_editor, assetreg_admin;
GRANT EXECUTE ON FUNCTION assetreg_app.case_responsible_unit(bigint), assetreg_app.case_dispatch_payload(bigint, jsonb, text),
    assetreg_app.case_return_allowed(assetreg.work_order) TO assetreg_case_flow;
