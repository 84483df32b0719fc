-- Cases (案卷) and their life cycle, enforced here, not in the clients. Nobody writes a case
-- table directly: these SECURITY DEFINER functions are the only way in. They belong to their own
-- role, assetreg_case_flow (NOLOGIN, a member of nobody), the only role allowed to write the case
-- tables, and a trigger on each case table refuses any write whose current_user is not that role:
-- a login of any registry role, the table owner and a superuser's session alike (only disabling
-- the trigger, which needs the owner, gets past it). Each function checks who calls it
-- (session_user), the version the caller last saw (optimistic concurrency: the row is locked,
-- then compared, so of two concurrent changes the second sees the first's version and is
-- refused), whether the action is allowed in the current stage, and writes one event.
--
-- Refusals raise SQLSTATE AR0xx with MESSAGE in English and DETAIL in Chinese, which the Python
-- side (storage/workorders.py) turns into RefusedError (InputError for AR001):
--   AR001 bad input · AR002 no such case · AR003 stale version · AR004 action not allowed in
--   this stage · AR005 role may not · AR006 reason or payload missing · AR007 unknown asset ·
--   AR009 a case table written outside the flow

-- The life cycle. to_status NULL: back to the stage the case was deferred from.
-- crew_may: the maintenance crew may run it (start and finish handling); editors and admins
-- may run every action. Deferral (缓办) is for a registered case waiting on something outside
-- the flow (weather, another authority); it is possible while the case is registered,
-- dispatched or being handled, and resuming returns it to that stage. Cancellation (作废:
-- duplicate, wrong report) is possible until the case is handled; after that it is verified
-- and closed, or sent back for rework. A failed verification (rework, 返工) sends a handled
-- case back to dispatched, counting it. Rating (满意度) is recorded on a closed case.
CREATE VIEW assetreg_app.case_transitions (action, from_status, to_status, crew_may, needs_reason) AS
VALUES ('accept',   'reported',   'accepted',   false, false),
       ('refuse',   'reported',   'refused',    false, true),
       ('refuse',   'accepted',   'refused',    false, true),
       ('register', 'accepted',   'registered', false, false),
       ('dispatch', 'registered', 'dispatched', false, false),
       ('start',    'dispatched', 'handling',   true,  false),
       ('handle',   'handling',   'handled',    true,  false),
       ('verify',   'handled',    'verified',   false, false),
       ('rework',   'handled',    'dispatched', false, true),
       ('close',    'verified',   'closed',     false, false),
       ('defer',    'registered', 'deferred',   false, true),
       ('defer',    'dispatched', 'deferred',   false, true),
       ('defer',    'handling',   'deferred',   false, true),
       ('resume',   'deferred',   NULL,         false, false),
       ('cancel',   'reported',   'cancelled',  false, true),
       ('cancel',   'accepted',   'cancelled',  false, true),
       ('cancel',   'registered', 'cancelled',  false, true),
       ('cancel',   'dispatched', 'cancelled',  false, true),
       ('cancel',   'handling',   'cancelled',  false, true),
       ('cancel',   'deferred',   'cancelled',  false, true),
       ('rate',     'closed',     'closed',     false, false),
       -- 回退: the crew a case was wrongly dispatched to sends it back for re-dispatch (67_case_steps.sql)
       ('return',   'dispatched', 'registered', true,  true),
       ('return',   'handling',   'registered', true,  true);

SELECT assetreg_app.comment_on('VIEW', 'assetreg_app.case_transitions', 'object.case_transitions');

CREATE FUNCTION assetreg_app.case_role_may(crew_may boolean) RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT assetreg_app.session_holds('assetreg_admin', 'assetreg_editor')
        OR (crew_may AND assetreg_app.session_holds('assetreg_crew'))
$$;

-- What the login may do on a case at its stage, asked by the QGIS cases panel so it keeps no second
-- list of rules: the rows of case_transitions from the case's status that case_role_may grants this
-- login, with the stage each leads to (resume: back to where the case was deferred from). The same
-- two sources case_transition checks, so what is offered is what is accepted. It runs with the
-- caller's rights (no SECURITY DEFINER): it only reads the status, which every registry role may
-- read, and decides by session_user like the flow itself. An unknown case has no actions.
CREATE FUNCTION assetreg_app.case_allowed_actions(case_id bigint)
    RETURNS TABLE (action text, to_status text, needs_reason boolean)
    LANGUAGE sql STABLE AS $$
    SELECT t.action, coalesce(t.to_status, w.deferred_from), t.needs_reason
      FROM assetreg.work_order w
      JOIN assetreg_app.case_transitions t ON t.from_status = w.status
     WHERE w.id = case_id AND assetreg_app.case_role_may(t.crew_may)
       -- 回退 is the crew's it was sent to, when that crew is a login (67_case_steps.sql, case_return_allowed)
       AND (t.action <> 'return' OR assetreg_app.session_holds('assetreg_admin', 'assetreg_editor')
            OR w.crew IS NOT DISTINCT FROM session_user::text
            OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = w.crew))
     -- the way on first, the exceptions that need a reason (refuse, rework, defer, cancel) after; each along the stages
     ORDER BY t.needs_reason, (SELECT s.sort_order FROM assetreg.cl_work_order_status s
                                WHERE s.code = coalesce(t.to_status, w.deferred_from)), t.action
$$;

-- Whether the login may link or unlink assets of a case now (case_change_links refuses otherwise).
CREATE FUNCTION assetreg_app.case_links_changeable(case_status text) RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT assetreg_app.case_role_may(false) AND case_status NOT IN ('closed', 'cancelled', 'refused')
$$;

-- The assets named in a JSON array ([{family, component_id or uid}]), each looked up in its family
-- table; an unknown family or asset is refused by name. A step of the flow functions below, which
-- lock the case, check the version and the role, and write the event: nobody calls it directly.
CREATE FUNCTION assetreg_app.case_assets(assets jsonb) RETURNS TABLE (family text, asset_uid uuid, component_id text)
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    item jsonb;
    named text;
BEGIN
    IF jsonb_typeof(coalesce(assets, '[]')) <> 'array' THEN
        PERFORM assetreg_app.refuse('AR001', 'refusal.case.assets_not_array');
    END IF;
    FOR item IN SELECT * FROM jsonb_array_elements(coalesce(assets, '[]')) LOOP
        family := item ->> 'family';
        named := coalesce(item ->> 'component_id', item ->> 'uid');
        IF family IS NULL OR family NOT IN (SELECT f.table_name FROM assetreg_app.family_tables() f) THEN
            PERFORM assetreg_app.refuse('AR001', 'refusal.case.unknown_family', jsonb_build_object('family', family));
        END IF;
        EXECUTE format('SELECT uid, component_id FROM assetreg.%I WHERE component_id = $1 OR uid::text = $1', family)
           INTO asset_uid, component_id USING named;
        IF asset_uid IS NULL THEN
            PERFORM assetreg_app.refuse('AR007', 'refusal.case.asset_not_found', jsonb_build_object('family', family, 'asset', named));
        END IF;
        RETURN NEXT;
    END LOOP;
END
$$;

CREATE FUNCTION assetreg_app.case_link(case_id bigint, assets jsonb) RETURNS integer
    LANGUAGE sql AS $$
    WITH linked AS (
        INSERT INTO assetreg.work_order_asset (work_order_id, family, asset_uid, component_id)
        SELECT case_id, a.family, a.asset_uid, a.component_id FROM assetreg_app.case_assets(assets) a
        ON CONFLICT DO NOTHING
        RETURNING 1)
    SELECT count(*)::integer FROM linked
$$;

-- Report one or several cases at once (a JSON array); every case starts as reported, version 1.
-- Each element: matter_code, source, description, and optionally case_no (else generated),
-- urgency, address, reporter_name, reporter_contact, x and y (registry CRS), assets
-- ([{family, component_id}]). Without x and y, a case is located at its first asset.
CREATE FUNCTION assetreg_app.case_report(cases jsonb)
    RETURNS TABLE (id bigint, case_no text, version integer)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    item jsonb;
    item_number integer := 0;
    new_id bigint;
    new_case_no text;
    case_location geometry;
    profile jsonb := (SELECT p.body FROM assetreg.city_profile p);
    srid integer := split_part(profile ->> 'registry_crs', ':', 2)::integer;
BEGIN
    IF NOT assetreg_app.session_holds('assetreg_admin', 'assetreg_editor', 'assetreg_crew') THEN
        PERFORM assetreg_app.refuse('AR005', 'refusal.case.report_not_allowed');
    END IF;
    IF jsonb_typeof(cases) IS DISTINCT FROM 'array' THEN
        PERFORM assetreg_app.refuse('AR001', 'refusal.case.cases_not_array');
    END IF;
    FOR item IN SELECT * FROM jsonb_array_elements(cases) LOOP
        item_number := item_number + 1;
        IF coalesce(item ->> 'matter_code', '') !~ '^[0-9]{11}$'
           OR NOT (profile -> 'admin_codes') ? left(item ->> 'matter_code', 6)
           OR NOT EXISTS (SELECT 1 FROM assetreg.cl_matter_class m WHERE m.code = right(item ->> 'matter_code', 5)) THEN
            PERFORM assetreg_app.refuse('AR001', 'refusal.case.invalid_matter_code',
                                        jsonb_build_object('number', item_number, 'matter_code', item ->> 'matter_code'));
        END IF;
        IF NOT EXISTS (SELECT 1 FROM assetreg.cl_work_order_source s WHERE s.code = item ->> 'source') THEN
            PERFORM assetreg_app.refuse('AR001', 'refusal.case.invalid_source',
                                        jsonb_build_object('number', item_number, 'source', item ->> 'source'));
        END IF;
        IF item ? 'urgency' AND NOT EXISTS (SELECT 1 FROM assetreg.cl_urgency u WHERE u.code = item ->> 'urgency') THEN
            PERFORM assetreg_app.refuse('AR001', 'refusal.case.invalid_urgency',
                                        jsonb_build_object('number', item_number, 'urgency', item ->> 'urgency'));
        END IF;
        IF coalesce(btrim(item ->> 'description'), '') = '' THEN
            PERFORM assetreg_app.refuse('AR001', 'refusal.case.description_missing', jsonb_build_object('number', item_number));
        END IF;
        new_id := nextval('assetreg.work_order_id_seq');
        new_case_no := coalesce(item ->> 'case_no',
                                'AJ' || to_char(now() AT TIME ZONE (profile ->> 'timezone'), 'YYYYMMDD') || lpad(new_id::text, 6, '0'));
        IF EXISTS (SELECT 1 FROM assetreg.work_order w WHERE w.case_no = new_case_no) THEN
            PERFORM assetreg_app.refuse('AR001', 'refusal.case.case_no_exists', jsonb_build_object('case_no', new_case_no));
        END IF;
        case_location := CASE WHEN item ? 'x' AND item ? 'y'
                         THEN ST_SetSRID(ST_MakePoint((item ->> 'x')::float8, (item ->> 'y')::float8), srid) END;
        INSERT INTO assetreg.work_order
               (id, case_no, matter_code, source, urgency, description, address, reporter_name, reporter_contact, geom)
        VALUES (new_id, new_case_no, item ->> 'matter_code', item ->> 'source', item ->> 'urgency', item ->> 'description',
                item ->> 'address', item ->> 'reporter_name', item ->> 'reporter_contact', case_location);
        PERFORM assetreg_app.case_link(new_id, item -> 'assets');
        IF case_location IS NULL THEN
            case_location := (SELECT ST_PointOnSurface(a.geom) FROM assetreg_app.case_asset_shapes(new_id) a LIMIT 1);
        END IF;
        UPDATE assetreg.work_order w
           SET geom = case_location, located_grid = assetreg_app.grid_at(case_location), located_at = now()
         WHERE w.id = new_id;
        INSERT INTO assetreg.work_order_event (work_order_id, version, action, from_status, to_status, payload)
        VALUES (new_id, 1, 'report', NULL, 'reported', item);
        id := new_id;
        case_no := new_case_no;
        version := 1;
        RETURN NEXT;
    END LOOP;
END
$$;

-- The geometries of the assets a case is linked to, in link order.
CREATE FUNCTION assetreg_app.case_asset_shapes(case_id bigint) RETURNS TABLE (family text, geom geometry)
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    link record;
    shape geometry;
BEGIN
    FOR link IN SELECT a.family, a.asset_uid FROM assetreg.work_order_asset a WHERE a.work_order_id = case_id
                 ORDER BY a.family, a.component_id LOOP
        EXECUTE format('SELECT geom FROM assetreg.%I WHERE uid = $1', link.family) INTO shape USING link.asset_uid;
        family := link.family;
        geom := shape;
        RETURN NEXT;
    END LOOP;
END
$$;

-- The case a change is about, locked, if it is still at the version the caller last saw.
CREATE FUNCTION assetreg_app.case_locked(case_id bigint, expected_version integer) RETURNS assetreg.work_order
    LANGUAGE plpgsql AS $$
DECLARE
    existing assetreg.work_order%ROWTYPE;
BEGIN
    SELECT * INTO existing FROM assetreg.work_order w WHERE w.id = case_id FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM assetreg_app.refuse('AR002', 'refusal.case.not_found', jsonb_build_object('case_id', case_id));
    END IF;
    IF existing.version IS DISTINCT FROM expected_version THEN
        PERFORM assetreg_app.refuse('AR003', 'refusal.case.version_conflict',
            jsonb_build_object('case_id', case_id, 'current', existing.version, 'expected', expected_version));
    END IF;
    RETURN existing;
END
$$;

-- One step of the life cycle; returns the new version.
CREATE FUNCTION assetreg_app.case_transition(case_id bigint, expected_version integer, transition_action text,
                                             transition_reason text DEFAULT NULL, transition_payload jsonb DEFAULT '{}')
    RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    existing assetreg.work_order%ROWTYPE;
    rule record;
    target text;
    payload jsonb := coalesce(transition_payload, '{}');
    reason text := nullif(btrim(transition_reason), '');
    new_version integer;
    allowed text;
    -- a deferral (缓办) stops the clock: resuming moves the deadlines by the time it lasted
    stopped interval := interval '0';
BEGIN
    IF NOT EXISTS (SELECT 1 FROM assetreg_app.case_transitions t WHERE t.action = transition_action) THEN
        PERFORM assetreg_app.refuse('AR001', 'refusal.case.unknown_action', jsonb_build_object('action', transition_action));
    END IF;
    existing := assetreg_app.case_locked(case_id, expected_version);
    SELECT * INTO rule FROM assetreg_app.case_transitions t
     WHERE t.action = transition_action AND t.from_status = existing.status;
    IF NOT FOUND THEN
        SELECT string_agg(t.action, ', ' ORDER BY t.action) INTO allowed
          FROM assetreg_app.case_transitions t WHERE t.from_status = existing.status;
        PERFORM assetreg_app.refuse('AR004',
            CASE WHEN allowed IS NULL THEN 'refusal.case.action_not_allowed_at_all' ELSE 'refusal.case.action_not_allowed' END,
            jsonb_build_object('case_id', case_id, 'action', transition_action, 'allowed', allowed,
                               'status', jsonb_build_object('zh', (SELECT s.label_zh FROM assetreg.cl_work_order_status s
                                                                    WHERE s.code = existing.status),
                                                            'en', existing.status)));
    END IF;
    IF NOT assetreg_app.case_role_may(rule.crew_may) THEN
        PERFORM assetreg_app.refuse('AR005', 'refusal.case.role_may_not_act',
                                    jsonb_build_object('login', session_user, 'action', transition_action));
    END IF;
    IF rule.needs_reason AND reason IS NULL THEN
        PERFORM assetreg_app.refuse('AR006', 'refusal.case.reason_needed', jsonb_build_object('action', transition_action));
    END IF;
    IF transition_action = 'dispatch' THEN
        -- 一派到位: the unit in charge of the assets or the responsibility area (67_case_steps.sql)
        payload := assetreg_app.case_dispatch_payload(case_id, payload, reason);
    END IF;
    IF transition_action = 'dispatch' AND coalesce(btrim(payload ->> 'maintainer'), '') = '' THEN
        PERFORM assetreg_app.refuse('AR006', 'refusal.case.maintainer_needed');
    END IF;
    IF transition_action = 'return' THEN  -- the unit and crew it leaves, counted per unit
        PERFORM assetreg_app.case_return_allowed(existing);
        payload := payload || jsonb_build_object('unit', existing.handling_unit, 'crew', existing.crew);
    END IF;
    IF transition_action = 'close' AND existing.replied_at IS NULL
       AND (SELECT s.reply_required FROM assetreg.cl_work_order_source s WHERE s.code = existing.source) THEN
        PERFORM assetreg_app.refuse('AR004', 'refusal.case_steps.reply_before_close',
                                    jsonb_build_object('case_id', case_id, 'source', existing.source));
    END IF;
    IF transition_action = 'handle' AND coalesce(btrim(payload ->> 'notes'), '') = '' THEN
        PERFORM assetreg_app.refuse('AR006', 'refusal.case.notes_needed');
    END IF;
    IF transition_action = 'handle' AND payload ? 'cost'
       AND (jsonb_typeof(payload -> 'cost') <> 'number' OR (payload ->> 'cost')::numeric < 0) THEN
        PERFORM assetreg_app.refuse('AR001', 'refusal.case.invalid_cost');
    END IF;
    IF transition_action = 'rate'
       AND NOT EXISTS (SELECT 1 FROM assetreg.cl_satisfaction s WHERE s.code = payload ->> 'satisfaction') THEN
        PERFORM assetreg_app.refuse('AR006', 'refusal.case.invalid_satisfaction',
                                    jsonb_build_object('satisfaction', payload ->> 'satisfaction'));
    END IF;

    IF transition_action = 'resume' THEN
        stopped := now() - (SELECT max(e.at) FROM assetreg.work_order_event e
                             WHERE e.work_order_id = case_id AND e.action = 'defer');
    END IF;
    target := coalesce(rule.to_status, existing.deferred_from);
    new_version := existing.version + 1;
    UPDATE assetreg.work_order w SET
        status = target,
        version = new_version,
        deferred_from = CASE WHEN target = 'deferred' THEN existing.status END,
        closing_deadline = CASE WHEN transition_action = 'register'
                                THEN assetreg_app.case_due(existing.matter_class, existing.urgency, 'closing', now())
                                ELSE w.closing_deadline + stopped END,
        -- a re-dispatch after rework is a handling assignment of its own, with its own deadline
        handling_deadline = CASE WHEN transition_action IN ('dispatch', 'rework')
                                 THEN assetreg_app.case_due(existing.matter_class, existing.urgency, 'handling', now())
                                 WHEN transition_action = 'return' THEN NULL  -- the next dispatch sets it anew
                                 ELSE w.handling_deadline + stopped END,
        handling_unit = CASE WHEN transition_action IN ('dispatch', 'rework') AND payload ? 'maintainer'
                             THEN payload ->> 'maintainer'
                             WHEN transition_action = 'return' THEN NULL ELSE w.handling_unit END,
        crew = CASE WHEN transition_action IN ('dispatch', 'rework') AND payload ? 'crew'
                    THEN payload ->> 'crew'
                    WHEN transition_action = 'return' THEN NULL ELSE w.crew END,
        -- a rework rejects the last handling: it is handled again, and measured again
        handled_at = CASE WHEN transition_action = 'handle' THEN now()
                          WHEN transition_action = 'rework' THEN NULL ELSE w.handled_at END,
        handled_notes = CASE WHEN transition_action = 'handle' THEN payload ->> 'notes' ELSE w.handled_notes END,
        handled_parts = CASE WHEN transition_action = 'handle' THEN payload ->> 'parts' ELSE w.handled_parts END,
        handled_cost = CASE WHEN transition_action = 'handle' THEN (payload ->> 'cost')::float8 ELSE w.handled_cost END,
        rework_count = w.rework_count + CASE WHEN transition_action = 'rework' THEN 1 ELSE 0 END,
        closed_at = CASE WHEN transition_action = 'close' THEN now() ELSE w.closed_at END,
        satisfaction = CASE WHEN transition_action = 'rate' THEN payload ->> 'satisfaction' ELSE w.satisfaction END
     WHERE w.id = case_id;
    INSERT INTO assetreg.work_order_event (work_order_id, version, action, from_status, to_status, reason, payload,
                                           handling_deadline)
    VALUES (case_id, new_version, transition_action, existing.status, target, reason, payload,
            CASE WHEN transition_action IN ('dispatch', 'rework')  -- the assignment's own deadline, just set
                 THEN (SELECT w.handling_deadline FROM assetreg.work_order w WHERE w.id = case_id) END);
    RETURN new_version;
END
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.case_transition(bigint, integer, text, text, jsonb)', 'object.case_transition');

-- Link more assets to a case, or unlink some: a change of the case like the others (the version
-- it changes, the caller's role, an event with the assets), while the case is open.
CREATE FUNCTION assetreg_app.case_change_links(case_id bigint, expected_version integer, assets jsonb, unlink boolean)
    RETURNS integer
    LANGUAGE plpgsql AS $$
DECLARE
    existing assetreg.work_order%ROWTYPE := assetreg_app.case_locked(case_id, expected_version);
    action text := CASE WHEN unlink THEN 'unlink' ELSE 'link' END;
BEGIN
    IF NOT assetreg_app.case_role_may(false) THEN
        PERFORM assetreg_app.refuse('AR005', 'refusal.case.role_may_not_link', jsonb_build_object('login', session_user));
    END IF;
    IF NOT assetreg_app.case_links_changeable(existing.status) THEN
        PERFORM assetreg_app.refuse('AR004', 'refusal.case.finished_assets_fixed', jsonb_build_object('case_id', case_id));
    END IF;
    IF unlink THEN
        DELETE FROM assetreg.work_order_asset l
         USING assetreg_app.case_assets(assets) a
         WHERE l.work_order_id = case_id AND l.family = a.family AND l.asset_uid = a.asset_uid;
    ELSE
        PERFORM assetreg_app.case_link(case_id, assets);
    END IF;
    UPDATE assetreg.work_order w SET version = existing.version + 1 WHERE w.id = case_id;
    INSERT INTO assetreg.work_order_event (work_order_id, version, action, from_status, to_status, payload)
    VALUES (case_id, existing.version + 1, action, existing.status, existing.status, jsonb_build_object('assets', assets));
    RETURN existing.version + 1;
END
$$;

CREATE FUNCTION assetreg_app.case_link_assets(case_id bigint, expected_version integer, assets jsonb) RETURNS integer
    LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT assetreg_app.case_change_links(case_id, expected_version, assets, false)
$$;

CREATE FUNCTION assetreg_app.case_unlink_assets(case_id bigint, expected_version integer, assets jsonb) RETURNS integer
    LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT assetreg_app.case_change_links(case_id, expected_version, assets, true)
$$;

-- Whether a case is open at a moment and past a deadline it has not met by then (超期未结).
-- (of the columns it reads, not of the row: a row passed whole is built anew for every case)
CREATE FUNCTION assetreg_app.case_overdue_at(status text, handled_at timestamptz, handling_deadline timestamptz,
                                             closing_deadline timestamptz, at_time timestamptz) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT status NOT IN ('closed', 'refused', 'cancelled')
       AND ((handled_at IS NULL AND handling_deadline < at_time) OR closing_deadline < at_time)
$$;

-- Cases with what is computed from their due times and now(): never stored, never typed.
--   handling_overdue: not handled (or handled) after its handling deadline (超期处置)
--   closing_overdue:  not closed (or closed) after its closing deadline (超期结案)
--   overdue:          still open and past a deadline it has not met, now (case_overdue_at)
CREATE VIEW assetreg_app.case_overview AS
SELECT w.*,
       w.status NOT IN ('refused', 'cancelled')
           AND w.handling_deadline < coalesce(w.handled_at, now()) AS handling_overdue,
       w.status NOT IN ('refused', 'cancelled')
           AND w.closing_deadline < coalesce(w.closed_at, now()) AS closing_overdue,
       assetreg_app.case_overdue_at(w.status, w.handled_at, w.handling_deadline, w.closing_deadline, now()) AS overdue
  FROM assetreg_app.case_record w;  -- the personal fields only for those who handle cases (64_case_privacy.sql)

SELECT assetreg_app.comment_on('VIEW', 'assetreg_app.case_overview', 'object.case_overview');

-- == Only the flow writes the case tables =====================================================

CREATE FUNCTION assetreg_app.case_tables_only_through_the_flow() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF current_user <> 'assetreg_case_flow' THEN
        PERFORM assetreg_app.refuse('AR009', 'refusal.case.only_through_the_flow',
                                    jsonb_build_object('operation', TG_OP, 'table', TG_TABLE_NAME));
    END IF;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    case_table text;
BEGIN
    FOREACH case_table IN ARRAY ARRAY['work_order', 'work_order_asset', 'work_order_event'] LOOP
        EXECUTE format('CREATE TRIGGER only_through_the_flow BEFORE INSERT OR UPDATE OR DELETE ON assetreg.%I'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.case_tables_only_through_the_flow()', case_table);
        EXECUTE format('CREATE TRIGGER only_through_the_flow_truncate BEFORE TRUNCATE ON assetreg.%I'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.case_tables_only_through_the_flow()', case_table);
    END LOOP;
END
$$;

-- What the flow's role may touch: read the registry, write the case tables, run its own steps.
GRANT USAGE ON SCHEMA assetreg, assetreg_app TO assetreg_case_flow;
GRANT SELECT ON ALL TABLES IN SCHEMA assetreg, assetreg_app TO assetreg_case_flow;
GRANT INSERT, UPDATE ON assetreg.work_order TO assetreg_case_flow;
GRANT INSERT, DELETE ON assetreg.work_order_asset TO assetreg_case_flow;
GRANT INSERT ON assetreg.work_order_event TO assetreg_case_flow;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA assetreg TO assetreg_case_flow;

ALTER FUNCTION assetreg_app.case_report(jsonb) OWNER TO assetreg_case_flow;
ALTER FUNCTION assetreg_app.case_transition(bigint, integer, text, text, jsonb) OWNER TO assetreg_case_flow;
ALTER FUNCTION assetreg_app.case_link_assets(bigint, integer, jsonb) OWNER TO assetreg_case_flow;
ALTER FUNCTION assetreg_app.case_unlink_assets(bigint, integer, jsonb) OWNER TO assetreg_case_flow;

REVOKE ALL ON FUNCTION assetreg_app.case_report(jsonb), assetreg_app.case_transition(bigint, integer, text, text, jsonb),
    assetreg_app.case_link_assets(bigint, integer, jsonb), assetreg_app.case_unlink_assets(bigint, integer, jsonb),
    assetreg_app.case_link(bigint, jsonb), assetreg_app.case_change_links(bigint, integer, jsonb, boolean),
    assetreg_app.case_locked(bigint, integer), assetreg_app.case_assets(jsonb) FROM PUBLIC;
-- the roles' own checks inside say who may run which action (case_role_may)
GRANT EXECUTE ON FUNCTION assetreg_app.case_report(jsonb), assetreg_app.case_transition(bigint, integer, text, text, jsonb)
    TO assetreg_crew, assetreg_editor, assetreg_admin;
GRANT EXECUTE ON FUNCTION assetreg_app.case_link_assets(bigint, integer, jsonb),
    assetreg_app.case_unlink_assets(bigint, integer, jsonb) TO assetreg_editor, assetreg_admin;
GRANT EXECUTE ON FUNCTION assetreg_app.case_link(bigint, jsonb), assetreg_app.case_change_links(bigint, integer, jsonb, boolean),
    assetreg_app.case_locked(bigint, integer), assetreg_app.case_assets(jsonb) TO assetreg_case_flow;
