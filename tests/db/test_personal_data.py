"""A citizen's name and contact are for those who handle cases (issue 11, item 6).

The handlers (crew, editor, admin) read them; a viewer, a contractor and the standards office read
every case, its events and the indicators with the personal fields left out, by no path at all:
every table and view they may read is walked from the catalog, and the planner's statistics too.
"""

from __future__ import annotations

import datetime

import psycopg2
import pytest
from asset_registry.storage.connection import connection
from asset_registry.storage.workorders import report_cases, transition
from psycopg2 import sql

from tests.db.conftest import query
from tests.unit.test_cli import assetreg

NAME, CONTACT = "张三丰", "13800138000"
NON_HANDLERS = ("assetreg_viewer", "assetreg_contractor", "assetreg_standards")


@pytest.fixture
def reported(registry):
    """A registry with a case a citizen reported, registered and dispatched; its statistics gathered."""
    case = {
        "matter_code": "44040201037",
        "source": "hotline_12345",
        "description": "路灯不亮",
        "reporter_name": NAME,
        "reporter_contact": CONTACT,
        "x": 500000,
        "y": 2460000,
    }
    with connection(registry) as conn, conn:
        case_id = report_cases(conn, [case])[0].id
        version = 1
        for action, payload in (("accept", None), ("register", None), ("dispatch", {"maintainer": "路灯管理所"})):
            version = transition(conn, case_id, version, action, None, payload)
    query(registry, "ANALYZE assetreg.work_order; ANALYZE assetreg.work_order_event")
    return registry, case_id


def readable_text(dsn: str) -> str:
    """Everything the login may read in the registry's schemas, as text: every column it may select of
    every table and view, and the planner's statistics it may see."""
    conn = psycopg2.connect(dsn)
    texts = []
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT n.nspname, c.relname, array_agg(a.attname::text ORDER BY a.attnum)"
                "  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                "  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
                " WHERE n.nspname IN ('assetreg', 'assetreg_app') AND c.relkind IN ('r', 'v', 'm', 'p', 'f')"
                "   AND has_column_privilege(c.oid, a.attnum, 'SELECT')"
                " GROUP BY 1, 2 ORDER BY 1, 2"
            )
            relations = cur.fetchall()
            for schema, name, columns in relations:
                columns_read = sql.SQL(", ").join(map(sql.Identifier, columns))
                cur.execute(sql.SQL("SELECT ROW({})::text FROM {}").format(columns_read, sql.Identifier(schema, name)))
                texts += [row[0] for row in cur.fetchall()]
            cur.execute("SELECT concat_ws(' ', most_common_vals, histogram_bounds) FROM pg_stats WHERE schemaname = 'assetreg'")
            texts += [row[0] for row in cur.fetchall()]
        conn.rollback()
    finally:
        conn.close()
    assert len(texts) > 100, "the walk read the registry"
    return "\n".join(texts)


@pytest.mark.parametrize("role", NON_HANDLERS)
def test_a_non_handler_reads_no_reporter_by_any_path(reported, login_as, role):
    registry, case_id = reported
    dsn = login_as(role)
    text = readable_text(dsn)
    assert NAME not in text and CONTACT not in text
    assert "路灯不亮" in text  # the case itself is there
    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        query(dsn, "SELECT reporter_name FROM assetreg.work_order")
    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        query(dsn, "SELECT payload FROM assetreg.work_order_event")
    # SELECT * of the views keeps working, the personal fields blank
    assert query(dsn, "SELECT reporter_name, reporter_contact, status FROM assetreg_app.case_overview") == [
        (None, None, "dispatched")
    ]
    assert query(dsn, "SELECT count(*) FROM (SELECT * FROM assetreg_app.case_overview) o") == [(1,)]


@pytest.mark.parametrize("role", NON_HANDLERS)
def test_a_non_handler_still_lists_shows_and_drills_down_cases(reported, login_as, role):
    registry, case_id = reported
    dsn = login_as(role)
    for args in (["wo", "list"], ["wo", "show", str(case_id)], ["wo", "show", str(case_id), "--format", "json"]):
        result = assetreg("--lang", "en", *args, "--dsn", dsn)
        assert result.returncode == 0, result.stderr
        assert NAME not in result.stdout and CONTACT not in result.stdout
        assert "Traceback" not in result.stderr
    shown = assetreg("--lang", "en", "wo", "show", str(case_id), "--dsn", dsn).stdout
    assert "dispatch" in shown and "路灯不亮" in shown
    period = datetime.date.today().strftime("%Y-%m")
    drill = assetreg("--lang", "en", "kpi", "cases", "--by", "district", "--period", period, "--drill", "", "--dsn", dsn)
    assert drill.returncode == 0, drill.stderr
    assert query(dsn, "SELECT count(*) FROM assetreg_app.kpi_cases_drill(now() - interval '1 day', now() + interval"
                 " '1 day', 'district', NULL)") == [(1,)]  # fmt: skip


@pytest.mark.parametrize("role", ["assetreg_crew", "assetreg_editor", "assetreg_admin"])
def test_those_who_handle_cases_read_the_reporter(reported, login_as, role):
    registry, case_id = reported
    dsn = login_as(role)
    shown = assetreg("--lang", "en", "wo", "show", str(case_id), "--format", "json", "--dsn", dsn)
    assert shown.returncode == 0, shown.stderr
    assert NAME in shown.stdout and CONTACT in shown.stdout
    assert query(dsn, "SELECT reporter_name, reporter_contact FROM assetreg_app.case_overview") == [(NAME, CONTACT)]
