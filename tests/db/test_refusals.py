"""A refusal of the database (an id and its parameters, db/app/07_common.sql) reaches the reader in
words, in either language, with its parameters: through storage/errors.py, the one translation."""

from __future__ import annotations

import psycopg2
import pytest
from asset_registry.core.errors import EXIT_INVALID, EXIT_USAGE, InputError, RefusedError
from asset_registry.core.messages import text
from asset_registry.core.standard import Standard
from asset_registry.storage.connection import connection
from asset_registry.storage.errors import describe_unexpected, refusal, refusal_in_text
from asset_registry.storage.workorders import report_cases, transition

from tests.db.conftest import query

CASE = {"matter_code": "44040201037", "source": "patrol", "description": "灯不亮"}


def test_a_stale_version_is_refused_in_both_languages_with_its_versions(registry):
    with connection(registry) as conn:
        case = report_cases(conn, [CASE])[0]
        transition(conn, case.id, case.version, "accept")
        with pytest.raises(RefusedError) as stale:
            transition(conn, case.id, case.version, "refuse", "重复")
    error = stale.value
    assert (error.id, error.exit_code) == ("refusal.case.version_conflict", EXIT_INVALID)
    assert error.message("en") == f"Case {case.id} was changed meanwhile (now version 2, yours 1): reload it and try again"
    assert error.message("zh") == f"案卷 {case.id} 已被他人修改（当前版本 2，你依据的版本 1）：请重新加载后再操作"


def test_bad_input_is_an_input_error_exit_2(registry):
    with connection(registry) as conn, pytest.raises(InputError) as bad:
        report_cases(conn, [CASE, {**CASE, "source": "pigeon"}])
    assert (bad.value.id, bad.value.exit_code) == ("refusal.case.invalid_source", EXIT_USAGE)
    assert bad.value.message("zh") == "第 2 件：案件来源“pigeon”无效"
    assert bad.value.message("en") == "Case 2: invalid source 'pigeon'"
    assert query(registry, "SELECT count(*) FROM assetreg.work_order") == [(0,)]  # all or none


def test_a_label_the_database_holds_in_both_languages_is_shown_in_the_reader_s(registry):
    status = Standard().codelists["work_order_status"]
    with connection(registry) as conn:
        case = report_cases(conn, [CASE])[0]
        with pytest.raises(RefusedError) as early:
            transition(conn, case.id, case.version, "close")
        refused_version = transition(conn, case.id, case.version, "refuse", "重复")
        with pytest.raises(RefusedError) as finished:
            transition(conn, case.id, refused_version, "accept")
    assert f"处于“{status.label('reported', 'zh')}”环节" in early.value.message("zh")
    assert "此环节可执行：accept, cancel, refuse" in early.value.message("zh")
    allowed = "(allowed here: accept, cancel, refuse)"
    assert early.value.message("en") == f"Case {case.id} is reported: 'close' is not allowed {allowed}"
    refused = status.label("refused", "zh")
    assert finished.value.message("zh").endswith(f"处于“{refused}”环节，不能执行“accept”（此环节可执行：无）")
    assert finished.value.message("en").endswith("(allowed here: nothing)")


def test_a_refusal_with_a_standard_sqlstate_is_translated_too(registry, login_as):
    """psql sees the id and the JSON parameters; the program, the message."""
    conn = psycopg2.connect(login_as("assetreg_editor"))
    try:
        with pytest.raises(psycopg2.Error) as caught, conn.cursor() as cur:
            cur.execute("SELECT assetreg_app.quarantine_keep(424242, '[]')")
    finally:
        conn.close()
    raw = caught.value
    assert (raw.pgcode, raw.diag.message_primary) == ("42501", "refusal.submission.not_yours")
    assert raw.diag.message_detail == '{"submission": 424242}'
    assert refusal(raw).exit_code == EXIT_INVALID
    assert describe_unexpected(raw, "zh") == "提交 424242 不是你的提交"
    assert describe_unexpected(raw, "en") == "Submission 424242 is not yours"
    assert refusal_in_text(raw.pgerror).message("zh") == "提交 424242 不是你的提交"  # the text psql shows


def test_a_failure_that_is_not_a_refusal_is_left_alone(registry):
    conn = psycopg2.connect(registry)
    try:
        with pytest.raises(psycopg2.Error) as caught, conn.cursor() as cur:
            cur.execute("SELECT 1/0")
    finally:
        conn.close()
    assert refusal(caught.value) is None


def test_the_app_schema_shows_the_catalogue_s_labels(registry):
    """assetreg_app.label is written from the catalogue when the app schema is built, not typed in SQL."""
    for ident in ("kpi.group.total", "kpi.group.not_given", "kpi.group.not_located"):
        assert query(registry, "SELECT assetreg_app.label_text(%s, 'zh'), assetreg_app.label_text(%s, 'en')", (ident, ident)) == [
            (text(ident, "zh"), text(ident, "en"))
        ]
