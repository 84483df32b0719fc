-- What every file of this schema may use: a refusal with its SQLSTATE, and whether the login holds a
-- registry role. Every role test asks the login (session_user), never current_user, which a
-- SECURITY DEFINER function or SET ROLE changes.

-- Whether the login holds one of the roles (a superuser holds them all).
CREATE FUNCTION assetreg_app.session_holds(VARIADIC roles text[]) RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = session_user AND r.rolsuper)
        OR EXISTS (SELECT 1 FROM pg_catalog.unnest(roles) AS g(name)
                    WHERE pg_catalog.pg_has_role(session_user, g.name, 'MEMBER'))
$$;

-- The one way this schema refuses: MESSAGE is the id of a message of the catalogue
-- (plugin/i18n/messages/database.toml, ids under refusal.), DETAIL its parameters as a JSON object.
-- storage/errors.py (refusal) turns it into the message in the reader's language; a parameter given
-- as {"zh": …, "en": …} (a label the database holds in both languages) is taken in that language.
-- The SQLSTATE stays what it was: AR001 bad input, the other AR0xx refusals, or a standard code.
-- A trigger names the table and column it refused (in_schema, in_table, in_column).
CREATE FUNCTION assetreg_app.refuse(code text, message_id text, params jsonb DEFAULT '{}',
                                    in_schema text DEFAULT NULL, in_table text DEFAULT NULL,
                                    in_column text DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    IF in_table IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = code, MESSAGE = message_id, DETAIL = coalesce(params, '{}')::text;
    END IF;
    RAISE EXCEPTION USING ERRCODE = code, MESSAGE = message_id, DETAIL = coalesce(params, '{}')::text,
        SCHEMA = coalesce(in_schema, ''), TABLE = in_table, COLUMN = coalesce(in_column, '');
END
$$;

-- A label the app schema shows in each language (the total row of an indicator table, …), from the
-- message catalogue: storage/migrate.py writes assetreg_app.label from plugin/i18n/messages before
-- these files run, so no text is typed here.
CREATE FUNCTION assetreg_app.label_text(label_id text, lang text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE lang WHEN 'zh' THEN l.zh ELSE l.en END FROM assetreg_app.label l WHERE l.id = label_id
$$;

-- A COMMENT on a view or function of this schema for readers of either language, "中文 / English",
-- from the catalogue (plugin/i18n/messages/columns.toml, ids under object.), as the frozen
-- revisions keep the tables' COMMENTs. Called by these files only, with names they write themselves.
CREATE FUNCTION assetreg_app.comment_on(kind text, object_name text, label_id text) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    said text;
BEGIN
    SELECT l.zh || ' / ' || l.en INTO STRICT said FROM assetreg_app.label l WHERE l.id = label_id;
    EXECUTE pg_catalog.format('COMMENT ON %s %s IS %L', kind, object_name, said);
END
$$;
REVOKE EXECUTE ON FUNCTION assetreg_app.comment_on(text, text, text) FROM PUBLIC;
