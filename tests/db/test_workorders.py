"""Cases (案卷): the life cycle as the database enforces it, versions, events, roles, deadlines, the CLI."""

from __future__ import annotations

import threading
from datetime import datetime

import psycopg2
import pytest
from asset_registry.core.errors import InputError, RefusedError
from asset_registry.core.standard import load_profile
from asset_registry.core.working_calendar import calendar_from_profile, deadline
from asset_registry.storage import localpg
from asset_registry.storage.connection import connection
from asset_registry.storage.importing import import_delivery
from asset_registry.storage.workorders import (
    ACTIONS,
    link_assets,
    list_cases,
    report_cases,
    show_case,
    transition,
)

from tests.db.conftest import drop_database, new_database, outside_the_flow, query
from tests.helpers import numbered_lights, write_geojson
from tests.unit.test_calendar import CASES as DEADLINE_CASES
from tests.unit.test_cli import assetreg

STATES = (
    "reported",
    "accepted",
    "refused",
    "registered",
    "dispatched",
    "handling",
    "handled",
    "verified",
    "closed",
    "deferred",
    "cancelled",
)

# The life cycle, written out independently of db/app/65_cases.sql: stage → {action: next stage}.
ALLOWED = {
    "reported": {"accept": "accepted", "refuse": "refused", "cancel": "cancelled"},
    "accepted": {"register": "registered", "refuse": "refused", "cancel": "cancelled"},
    "registered": {"dispatch": "dispatched", "defer": "deferred", "cancel": "cancelled"},
    "dispatched": {"start": "handling", "defer": "deferred", "cancel": "cancelled", "return": "registered"},
    "handling": {"handle": "handled", "defer": "deferred", "cancel": "cancelled", "return": "registered"},
    "handled": {"verify": "verified", "rework": "dispatched"},
    "verified": {"close": "closed"},
    "closed": {"rate": "closed"},
    "deferred": {"resume": "registered", "cancel": "cancelled"},  # deferred from registered, below
    "refused": {},
    "cancelled": {},
}

# How to bring a new case to each stage.
PATHS = {
    "reported": (),
    "accepted": ("accept",),
    "refused": ("refuse",),
    "registered": ("accept", "register"),
    "dispatched": ("accept", "register", "dispatch"),
    "handling": ("accept", "register", "dispatch", "start"),
    "handled": ("accept", "register", "dispatch", "start", "handle"),
    "verified": ("accept", "register", "dispatch", "start", "handle", "verify"),
    "closed": ("accept", "register", "dispatch", "start", "handle", "verify", "close"),
    "deferred": ("accept", "register", "defer"),
    "cancelled": ("cancel",),
}

# Everything any action may need, so that the matrix tests the stage alone.
PAYLOAD = {
    "maintainer": "路灯管理所",
    "crew": "一班",
    "notes": "更换灯具",
    "parts": "LED 120W",
    "cost": 380,
    "satisfaction": "satisfied",
}
LIGHT = "44040201037000001"


def new_case(conn, **extra) -> tuple[int, int]:
    case = {"matter_code": "44040201037", "source": "patrol", "description": "灯不亮", "x": 500000, "y": 2460000, **extra}
    reported = report_cases(conn, [case])[0]
    return reported.id, reported.version


def walk(conn, case_id: int, version: int, actions) -> int:
    for action in actions:
        version = transition(conn, case_id, version, action, "理由 / reason", PAYLOAD)
    return version


@pytest.fixture(scope="module")
def cases_db(template_db):
    """One registry for the matrix: each test makes its own case."""
    name = new_database(template_db)
    yield localpg.server_dsn(name)
    drop_database(name)


def test_the_actions_are_the_databases(cases_db):
    rows = query(cases_db, "SELECT DISTINCT action FROM assetreg_app.case_transitions")
    assert {row[0] for row in rows} == set(ACTIONS)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
def test_transition_matrix(cases_db, state, action):
    with connection(cases_db) as conn:
        case_id, version = new_case(conn)
        version = walk(conn, case_id, version, PATHS[state])
        assert show_case(conn, case_id).status == state
        if action in ALLOWED[state]:
            new_version = transition(conn, case_id, version, action, "理由 / reason", PAYLOAD)
            case = show_case(conn, case_id)
            assert (case.status, case.version, new_version) == (ALLOWED[state][action], version + 1, version + 1)
            assert (case.events[-1].action, case.events[-1].from_status, case.events[-1].to_status) == (
                action,
                state,
                ALLOWED[state][action],
            )
        else:
            with pytest.raises(RefusedError) as refused:
                transition(conn, case_id, version, action, "理由 / reason", PAYLOAD)
            assert "not allowed" in refused.value.en and "不能执行" in refused.value.zh
            case = show_case(conn, case_id)
            assert (case.status, case.version, len(case.events)) == (state, version, len(PATHS[state]) + 1)


@pytest.mark.parametrize("state", ("dispatched", "handling"))
def test_resume_returns_to_the_stage_it_was_deferred_from(cases_db, state):
    with connection(cases_db) as conn:
        case_id, version = new_case(conn)
        version = walk(conn, case_id, version, (*PATHS[state], "defer", "resume"))
        assert show_case(conn, case_id).status == state


def test_a_stale_version_is_refused_and_says_reload(cases_db):
    with connection(cases_db) as conn:
        case_id, version = new_case(conn)
        transition(conn, case_id, version, "accept")
        with pytest.raises(RefusedError) as stale:
            transition(conn, case_id, version, "refuse", "重复 / duplicate")
        assert "reload" in stale.value.en and "重新加载" in stale.value.zh
        assert show_case(conn, case_id).status == "accepted"


def test_reasons_and_payloads_are_required(cases_db):
    with connection(cases_db) as conn:
        case_id, version = new_case(conn)
        with pytest.raises(RefusedError, match="reason"):
            transition(conn, case_id, version, "cancel")
        version = walk(conn, case_id, version, ("accept", "register"))
        with pytest.raises(RefusedError, match="maintainer"):
            transition(conn, case_id, version, "dispatch", payload={"crew": "一班"})
        version = transition(conn, case_id, version, "dispatch", payload={"maintainer": "路灯所"})
        version = transition(conn, case_id, version, "start")
        with pytest.raises(RefusedError, match="notes"):
            transition(conn, case_id, version, "handle", payload={"cost": 1})
        with pytest.raises(InputError):
            transition(conn, case_id, version, "handle", payload={"notes": "ok", "cost": -5})
        with pytest.raises(InputError):
            transition(conn, case_id, version, "teleport")
        with pytest.raises(RefusedError):
            transition(conn, 999999, 1, "accept")


def test_concurrent_transitions_one_wins_the_other_is_refused(cases_db):
    with connection(cases_db) as conn:
        case_id, version = new_case(conn)
    first, second = psycopg2.connect(cases_db), psycopg2.connect(cases_db)
    outcome: dict[str, object] = {}
    try:
        with first.cursor() as cur:  # holds the row lock until commit
            cur.execute("SELECT assetreg_app.case_transition(%s, %s, 'accept')", (case_id, version))

        def cancel():
            try:
                with second.cursor() as cur:
                    cur.execute("SELECT assetreg_app.case_transition(%s, %s, 'cancel', 'dup', '{}')", (case_id, version))
                outcome["second"] = "done"
            except psycopg2.Error as exc:
                outcome["second"] = exc.pgcode
                second.rollback()

        worker = threading.Thread(target=cancel)
        worker.start()
        worker.join(1.0)
        assert worker.is_alive()  # waits for the first transaction's lock
        first.commit()
        worker.join(10)
        assert outcome["second"] == "AR003"  # then sees version 2: stale
    finally:
        first.close()
        second.close()
    with connection(cases_db) as conn:
        case = show_case(conn, case_id)
    assert (case.status, case.version, [e.action for e in case.events]) == ("accepted", 2, ["report", "accept"])


def test_events_say_who_when_and_why(cases_db):
    with connection(cases_db) as conn:
        case_id, version = new_case(conn, reporter_name="张三", reporter_contact="13800000000")
        walk(conn, case_id, version, ("accept", "register", "defer"))
        case = show_case(conn, case_id)
        user = query(cases_db, "SELECT session_user")[0][0]
    assert [event.action for event in case.events] == ["report", "accept", "register", "defer"]
    assert [event.version for event in case.events] == [1, 2, 3, 4]
    assert all(event.actor == user and event.at is not None for event in case.events)
    assert case.events[-1].reason == "理由 / reason" and case.deferred_from == "registered"
    assert case.reporter_name == "张三" and case.case_no.startswith("AJ")


def test_due_times_are_computed_from_the_profile(cases_db):
    with connection(cases_db) as conn:
        case_id, version = new_case(conn, urgency="emergency")
        walk(conn, case_id, version, ("accept", "register", "dispatch"))
        case = show_case(conn, case_id)
    calendar = calendar_from_profile(load_profile("zhuhai").body)
    registered, dispatched = (event.at for event in case.events if event.action in ("register", "dispatch"))
    # streetlight fault, emergency: handling 4 working hours, closing 1 working day
    assert case.closing_deadline == deadline(registered, 1, "working_days", calendar)
    assert case.handling_deadline == deadline(dispatched, 4, "working_hours", calendar)


@pytest.mark.parametrize(("start", "amount", "unit", "expected"), DEADLINE_CASES)
def test_sql_deadlines_equal_the_python_ones(cases_db, start, amount, unit, expected):
    (result,) = query(cases_db, "SELECT assetreg_app.working_deadline(%s, %s, %s)", (start + "+08:00", amount, unit))[0]
    assert result == datetime.fromisoformat(expected + "+08:00")


def test_overdue_is_computed_from_due_times_and_now(cases_db):
    with connection(cases_db) as conn:
        late, version = new_case(conn)
        walk(conn, late, version, ("accept", "register", "dispatch"))
        on_time, version = new_case(conn)
        walk(conn, on_time, version, ("accept", "register", "dispatch"))
    # time passes: the deadline of one case is behind us (only the owner can touch the row)
    outside_the_flow(
        cases_db, "UPDATE assetreg.work_order SET handling_deadline = now() - interval '1 hour' WHERE id = %s", (late,)
    )
    with connection(cases_db) as conn:
        overdue_ids = {case.id for case in list_cases(conn, overdue=True, limit=10000)}
        assert late in overdue_ids and on_time not in overdue_ids
        assert show_case(conn, late).handling_overdue is True
        version = show_case(conn, late).version
        walk(conn, late, version, ("start", "handle", "verify", "close"))
        closed = show_case(conn, late)
    assert closed.overdue is False and closed.handling_overdue is True  # handled late stays handled late


def test_rework_is_counted_and_clears_the_handling(cases_db):
    with connection(cases_db) as conn:
        case_id, version = new_case(conn)
        version = walk(conn, case_id, version, PATHS["handled"])
        version = transition(conn, case_id, version, "rework", "仍不亮 / still out")
        case = show_case(conn, case_id)
        assert (case.status, case.rework_count, case.handled_at) == ("dispatched", 1, None)
        walk(conn, case_id, version, ("start", "handle", "verify", "close", "rate"))
        case = show_case(conn, case_id)
    assert (case.status, case.rework_count, case.satisfaction, case.handled_cost) == ("closed", 1, "satisfied", 380)


@pytest.fixture
def lights(registry, standard, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "l.geojson", numbered_lights(3)), standard, profile)
    return registry


def test_cases_link_assets_and_are_located_at_them(lights):
    with connection(lights) as conn:
        reported = report_cases(
            conn,
            [
                {
                    "matter_code": "44040201037",
                    "source": "hotline_12345",
                    "description": "两盏灯不亮",
                    "assets": [{"family": "streetlight", "component_id": LIGHT}],
                },
                {"matter_code": "44040206012", "source": "citizen", "description": "路面脏", "x": 500000, "y": 2460000},
            ],
        )
        first = reported[0]
        version = link_assets(conn, first.id, first.version, [{"family": "streetlight", "component_id": "44040201037000002"}])
        case = show_case(conn, first.id)
        assert version == 2 and [a["component_id"] for a in case.assets] == [LIGHT, "44040201037000002"]
        assert case.location is not None
        assert [c.id for c in list_cases(conn, component_id=LIGHT)] == [first.id]
        with pytest.raises(RefusedError, match="44040201037999999"):
            report_cases(conn, [{**{"matter_code": "44040201037", "source": "patrol", "description": "x"},
                                 "assets": [{"family": "streetlight", "component_id": "44040201037999999"}]}])  # fmt: skip
        with pytest.raises(InputError, match="matter code"):
            report_cases(conn, [{"matter_code": "99999901037", "source": "patrol", "description": "x"}])
        assert len(list_cases(conn)) == 2  # the refused batches left nothing behind


def test_crew_handles_but_cannot_register_nor_update_directly(lights, login_as):
    crew = login_as("assetreg_crew")
    editor = login_as("assetreg_editor")
    with connection(lights) as conn:
        case_id, version = new_case(conn)
    with connection(editor) as conn:
        version = walk(conn, case_id, version, ("accept", "register", "dispatch"))
    with connection(crew) as conn:
        with pytest.raises(RefusedError, match="may not"):
            transition(conn, case_id, version, "cancel", "no")
        version = walk(conn, case_id, version, ("start", "handle"))
        with pytest.raises(RefusedError, match="may not"):
            transition(conn, case_id, version, "verify")
    for login in (crew, editor, login_as("assetreg_admin")):
        conn = psycopg2.connect(login)
        try:
            with pytest.raises(psycopg2.errors.InsufficientPrivilege), conn.cursor() as cur:
                cur.execute("UPDATE assetreg.work_order SET status = 'closed' WHERE id = %s", (case_id,))
        finally:
            conn.close()
    assert query(lights, "SELECT status FROM assetreg.work_order WHERE id = %s", (case_id,))[0][0] == "handled"


def test_cli_flow_and_error_paths(lights):
    dsn = ("--dsn", lights)
    created = assetreg("--lang", "en", "wo", "create", "--matter-code", "44040201037", "--source", "patrol",
                       "--description", "灯不亮", "--asset", f"streetlight:{LIGHT}", *dsn)  # fmt: skip
    assert created.returncode == 0, created.stderr
    assert "Reported case 1" in created.stdout
    ok = assetreg("--lang", "en", "wo", "accept", "1", "--version", "1", *dsn)
    assert ok.returncode == 0 and "now version 2" in ok.stdout
    stale = assetreg("--lang", "en", "wo", "register", "1", "--version", "1", *dsn)
    assert stale.returncode == 1 and "reload" in stale.stderr and "Traceback" not in stale.stderr
    stale_zh = assetreg("wo", "register", "1", "--version", "1", *dsn)
    assert stale_zh.returncode == 1 and "重新加载" in stale_zh.stderr
    illegal = assetreg("--lang", "en", "wo", "close", "1", "--version", "2", *dsn)
    assert illegal.returncode == 1 and "not allowed" in illegal.stderr and "Traceback" not in illegal.stderr
    no_reason = assetreg("wo", "cancel", "1", "--version", "2", *dsn)
    assert no_reason.returncode == 2 and "--reason" in no_reason.stderr
    bad = assetreg("--lang", "en", "wo", "create", "--matter-code", "123", "--source", "patrol", "--description", "x", *dsn)
    assert bad.returncode == 2 and "matter code" in bad.stderr and "Traceback" not in bad.stderr
    missing = assetreg("--lang", "en", "wo", "show", "42", *dsn)
    assert missing.returncode == 1 and "no case 42" in missing.stderr
    failed = assetreg("--lang", "en", "wo", "verify", "1", "--version", "2", "--failed", "--reason", "x", *dsn)
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    shown = assetreg("--lang", "en", "wo", "show", "1", *dsn)
    assert shown.returncode == 0 and "accept" in shown.stdout and LIGHT in shown.stdout
    listed = assetreg("--lang", "en", "wo", "list", "--status", "accepted", *dsn)
    assert listed.returncode == 0 and "accepted" in listed.stdout


def test_upgrade_turns_the_work_orders_of_0001_into_cases(empty_db, registry, profile):
    from asset_registry.storage import migrate

    from tests.db.test_schema import _schema_dump

    migrate.upgrade(empty_db, profile, "0002")
    query(
        empty_db,
        "INSERT INTO assetreg.streetlight (component_id, name, competent_dept_code, competent_dept_name, grid_code,"
        " status, initial_date, lamp_type, road_class, geom) VALUES (%s, '老路灯', '11440400MB2C10093Y',"
        " '珠海市城管局', '440402001001001', 'intact', '2010-01-01', 'LED', 'arterial',"
        " ST_SetSRID(ST_MakePoint(452000, 2462000), 4547))",
        (LIGHT,),
    )
    query(
        empty_db,
        "INSERT INTO assetreg.work_order (family, component_id, kind, status, closed_at) VALUES"
        " ('streetlight', %s, 'outage', 'open', NULL), ('streetlight', %s, 'outage', 'closed', now())",
        (LIGHT, LIGHT),
    )
    assert migrate.upgrade(empty_db, profile) == migrate.head_revision()
    with connection(empty_db) as conn:
        cases = sorted(list_cases(conn), key=lambda case: case.id)
        assert [(c.status, c.matter_code, c.version) for c in cases] == [
            ("reported", "44040201037", 1),
            ("closed", "44040201037", 1),
        ]
        assert show_case(conn, cases[0].id).assets[0]["component_id"] == LIGHT
        new = report_cases(conn, [{"matter_code": "44040201037", "source": "patrol", "description": "x"}])[0]
        assert new.id == 3  # the sequence continues after the migrated ids
    outside_the_flow(empty_db, "TRUNCATE assetreg.work_order, assetreg.streetlight CASCADE")
    assert _schema_dump(empty_db) == _schema_dump(registry)


def test_cases_about_assets_are_reported_together_and_unknown_ones_refused_by_name(lights, standard):
    from asset_registry.storage.workorders import report_asset_cases

    assets = [{"family": "streetlight", "component_id": f"4404020103700000{n}"} for n in (1, 2)]
    with connection(lights) as conn:
        with pytest.raises(RefusedError, match="44040201037999999") as raised:
            report_asset_cases(conn, standard, [*assets, {"family": "streetlight", "component_id": "44040201037999999"}],
                               "01037", "gis_user", "x")  # fmt: skip
        assert "no case was created" in raised.value.en and "未创建任何案卷" in raised.value.zh
        assert list_cases(conn) == []
        (reported,) = report_asset_cases(conn, standard, assets, "01037", "gis_user", "灯不亮", urgency="serious")
        case = show_case(conn, reported.id)
    assert (case.matter_code, case.source, case.urgency, case.status) == ("44040201037", "gis_user", "serious", "reported")
    assert [a["component_id"] for a in case.assets] == [a["component_id"] for a in assets]


def test_cli_reports_cases_from_a_matter_class_and_assets(lights):
    dsn = ("--dsn", lights)
    assets = ("--asset", f"streetlight:{LIGHT}", "--asset", "streetlight:44040201037000002")
    created = assetreg("--lang", "en", "wo", "create", "--matter-class", "01037", "--source", "gis_user",
                       "--description", "灯不亮", "--per-asset", *assets, *dsn)  # fmt: skip
    assert created.returncode == 0, created.stderr
    assert "Reported case 1" in created.stdout and "Reported case 2" in created.stdout
    rows = query(lights, "SELECT w.matter_code, a.component_id FROM assetreg.work_order w"
                         " JOIN assetreg.work_order_asset a ON a.work_order_id = w.id ORDER BY w.id")  # fmt: skip
    assert rows == [("44040201037", LIGHT), ("44040201037", "44040201037000002")]
    wrong = assetreg("--lang", "en", "wo", "create", "--matter-class", "06012", "--source", "gis_user",
                     "--description", "x", *assets, *dsn)  # fmt: skip
    assert wrong.returncode == 2 and "does not concern a streetlight" in wrong.stderr and "Traceback" not in wrong.stderr
    both = assetreg("--lang", "en", "wo", "create", "--matter-class", "01037", "--matter-code", "44040201037",
                    "--source", "gis_user", "--description", "x", *assets, *dsn)  # fmt: skip
    assert both.returncode == 2 and "cannot be combined with --matter-code" in both.stderr
    assert query(lights, "SELECT count(*) FROM assetreg.work_order") == [(2,)]
