-- A citizen's name and contact (reporter_name and reporter_contact of a case, and the report
-- event's payload, which copies the reported case) are personal data, for those who handle cases:
-- the crew, editors and admins (and a superuser). The standards office, contractors and viewers
-- read cases through these views, which leave the personal fields out (NULL; the keys gone from
-- payloads), and 90_roles.sql grants them the other columns of the case tables only, so no query
-- of theirs reaches the personal ones (nor pg_stats, which shows a column's values only to whoever
-- may select the column). The views read the tables with their owner's rights and decide by the
-- login (session_user), so SELECT * of them works for every role.

CREATE FUNCTION assetreg_app.personal_fields() RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY['reporter_name', 'reporter_contact']
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.personal_fields()', 'object.personal_fields');

-- The roles that handle cases; 90_roles.sql hides the personal fields from the other three.
CREATE FUNCTION assetreg_app.handles_cases() RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT assetreg_app.session_holds('assetreg_crew', 'assetreg_editor', 'assetreg_admin')
$$;

-- The case table as the login may read it: every column, the personal ones NULL for a login that
-- does not handle cases. Built from the catalog, as the columns come from the standard's record.
-- (SELECT handles_cases()): asked once per query, not once per case.
DO $$
BEGIN
    EXECUTE format('CREATE VIEW assetreg_app.case_record AS SELECT %s FROM assetreg.work_order w',
                   (SELECT string_agg(CASE WHEN a.attname = ANY (assetreg_app.personal_fields())
                                           THEN format('CASE WHEN (SELECT assetreg_app.handles_cases()) THEN w.%1$I END AS %1$I',
                                                       a.attname)
                                           ELSE format('w.%I', a.attname) END, ', ' ORDER BY a.attnum)
                      FROM pg_attribute a
                     WHERE a.attrelid = 'assetreg.work_order'::regclass AND a.attnum > 0 AND NOT a.attisdropped));
END
$$;

SELECT assetreg_app.comment_on('VIEW', 'assetreg_app.case_record', 'object.case_record');

CREATE VIEW assetreg_app.case_events AS
SELECT e.id, e.work_order_id, e.version, e.at, e.actor, e.action, e.from_status, e.to_status, e.reason,
       CASE WHEN (SELECT assetreg_app.handles_cases()) THEN e.payload
            ELSE e.payload - assetreg_app.personal_fields() END AS payload
  FROM assetreg.work_order_event e;

SELECT assetreg_app.comment_on('VIEW', 'assetreg_app.case_events', 'object.case_events');
