"""The steps the cities describe (issue 15), each enforced by the database with its role rules: a return
(回退) by the crew, supervision and urging (督办/催办), the reply before a citizen's case closes,
on-the-spot handling (即知即办) by the collector who reported, dispatch by responsibility (一派到位)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg2
import pytest
from asset_registry.core.errors import InputError, RefusedError
from asset_registry.storage.case_steps import on_the_spot, reply, step_counts, step_indicator, supervise
from asset_registry.storage.connection import connection
from asset_registry.storage.importing import import_delivery
from asset_registry.storage.workorders import report_cases, show_case, transition

from tests.db.conftest import query
from tests.helpers import XIANGZHOU_XY, numbered_lights, write_geojson
from tests.unit.test_cli import assetreg

LIGHT = "44040201037000001"
SPAN = (datetime(2000, 1, 1, tzinfo=UTC), datetime.now(UTC) + timedelta(days=1))


def new_case(dsn: str, source: str = "patrol", **extra) -> tuple[int, int]:
    case = {"matter_code": "44040201037", "source": source, "description": "灯不亮", "x": 500000, "y": 2460000, **extra}
    with connection(dsn) as conn:
        reported = report_cases(conn, [case])[0]
    return reported.id, reported.version


def walk(dsn: str, case_id: int, version: int, *actions: str, **payload) -> int:
    payload = {"maintainer": "路灯管理所", "crew": "一班", "notes": "更换灯具", **payload}
    with connection(dsn) as conn:
        for action in actions:
            version = transition(conn, case_id, version, action, "理由 / reason", payload)
    return version


def shown(dsn: str, case_id: int):
    with connection(dsn) as conn:
        return show_case(conn, case_id)


def counts(dsn: str) -> set[tuple[str, str, int, int]]:
    with connection(dsn) as conn:
        return {(c.step, c.who, c.cases, c.events) for c in step_counts(conn, *SPAN)}


def test_the_crew_returns_a_wrongly_dispatched_case_and_it_is_counted_per_unit(registry, login_as):
    editor, crew, viewer = login_as("assetreg_editor"), login_as("assetreg_crew"), login_as("assetreg_viewer")
    case_id, version = new_case(registry)
    version = walk(editor, case_id, version, "accept", "register", "dispatch")
    with connection(crew) as conn:
        with pytest.raises(RefusedError) as no_reason:
            transition(conn, case_id, version, "return")
        assert "reason" in no_reason.value.en and no_reason.value.zh
        version = transition(conn, case_id, version, "return", "不属本单位 / not ours")
    case = shown(registry, case_id)
    assert (case.status, case.handling_unit, case.crew, case.handling_deadline) == ("registered", None, None, None)
    assert case.events[-1].payload["unit"] == "路灯管理所" and case.events[-1].reason == "不属本单位 / not ours"
    with connection(viewer) as conn, pytest.raises(RefusedError) as refused:
        transition(conn, case_id, version, "dispatch", payload={"maintainer": "x"})
    assert refused.value.zh and refused.value.en
    # re-dispatched to the right unit, which returns nothing: the count stays with the first
    version = walk(editor, case_id, version, "dispatch", maintainer="园林所")
    assert shown(registry, case_id).handling_unit == "园林所"
    assert counts(viewer) == {("return", "路灯管理所", 1, 1)}
    with connection(crew) as conn, pytest.raises(RefusedError, match="not allowed"):
        transition(conn, case_id, walk(crew, case_id, version, "start", "handle"), "return", "late")


def test_a_case_dispatched_to_a_crew_login_is_returned_by_that_crew_only(registry, login_as):
    editor, crew, other_crew = login_as("assetreg_editor"), login_as("assetreg_crew"), login_as("assetreg_crew")
    crew_login = psycopg2.extensions.parse_dsn(crew)["user"]
    case_id, version = new_case(registry)
    version = walk(editor, case_id, version, "accept", "register", "dispatch", crew=crew_login)
    with connection(other_crew) as conn, pytest.raises(RefusedError) as refused:
        transition(conn, case_id, version, "return", "不是我的")
    assert crew_login in refused.value.en and "不能回退" in refused.value.zh
    with connection(crew) as conn:
        transition(conn, case_id, version, "return", "派错了 / wrong unit")
    assert shown(registry, case_id).events[-1].actor == crew_login


def test_supervise_and_urge_leave_the_stage_and_are_counted_and_shown(registry, login_as):
    editor, admin, crew = login_as("assetreg_editor"), login_as("assetreg_admin"), login_as("assetreg_crew")
    case_id, version = new_case(registry)
    version = walk(editor, case_id, version, "accept", "register", "dispatch")
    with connection(editor) as conn:
        version = supervise(conn, case_id, version, "supervise", "三日内办结")
    with connection(admin) as conn:
        version = supervise(conn, case_id, version, "urge")
        version = supervise(conn, case_id, version, "urge", "再催")
        with pytest.raises(InputError):
            supervise(conn, case_id, version, "scold")
    for login in (crew, login_as("assetreg_viewer")):
        with connection(login) as conn, pytest.raises(RefusedError) as refused:
            supervise(conn, case_id, version, "urge")
        assert refused.value.zh and refused.value.en and "Traceback" not in refused.value.en
    case = shown(registry, case_id)
    assert (case.status, case.version) == ("dispatched", version)
    assert [e.action for e in case.events[-3:]] == ["supervise", "urge", "urge"]
    assert counts(registry) == {("supervise", "路灯管理所", 1, 1), ("urge", "路灯管理所", 1, 2)}
    with connection(login_as("assetreg_viewer")) as conn:
        by_unit = step_indicator(conn, *SPAN, "maintainer")
        by_city = step_indicator(conn, *SPAN, "city")
        with pytest.raises(InputError, match="road_class"):
            step_indicator(conn, *SPAN, "road_class")
    assert [(r["code"], r["supervised"], r["urged"], r["returned"]) for r in by_unit] == [
        ("路灯管理所", 1, 2, 0),
        (None, 1, 2, 0),  # the total, last
    ]
    assert by_city[0]["label_zh"] == "珠海市" and by_city[-1]["urged"] == 2
    printed = assetreg("wo", "show", str(case_id), "--dsn", registry)
    assert printed.returncode == 0 and "督办 1 次，催办 2 次" in printed.stdout
    version = walk(editor, case_id, version, "start", "handle", "verify", "close")
    with connection(editor) as conn, pytest.raises(RefusedError, match="finished"):
        supervise(conn, case_id, version, "urge")


def test_a_citizens_case_cannot_close_before_the_reply(registry, login_as):
    editor, crew = login_as("assetreg_editor"), login_as("assetreg_crew")
    case_id, version = new_case(registry, source="hotline_12345")
    version = walk(editor, case_id, version, "accept", "register", "dispatch", "start", "handle", "verify")
    with connection(editor) as conn:
        with pytest.raises(RefusedError) as refused:
            transition(conn, case_id, version, "close")
        assert "reply" in refused.value.en and "回复" in refused.value.zh
        with pytest.raises(InputError, match="pigeon"):
            reply(conn, case_id, version, "pigeon", "修好了")
        with pytest.raises(InputError, match="future"):
            reply(conn, case_id, version, "phone", "修好了", datetime.now(UTC) + timedelta(hours=1))
        with pytest.raises(RefusedError, match="text"):
            reply(conn, case_id, version, "phone", "  ")
    with connection(crew) as conn, pytest.raises(RefusedError, match="may not"):  # EXECUTE not granted
        reply(conn, case_id, version, "phone", "修好了")
    with connection(editor) as conn:
        version = reply(conn, case_id, version, "phone", "路灯已修复")
        version = transition(conn, case_id, version, "close")
    case = shown(registry, case_id)
    assert (case.status, case.reply_channel, case.reply_text) == ("closed", "phone", "路灯已修复")
    assert case.replied_at is not None and case.events[-2].action == "reply"
    # a patrol's case closes without a reply
    patrol_id, patrol_version = new_case(registry)
    walk(editor, patrol_id, patrol_version, "accept", "register", "dispatch", "start", "handle", "verify", "close")


def test_the_reporting_collector_handles_on_the_spot_with_evidence(registry, login_as, tmp_path):
    from asset_registry.storage.attachments import attach
    from asset_registry.storage.filestore import FolderStore

    collector, other = login_as("assetreg_crew"), login_as("assetreg_crew")
    case_id, version = new_case(collector)
    for login in (other, login_as("assetreg_editor")):
        with connection(login) as conn, pytest.raises(RefusedError) as refused:
            on_the_spot(conn, case_id, version, "扶正")
        assert "reported" in refused.value.en and "上报" in refused.value.zh
    with connection(login_as("assetreg_viewer")) as conn, pytest.raises(RefusedError):
        on_the_spot(conn, case_id, version, "扶正")
    with connection(collector) as conn:
        with pytest.raises(RefusedError, match="evidence"):
            on_the_spot(conn, case_id, version, " ")
        with pytest.raises(InputError, match="does not belong"):
            on_the_spot(conn, case_id, version, None, 999)
    photo = tmp_path / "after.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 photo")
    with connection(collector) as conn:
        attached, _ = attach(conn, photo, FolderStore(tmp_path / "store"), work_order_id=case_id)
        version = on_the_spot(conn, case_id, version, None, attached.id)
    case = shown(registry, case_id)
    assert (case.status, case.closed_at is not None, case.events[-1].action) == ("closed", True, "on_the_spot")
    assert case.events[-1].payload == {"attachment": attached.id}
    # too late once registered
    late_id, late_version = new_case(collector)
    late_version = walk(login_as("assetreg_editor"), late_id, late_version, "accept", "register")
    with connection(collector) as conn, pytest.raises(RefusedError, match="registered"):
        on_the_spot(conn, late_id, late_version, "扶正")
    collector_login = query(registry, "SELECT actor FROM assetreg.work_order_event WHERE work_order_id = %s", (case_id,))[0][0]
    assert counts(registry) == {("on_the_spot", collector_login, 1, 1)}
    with connection(registry) as conn:  # counted apart: never registered, so outside the case indicators
        assert step_indicator(conn, *SPAN, "city")[-1]["on_the_spot"] == 1
        assert query(registry, "SELECT count(*) FROM assetreg.work_order_event WHERE work_order_id = %s"
                     " AND action = 'register'", (case_id,))[0][0] == 0  # fmt: skip


@pytest.fixture
def units(registry, standard, profile, tmp_path):
    """A light maintained by 路灯管理所, and a responsibility area of 园林所 around a spot with no asset."""
    lights = numbered_lights(1, maintainer_name="路灯管理所")
    import_delivery(registry, write_geojson(tmp_path / "l.geojson", lights), standard, profile)
    query(
        registry,
        "INSERT INTO assetreg.responsibility_area (code, name, maintainer, geom) VALUES"
        " ('ZR01', '香洲一区', '园林所', ST_Multi(ST_MakeEnvelope(499000, 2459000, 501000, 2461000, 4547)))",
    )
    return registry


def test_dispatch_takes_the_unit_in_charge_and_an_override_needs_a_reason(units, login_as):
    editor = login_as("assetreg_editor")
    by_asset, version = new_case(units, assets=[{"family": "streetlight", "component_id": LIGHT}], x=None, y=None)
    walk(editor, by_asset, version, "accept", "register")
    with connection(editor) as conn:
        transition(conn, by_asset, version + 2, "dispatch", payload={"crew": "一班"})
    case = shown(units, by_asset)
    assert case.handling_unit == "路灯管理所" and case.events[-1].payload["responsible_from"] == "assets"

    by_area, version = new_case(units)
    version = walk(editor, by_area, version, "accept", "register")
    with connection(editor) as conn:
        with pytest.raises(RefusedError) as refused:
            transition(conn, by_area, version, "dispatch", payload={"maintainer": "路灯管理所"})
        assert "园林所" in refused.value.zh and "reason" in refused.value.en
        transition(conn, by_area, version, "dispatch", "园林所人手不足 / short of hands", {"maintainer": "路灯管理所"})
    case = shown(units, by_area)
    assert case.handling_unit == "路灯管理所"
    assert case.events[-1].payload["responsible"] == "园林所" and case.events[-1].payload["responsible_from"] == "area"
    assert case.events[-1].payload["override_reason"] == "园林所人手不足 / short of hands"

    nowhere, version = new_case(units, x=XIANGZHOU_XY[0] - 5000, y=XIANGZHOU_XY[1])
    version = walk(editor, nowhere, version, "accept", "register")
    with connection(editor) as conn, pytest.raises(RefusedError, match="maintainer"):
        transition(conn, nowhere, version, "dispatch")


def test_cli_teaches_the_steps(registry):
    dsn = ("--dsn", registry)
    case_id, version = new_case(registry, source="citizen")
    for command in ("return", "supervise", "urge", "reply", "on-the-spot", "steps"):
        helped = assetreg("wo", command, "--help")
        assert helped.returncode == 0 and "示例" in helped.stdout, command
    version = walk(registry, case_id, version, "accept", "register", "dispatch")
    urged = assetreg("--lang", "en", "wo", "urge", str(case_id), "--version", str(version), *dsn)
    assert urged.returncode == 0 and f"now version {version + 1}" in urged.stdout
    returned = assetreg("wo", "return", str(case_id), "--version", str(version + 1), "--reason", "派错", *dsn)
    assert returned.returncode == 0, returned.stderr
    bad_channel = assetreg("--lang", "en", "wo", "reply", str(case_id), "--version", str(version + 2),
                           "--channel", "pigeon", "--text", "ok", *dsn)  # fmt: skip
    assert bad_channel.returncode == 2 and "pigeon" in bad_channel.stderr and "Traceback" not in bad_channel.stderr
    bad_time = assetreg("wo", "reply", str(case_id), "--version", str(version + 2), "--channel", "sms",
                        "--text", "ok", "--at", "2026-12-03 09:30", *dsn)  # fmt: skip
    assert bad_time.returncode == 2 and "时区偏移" in bad_time.stderr
    replied = assetreg("wo", "reply", str(case_id), "--version", str(version + 2), "--channel", "sms",
                       "--text", "已处理", "--at", "2000-01-01T00:00+08:00", *dsn)  # fmt: skip
    assert replied.returncode == 1 and "Traceback" not in replied.stderr  # before the report
    steps = assetreg("wo", "steps", "--from", "2000-01-01T00:00+08:00", "--format", "json", *dsn)
    assert steps.returncode == 0 and '"return"' in steps.stdout and '"urge"' in steps.stdout
    grouped = assetreg("wo", "steps", "--by", "maintainer", "--from", "2000-01-01T00:00+08:00", *dsn)
    assert grouped.returncode == 0 and "路灯管理所" in grouped.stdout and "合计" in grouped.stdout
    table = assetreg("wo", "steps", *dsn)
    assert table.returncode == 0 and "回退" in table.stdout and "催办" in table.stdout


def _square(x: float, y: float, half: float) -> dict:
    ring = [[x - half, y - half], [x + half, y - half], [x + half, y + half], [x - half, y + half], [x - half, y - half]]
    return {"type": "Polygon", "coordinates": [ring]}


def test_responsibility_areas_load_all_or_none_and_a_dispatch_takes_their_unit(registry, login_as, tmp_path):
    good = write_geojson(
        tmp_path / "zr.geojson",
        [
            ({"code": "ZR01", "name": "香洲一区", "maintainer": "园林所"}, _square(500000, 2460000, 1000)),
            ({"code": "ZR02", "name": "香洲二区", "maintainer": "路政所"}, _square(510000, 2460000, 1000)),
        ],
    )
    bad = write_geojson(
        tmp_path / "bad.geojson",
        [
            ({"code": "ZR03", "name": "三区", "maintainer": "市政所"}, _square(520000, 2460000, 1000)),
            ({"code": "ZR04", "name": "四区"}, _square(530000, 2460000, 1000)),
        ],
    )
    refused = assetreg("--lang", "en", "areas", "responsibility", str(bad), "--dsn", registry)
    assert refused.returncode == 2 and "feature 2" in refused.stderr and "maintainer missing" in refused.stderr
    viewer = assetreg("--lang", "en", "areas", "responsibility", str(good), "--dsn", login_as("assetreg_viewer"))
    assert viewer.returncode == 1 and "Traceback" not in viewer.stderr
    assert query(registry, "SELECT count(*) FROM assetreg.responsibility_area")[0][0] == 0
    loaded = assetreg("areas", "responsibility", str(good), "--dsn", login_as("assetreg_editor"))
    assert loaded.returncode == 0 and "已导入 2 个责任区" in loaded.stdout
    editor = login_as("assetreg_editor")
    case_id, version = new_case(registry, x=510100, y=2460100)
    version = walk(editor, case_id, version, "accept", "register")
    dispatched = assetreg("wo", "dispatch", str(case_id), "--version", str(version), "--dsn", editor)
    assert dispatched.returncode == 0, dispatched.stderr
    assert shown(registry, case_id).handling_unit == "路政所"


def test_the_sources_that_need_a_reply_are_the_standards(registry):
    from asset_registry.core.standard import Standard

    wanted = Standard(version="1.1").document(Path("codelists/work_order_source.json"))["x-reply-required"]
    rows = query(registry, "SELECT code FROM assetreg.cl_work_order_source WHERE reply_required ORDER BY code")
    assert sorted(wanted) == [row[0] for row in rows] and "patrol" not in wanted


@pytest.mark.parametrize("role", ["assetreg_crew", "assetreg_editor", "assetreg_viewer"])
def test_the_steps_helpers_and_tables_are_out_of_reach(registry, login_as, role):
    """What only the flow may run or write: each role's login tries, and is refused."""
    case_id, _ = new_case(registry)
    attempts = (
        ("SELECT assetreg_app.case_dispatch_payload(%s, '{}', NULL)", (case_id,)),
        ("SELECT * FROM assetreg_app.case_responsible_unit(%s)", (case_id,)),
        (
            "INSERT INTO assetreg.work_order_event (work_order_id, version, action, from_status, to_status)"
            " VALUES (%s, 2, 'on_the_spot', 'reported', 'closed')",
            (case_id,),
        ),
        ("UPDATE assetreg.work_order SET replied_at = now() WHERE id = %s", (case_id,)),
    )
    dsn = login_as(role)
    for statement, params in attempts:
        conn = psycopg2.connect(dsn)
        try:
            with pytest.raises(psycopg2.errors.InsufficientPrivilege), conn.cursor() as cur:
                cur.execute(statement, params)
        finally:
            conn.close()
    assert query(registry, "SELECT status, version FROM assetreg.work_order WHERE id = %s", (case_id,)) == [("reported", 1)]
