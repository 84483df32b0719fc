"""The registry tried as an attacker would: a login of each role against its functions and tables.

Each attack runs as the weakest role that could try it, and must leave the registry as it was.
The rules for SECURITY DEFINER functions are checked on the catalog, so a function added later
cannot slip through.
"""

from __future__ import annotations

import re

import psycopg2
import pytest
from asset_registry.storage.connection import connection
from asset_registry.storage.importing import import_delivery
from asset_registry.storage.workorders import report_cases, transition

from tests.db.conftest import query
from tests.helpers import numbered_lights, write_geojson

REGISTRY_SCHEMAS = ("assetreg", "assetreg_app")
REGISTRY_ROLES = {
    "assetreg_viewer",
    "assetreg_crew",
    "assetreg_editor",
    "assetreg_standards",
    "assetreg_contractor",
    "assetreg_admin",
}
# roles no one logs in as or belongs to (05_roles.sql), which a definer function may be granted to so that
# only another definer function running as that role calls it (the history load's bulk keys)
INTERNAL_ROLES = {"assetreg_case_flow"}


def _user(dsn: str) -> str:
    return psycopg2.extensions.parse_dsn(dsn)["user"]


@pytest.fixture
def lights(registry, standard, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "lights.geojson", numbered_lights(3)), standard, profile, "streetlight")
    return registry


# == The catalog's rules for SECURITY DEFINER functions ==========================================

DEFINER_FUNCTIONS = """
SELECT p.oid::regprocedure::text, p.proconfig, p.proacl::text[], pg_get_userbyid(p.proowner)
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = ANY (%s) AND p.prosecdef
"""


def _search_path(config: list[str] | None) -> list[str] | None:
    for setting in config or ():
        name, _, value = setting.partition("=")
        if name == "search_path":
            return [part.strip().strip('"') for part in value.split(",")]
    return None


def _grantees(acl: list[str] | None) -> set[str]:
    """Who may execute, from an ACL (NULL means the default: the owner and PUBLIC)."""
    if acl is None:
        return {"PUBLIC"}
    grantees = set()
    for item in acl:
        grantee, _, rights = item.partition("=")
        if "X" in rights.split("/")[0]:
            grantees.add(grantee.strip('"') or "PUBLIC")
    return grantees


def test_every_definer_function_follows_postgresqls_rules(registry):
    functions = query(registry, DEFINER_FUNCTIONS, (list(REGISTRY_SCHEMAS),))
    assert len(functions) >= 20  # the walk sees them: the case flow, the tallies, the bulk load, …
    broken = []
    for name, config, acl, owner in functions:
        path = _search_path(config)
        if not path or path[-1] != "pg_temp" or path[0] != "pg_catalog":
            broken.append(f"{name}: search_path {path} must start with pg_catalog and end with pg_temp")
        if path and set(path) - {"pg_catalog", "public", "pg_temp"}:
            broken.append(f"{name}: search_path {path} names a schema its callers could write")
        grantees = _grantees(acl) - {owner}
        if "PUBLIC" in grantees:
            broken.append(f"{name}: PUBLIC may execute it")
        if grantees - REGISTRY_ROLES - INTERNAL_ROLES - {"PUBLIC"}:
            broken.append(f"{name}: granted to {sorted(grantees - REGISTRY_ROLES)}, not a registry role")
    assert broken == []
    # an internal role stays one: no login, no member
    internal = query(
        registry,
        "SELECT r.rolname, r.rolcanlogin, EXISTS (SELECT 1 FROM pg_auth_members m WHERE m.roleid = r.oid)"
        " FROM pg_roles r WHERE r.rolname = ANY (%s)",
        (sorted(INTERNAL_ROLES),),
    )
    assert internal == [(role, False, False) for role in sorted(INTERNAL_ROLES)]


def _relation_names(dsn: str) -> set[str]:
    """Names a temporary object could shadow: every relation and type outside pg_catalog."""
    rows = query(
        dsn,
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp%%'"
        " UNION SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
        " WHERE n.nspname = ANY (%s)",
        (list(REGISTRY_SCHEMAS),),
    )
    return {name for (name,) in rows}


# an unqualified name where SQL reads or writes a relation, or names a row type
RELATION_USE = re.compile(
    r"(?<![\w.])(?:FROM|JOIN|UPDATE|INTO|TABLE|ONLY)\s+(\"?[A-Za-z_][\w$]*\"?)(?![\w$]|\s*[.(])"
    r"|(?<![\w.])([A-Za-z_][\w$]*)%ROWTYPE"
    r"|::\s*([A-Za-z_][\w$]*)(?![\w.])",
    re.IGNORECASE,
)


def unqualified_relations(source: str, relations: set[str]) -> set[str]:
    source = re.sub(r"--[^\n]*", "", source)
    found = set()
    for match in RELATION_USE.finditer(source):
        name = next(group for group in match.groups() if group).strip('"')
        if name.lower() in relations:
            found.add(name)
    return found


def test_the_qualification_check_sees_an_unqualified_relation():
    relations = {"work_order", "city_profile"}
    assert unqualified_relations("SELECT 1 FROM work_order w", relations) == {"work_order"}
    assert unqualified_relations("x := (SELECT p.body FROM city_profile p);", relations) == {"city_profile"}
    assert unqualified_relations("existing work_order%ROWTYPE;", relations) == {"work_order"}
    assert unqualified_relations("UPDATE work_order SET version = 2", relations) == {"work_order"}
    assert unqualified_relations("SELECT 1 FROM assetreg.work_order w", relations) == set()
    assert unqualified_relations("EXECUTE format('SELECT 1 FROM assetreg.%I', t)", relations) == set()
    assert unqualified_relations("SELECT x IS DISTINCT FROM work_order_id FROM assetreg.y", relations) == set()


def test_registry_functions_name_our_relations_with_their_schema(registry):
    """A relation named without its schema is looked up in pg_temp by a definer function's caller,
    so every function of ours qualifies them (a definer function runs the others it calls as its owner)."""
    relations = _relation_names(registry)
    rows = query(
        registry,
        "SELECT p.oid::regprocedure::text, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
        " JOIN pg_language l ON l.oid = p.prolang WHERE n.nspname = ANY (%s) AND l.lanname IN ('sql', 'plpgsql')",
        (list(REGISTRY_SCHEMAS),),
    )
    assert len(rows) > 50
    unqualified = {name: found for name, source in rows if (found := unqualified_relations(source, relations))}
    assert unqualified == {}


def test_nobody_but_the_owner_creates_objects_in_the_schemas_definer_functions_search(registry):
    rows = query(
        registry,
        "SELECT n.nspname, has_schema_privilege(r.rolname, n.oid, 'CREATE')"
        " FROM pg_namespace n CROSS JOIN pg_roles r"
        " WHERE n.nspname IN ('public', 'assetreg', 'assetreg_app') AND r.rolname = ANY (%s)",
        (sorted(REGISTRY_ROLES),),
    )
    assert rows and [row for row in rows if row[1]] == []
    assert query(registry, "SELECT has_schema_privilege('public', 'public', 'CREATE')") == [(False,)]


# == Attacks =====================================================================================

ESCALATE = """
CREATE FUNCTION pg_temp.escalate() RETURNS boolean LANGUAGE plpgsql AS $f$
BEGIN
    EXECUTE format('ALTER ROLE %I SUPERUSER', session_user);
    RETURN false;
EXCEPTION WHEN OTHERS THEN
    RETURN false;
END
$f$;
CREATE TEMP VIEW pg_roles AS
    SELECT r.rolname, pg_temp.escalate() AS rolsuper FROM pg_catalog.pg_roles r;
"""


def _attempt(dsn: str, statement: str, params=None) -> str:
    """Run the attack in one session; what happened, for the message of a failing assertion."""
    conn = psycopg2.connect(dsn)
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(ESCALATE)
            try:
                cur.execute(statement, params)
                return "ran"
            except psycopg2.Error as exc:
                return exc.pgerror or str(exc)
    finally:
        conn.close()


def _is_superuser(dsn: str) -> bool:
    return query(dsn, "SELECT rolsuper FROM pg_roles WHERE rolname = %s", (_user(dsn),)) == [(True,)]


@pytest.mark.parametrize(
    "role, statement",
    [
        ("assetreg_crew", "SELECT * FROM assetreg_app.case_report('[]')"),
        ("assetreg_crew", "SELECT assetreg_app.case_transition(1, 1, 'start')"),
        ("assetreg_editor", "SELECT assetreg_app.kpi_take_snapshot('2020-01')"),
        ("assetreg_viewer", "SELECT assetreg_app.case_role_may(true)"),
        ("assetreg_viewer", "SELECT * FROM assetreg_app.case_report('[]')"),
    ],
)
def test_a_temporary_view_does_not_make_a_login_superuser(lights, login_as, role, statement):
    attacker = login_as(role)
    with connection(lights) as conn:
        report_cases(conn, [{"matter_code": "44040201037", "source": "patrol", "description": "灯不亮"}])
    outcome = _attempt(attacker, statement)
    assert not _is_superuser(attacker), f"{role} became superuser through: {statement} ({outcome})"


def test_case_link_is_not_open_to_any_role(lights, login_as):
    viewer = login_as("assetreg_viewer")
    with connection(lights) as conn:
        case = report_cases(conn, [{"matter_code": "44040201037", "source": "patrol", "description": "灯不亮"}])[0]
    conn = psycopg2.connect(viewer)
    try:
        with pytest.raises(psycopg2.errors.InsufficientPrivilege), conn, conn.cursor() as cur:
            cur.execute(
                "SELECT assetreg_app.case_link(%s, %s::jsonb)",
                (case.id, '[{"family": "streetlight", "component_id": "44040201037000001"}]'),
            )
    finally:
        conn.close()
    assert query(lights, "SELECT count(*) FROM assetreg.work_order_asset") == [(0,)]


def test_linking_and_unlinking_are_case_actions_with_a_version_a_role_and_an_event(lights, login_as):
    from asset_registry.core.errors import RefusedError
    from asset_registry.storage.workorders import link_assets, unlink_assets

    light = [{"family": "streetlight", "component_id": "44040201037000001"}]
    with connection(lights) as conn:
        case = report_cases(conn, [{"matter_code": "44040201037", "source": "patrol", "description": "灯不亮"}])[0]
    for role in ("assetreg_viewer", "assetreg_contractor", "assetreg_standards"):
        with connection(login_as(role)) as conn, pytest.raises(RefusedError):
            link_assets(conn, case.id, case.version, light)
    with connection(login_as("assetreg_editor")) as conn:
        with pytest.raises(RefusedError, match="changed meanwhile|已被他人修改"):
            link_assets(conn, case.id, case.version + 5, light)
        linked = link_assets(conn, case.id, case.version, light)
        with pytest.raises(RefusedError):
            unlink_assets(conn, case.id, case.version, light)  # the version it read is gone
        unlinked = unlink_assets(conn, case.id, linked, light)
    assert (linked, unlinked) == (2, 3)
    events = query(
        lights, "SELECT version, action FROM assetreg.work_order_event WHERE work_order_id = %s ORDER BY version", (case.id,)
    )
    assert events == [(1, "report"), (2, "link"), (3, "unlink")]
    assert query(lights, "SELECT count(*) FROM assetreg.work_order_asset") == [(0,)]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE assetreg.work_order SET status = 'closed'",
        "DELETE FROM assetreg.work_order_event",
        "INSERT INTO assetreg.work_order_asset (work_order_id, family, asset_uid, component_id)"
        " SELECT w.id, 'streetlight', s.uid, s.component_id FROM assetreg.work_order w, assetreg.streetlight s",
        "UPDATE assetreg.work_order_event SET reason = 'forged'",
    ],
)
def test_not_even_the_table_owner_changes_a_case_outside_the_flow(lights, statement):
    with connection(lights) as conn:
        case = report_cases(conn, [{"matter_code": "44040201037", "source": "patrol", "description": "灯不亮"}])[0]
    before = query(lights, "SELECT status, version FROM assetreg.work_order WHERE id = %s", (case.id,))
    events = query(lights, "SELECT count(*), max(reason) FROM assetreg.work_order_event")
    with pytest.raises(psycopg2.Error, match="refusal.case.only_through_the_flow"):
        query(lights, statement)  # the owner: the superuser that made the registry
    assert query(lights, "SELECT status, version FROM assetreg.work_order WHERE id = %s", (case.id,)) == before
    assert query(lights, "SELECT count(*), max(reason) FROM assetreg.work_order_event") == events
    assert query(lights, "SELECT count(*) FROM assetreg.work_order_asset") == [(0,)]
    with connection(lights) as conn:  # while the flow itself still works
        assert transition(conn, case.id, case.version, "accept") == 2


# == Bulk loads: keys set aside only inside one's own import, never committed so ==================

KEYS_OF_LIGHTS = (
    "SELECT count(*) FROM pg_constraint WHERE conrelid = 'assetreg.streetlight'::regclass AND contype IN ('p', 'u', 'f')"
)


def _set_keys_aside_in_own_import(conn, tmp_path, standard, profile, immediate: bool = False) -> int:
    """As an import of the connection's login would: open its submission, name it, set the keys aside
    (immediate: after asking that constraints be checked at once, not at commit)."""
    from asset_registry.storage import submissions

    delivery = write_geojson(tmp_path / "bulk.geojson", numbered_lights(1, start=50))
    submission = submissions.open_record(conn, delivery, standard, profile, "streetlight", "insert", False)
    with conn.cursor() as cur:
        if immediate:
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cur.execute("SELECT set_config('assetreg.submission_id', %s, true)", (str(submission),))
        cur.execute("SELECT assetreg_app.suspend_for_bulk_load('streetlight')")
        return cur.fetchone()[0]


def test_an_editor_cannot_set_keys_aside_outside_an_import_of_its_own(lights, login_as):
    keys = query(lights, KEYS_OF_LIGHTS)
    editor = login_as("assetreg_editor")
    for statement in (
        "SELECT assetreg_app.suspend_for_bulk_load('streetlight')",
        # someone else's submission named in the setting does not make it one's own import
        "SELECT set_config('assetreg.submission_id', (SELECT max(id)::text FROM assetreg.submission), false),"
        " assetreg_app.suspend_for_bulk_load('streetlight')",
    ):
        with pytest.raises(psycopg2.Error, match="import|导入"):
            query(editor, statement)
    assert query(lights, KEYS_OF_LIGHTS) == keys


def test_keys_set_aside_cannot_be_committed(lights, login_as, tmp_path, standard, profile):
    keys = query(lights, KEYS_OF_LIGHTS)
    editor = login_as("assetreg_editor")
    conn = psycopg2.connect(editor)
    try:
        assert _set_keys_aside_in_own_import(conn, tmp_path, standard, profile) > 0
        with conn.cursor() as cur:
            # a duplicate of a registered light and an unknown code, accepted while the keys are away
            columns = ", ".join((*standard.family("streetlight").field_names, "geom"))
            cur.execute(f"INSERT INTO assetreg.streetlight ({columns}) SELECT {columns} FROM assetreg.streetlight LIMIT 1")
        with pytest.raises(psycopg2.Error, match="refusal.bulk.keys_still_set_aside"):
            conn.commit()
    finally:
        conn.close()
    assert query(lights, KEYS_OF_LIGHTS) == keys
    assert query(lights, "SELECT count(*), count(DISTINCT component_id) FROM assetreg.streetlight") == [(3, 3)]


def test_asking_for_immediate_constraints_does_not_let_keys_be_set_aside(lights, login_as, tmp_path, standard, profile):
    editor = login_as("assetreg_editor")
    conn = psycopg2.connect(editor)
    try:
        with pytest.raises(psycopg2.Error, match="refusal.bulk.keys_still_set_aside"):
            _set_keys_aside_in_own_import(conn, tmp_path, standard, profile, immediate=True)
    finally:
        conn.close()


def test_no_stored_text_is_executed_when_keys_are_restored(lights, login_as, tmp_path, standard, profile):
    admin_login = login_as("assetreg_admin")
    planted = (
        "INSERT INTO assetreg.bulk_suspended (table_name, name, kind, definition)"
        " VALUES ('streetlight', 'x', 'index', 'ALTER ROLE " + _user(admin_login) + " SUPERUSER')"
    )
    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        query(admin_login, planted)
    keys = query(lights, KEYS_OF_LIGHTS)
    conn = psycopg2.connect(admin_login)
    try:
        _set_keys_aside_in_own_import(conn, tmp_path, standard, profile)
        # the admin cannot write what the restore reads either
        with conn.cursor() as cur, pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute(
                "INSERT INTO assetreg_app.family_keys (table_name, name, kind, columns)"
                " VALUES ('streetlight', 'y', 'index', '{uid}')"
            )
        conn.rollback()
    finally:
        conn.close()
    assert query(lights, KEYS_OF_LIGHTS) == keys and not _is_superuser(admin_login)


def test_the_keys_the_restore_rebuilds_are_those_the_family_tables_have(registry):
    """family_keys is taken from the derived tables when the schema is built: every family's primary,
    unique and foreign keys and plain indexes are there, so a bulk load restores exactly them."""
    kept = query(registry, "SELECT table_name, name FROM assetreg_app.family_keys ORDER BY 1, 2")
    catalog = query(
        registry,
        "SELECT t.table_name, c.conname FROM assetreg_app.family_tables() t"
        " JOIN pg_constraint c ON c.conrelid = format('assetreg.%I', t.table_name)::regclass AND c.contype IN ('p', 'u', 'f')"
        " UNION SELECT t.table_name, i.relname FROM assetreg_app.family_tables() t"
        " JOIN pg_index x ON x.indrelid = format('assetreg.%I', t.table_name)::regclass JOIN pg_class i ON i.oid = x.indexrelid"
        " WHERE NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid) ORDER BY 1, 2",
    )
    families = {table for table, _ in kept}
    assert len(families) == 7 and kept == catalog


def test_the_command_line_links_and_unlinks_and_a_viewer_is_refused_in_words(lights, login_as):
    from tests.unit.test_cli import assetreg

    with connection(lights) as conn:
        case = report_cases(conn, [{"matter_code": "44040201037", "source": "patrol", "description": "灯不亮"}])[0]
    link = ("wo", "link", str(case.id), "--version", "1", "--asset", "streetlight:44040201037000002")
    refused = assetreg("--lang", "en", *link, "--dsn", login_as("assetreg_viewer"))
    assert refused.returncode != 0 and "Traceback" not in refused.stderr and "may not" in refused.stderr, refused.stderr
    editor = login_as("assetreg_editor")
    linked = assetreg("--lang", "en", *link, "--dsn", editor)
    assert linked.returncode == 0 and "now version 2" in linked.stdout, linked.stderr
    unlinked = assetreg("--lang", "en", *link[:-2], "--asset", "streetlight:44040201037000002", "--dsn", editor)
    assert unlinked.returncode != 0 and "changed meanwhile" in unlinked.stderr  # version 1 is gone
    unlink = ("wo", "unlink", str(case.id), "--version", "2", "--asset", "streetlight:44040201037000002")
    assert assetreg("--lang", "en", *unlink, "--dsn", editor).returncode == 0
    assert query(lights, "SELECT count(*) FROM assetreg.work_order_asset") == [(0,)]


@pytest.mark.parametrize("role", ["assetreg_viewer", "assetreg_admin"])
def test_no_role_may_rewrite_the_app_schemas_comments(registry, login_as, role):
    """assetreg_app.comment_on runs only while the schema is built; a daily login calling it, even the
    admin, is refused and the comment stays the catalogue's."""
    before = query(registry, "SELECT obj_description('assetreg_app.grid_mismatch'::regclass, 'pg_class')")
    conn = psycopg2.connect(login_as(role))
    try:
        with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="function comment_on"), conn, conn.cursor() as cur:
            cur.execute("SELECT assetreg_app.comment_on('VIEW', 'assetreg_app.grid_mismatch', 'kpi.group.total')")
    finally:
        conn.close()
    assert query(registry, "SELECT obj_description('assetreg_app.grid_mismatch'::regclass, 'pg_class')") == before
