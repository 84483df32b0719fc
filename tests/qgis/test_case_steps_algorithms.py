"""``asset_registry:case_step`` and ``asset_registry:load_responsibility_areas`` through processing.run in a real
QGIS against a real registry: they do what ``assetreg wo urge|return|reply`` and ``assetreg areas responsibility``
do, and a refusal of the database reaches the user in words."""

from __future__ import annotations

import pytest
from asset_registry.storage.connection import connection
from asset_registry.storage.workorders import report_cases, transition
from qgis.core import QgsProcessingException

from tests.db.conftest import query
from tests.helpers import write_geojson

STEP = {"return": 0, "supervise": 1, "urge": 2, "reply": 3, "on_the_spot": 4}


def _dispatched_citizen_case(dsn: str) -> tuple[int, int]:
    with connection(dsn) as conn:
        case = report_cases(
            conn, [{"matter_code": "44040201037", "source": "citizen", "description": "灯不亮", "x": 500000, "y": 2460000}]
        )[0]
        version = case.version
        for action in ("accept", "register", "dispatch"):
            version = transition(conn, case.id, version, action, payload={"maintainer": "路灯管理所"})
    return case.id, version


def test_case_steps_through_processing(lights_db, plugin):
    import processing

    case_id, version = _dispatched_citizen_case(lights_db)
    run = {"CASE": case_id, "DSN": lights_db}
    urged = processing.run("asset_registry:case_step", {**run, "VERSION": version, "STEP": STEP["urge"], "TEXT": "三日内"})
    assert urged["VERSION"] == version + 1
    with pytest.raises(QgsProcessingException) as refused:
        processing.run("asset_registry:case_step", {**run, "VERSION": version + 1, "STEP": STEP["return"]})
    assert "理由" in str(refused.value)
    returned = processing.run(
        "asset_registry:case_step", {**run, "VERSION": version + 1, "STEP": STEP["return"], "TEXT": "不属本单位"}
    )
    replied = processing.run(
        "asset_registry:case_step",
        {**run, "VERSION": returned["VERSION"], "STEP": STEP["reply"], "CHANNEL": "phone", "TEXT": "已转园林所"},
    )
    assert query(lights_db, "SELECT status, reply_channel, version FROM assetreg.work_order WHERE id = %s", (case_id,)) == [
        ("registered", "phone", replied["VERSION"])
    ]
    actions = query(lights_db, "SELECT action FROM assetreg.work_order_event WHERE work_order_id = %s ORDER BY id", (case_id,))
    assert [a[0] for a in actions][-3:] == ["urge", "return", "reply"]


def test_responsibility_areas_through_processing(lights_db, plugin, tmp_path):
    import processing

    ring = [[499000, 2459000], [501000, 2459000], [501000, 2461000], [499000, 2461000], [499000, 2459000]]
    areas = write_geojson(
        tmp_path / "zr.geojson",
        [({"code": "ZR01", "name": "一区", "maintainer": "园林所"}, {"type": "Polygon", "coordinates": [ring]})],
    )
    assert processing.run("asset_registry:load_responsibility_areas", {"FILE": str(areas), "DSN": lights_db})["LOADED"] == 1
    assert query(lights_db, "SELECT code, maintainer FROM assetreg.responsibility_area") == [("ZR01", "园林所")]
    broken = write_geojson(tmp_path / "bad.geojson", [({"code": "ZR02"}, {"type": "Polygon", "coordinates": [ring]})])
    with pytest.raises(QgsProcessingException) as refused:
        processing.run("asset_registry:load_responsibility_areas", {"FILE": str(broken), "DSN": lights_db})
    assert "缺少 maintainer" in str(refused.value)
