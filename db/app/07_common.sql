-- What every file of this schema may use: a refusal with its SQLSTATE (MESSAGE in English, DETAIL in
-- Chinese, which the faces show), and whether the login holds a registry role. Every role test asks the
-- login (session_user), never current_user, which a SECURITY DEFINER function or SET ROLE changes.

-- Whether the login holds one of the roles (a superuser holds them all).
CREATE FUNCTION assetreg_app.session_holds(VARIADIC roles text[]) RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = session_user AND r.rolsuper)
        OR EXISTS (SELECT 1 FROM pg_catalog.unnest(roles) AS g(name)
                    WHERE pg_catalog.pg_has_role(session_user, g.name, 'MEMBER'))
$$;

CREATE FUNCTION assetreg_app.refuse(code text, zh text, en text) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = code, MESSAGE = en, DETAIL = zh;
END
$$;
