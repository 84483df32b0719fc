-- Night lighting patrols (夜间亮灯巡查) and the latest inspection of each asset.
--
-- An inspection is its asset's latest of its kind from inspected_at until the next one is made:
-- superseded_at holds that moment (NULL while it is the latest). It is kept here, set-based, by
-- statement-level triggers (an import of a patrol recomputes only the assets it touched), and
-- refilled when this schema is rebuilt if it is not whole (below). The latest at a moment t is
-- then the record whose [inspected_at, superseded_at) holds t: one GiST lookup
-- (inspection_unlit_span_idx) for the lighting rate instead of a sort of every patrol. Two records of one moment are told apart by
-- when they were registered, then by uid.

CREATE FUNCTION assetreg_app.inspection_spans(assets uuid[]) RETURNS void
    LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    UPDATE assetreg.inspection i
       SET superseded_at = n.next_at
      FROM (SELECT x.uid,
                   lead(x.inspected_at) OVER (PARTITION BY x.asset_uid, x.kind
                                              ORDER BY x.inspected_at, x.created_at, x.uid DESC) AS next_at
              FROM assetreg.inspection x
             WHERE x.asset_uid IS NOT NULL AND (assets IS NULL OR x.asset_uid = ANY (assets))) n
     WHERE n.uid = i.uid AND i.superseded_at IS DISTINCT FROM n.next_at
$$;
-- for the triggers of whoever records inspections (they run as the caller)
REVOKE ALL ON FUNCTION assetreg_app.inspection_spans(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assetreg_app.inspection_spans(uuid[]) TO assetreg_crew, assetreg_editor, assetreg_standards,
    assetreg_admin;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.inspection_spans(uuid[])', 'object.inspection_spans');

CREATE FUNCTION assetreg_app.inspection_spans_of_new() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM assetreg_app.inspection_spans(ARRAY(SELECT DISTINCT n.asset_uid FROM new_rows n WHERE n.asset_uid IS NOT NULL));
    RETURN NULL;
END
$$;

CREATE FUNCTION assetreg_app.inspection_spans_of_old() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM assetreg_app.inspection_spans(ARRAY(SELECT DISTINCT o.asset_uid FROM old_rows o WHERE o.asset_uid IS NOT NULL));
    RETURN NULL;
END
$$;

CREATE FUNCTION assetreg_app.inspection_spans_of_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF pg_trigger_depth() > 1 THEN  -- the update of superseded_at itself
        RETURN NULL;
    END IF;
    PERFORM assetreg_app.inspection_spans(ARRAY(SELECT o.asset_uid FROM old_rows o WHERE o.asset_uid IS NOT NULL
                                                 UNION SELECT n.asset_uid FROM new_rows n WHERE n.asset_uid IS NOT NULL));
    RETURN NULL;
END
$$;

CREATE TRIGGER spans_insert AFTER INSERT ON assetreg.inspection REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.inspection_spans_of_new();
CREATE TRIGGER spans_delete AFTER DELETE ON assetreg.inspection REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.inspection_spans_of_old();
CREATE TRIGGER spans_update AFTER UPDATE ON assetreg.inspection REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assetreg_app.inspection_spans_of_update();

-- Refill only where needed (after revision 0005 added the column, or records that came in while
-- this schema was away): when some asset has two records of a kind that both claim to be the latest.
SELECT assetreg_app.inspection_spans(NULL)
 WHERE EXISTS (SELECT 1 FROM assetreg.inspection i
                WHERE i.superseded_at IS NULL AND i.asset_uid IS NOT NULL
                GROUP BY i.asset_uid, i.kind HAVING count(*) > 1);

CREATE VIEW assetreg_app.streetlight_latest_patrol AS
SELECT i.asset_uid,
       i.component_id,
       i.lit,
       i.inspected_at,
       i.inspector,
       i.status_found,
       i.uid AS inspection_uid,
       i.submission_id
  FROM assetreg.inspection i
 WHERE i.kind = 'lighting_patrol'
   AND i.asset_family = 'streetlight'
   AND i.superseded_at IS NULL;

SELECT assetreg_app.comment_on('VIEW', 'assetreg_app.streetlight_latest_patrol', 'object.streetlight_latest_patrol');
