"""An asset's history in words: the move in metres, fields by the standard's titles, codes by their labels,
the time in the city's time zone (core/change_words.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from asset_registry.core.change_words import change_lines, heading, moved_metres


def point(x: float, y: float) -> dict:
    return {"type": "Point", "coordinates": [x, y]}


def test_a_move_is_said_in_metres_and_each_field_by_its_title_and_labels(standard):
    family = standard.family("streetlight")
    old = {"geom": point(452000, 2462000), "status": "intact", "lamp_power_w": 120, "remarks": None}
    new = {"geom": point(452003.2, 2462000), "status": "damaged", "lamp_power_w": 150, "remarks": "灯罩破"}
    assert change_lines(standard, family, old, new, "zh") == [
        "位置移动了 3.2 米",
        "管理部件状态：完好 → 破损",
        f"{family.field('remarks').title('zh')}：（空） → 灯罩破",
        f"{family.field('lamp_power_w').title('zh')}：120 W → 150 W",
    ]
    english = change_lines(standard, family, old, new, "en")
    assert english[0] == "moved 3.2 m" and "Intact → Damaged" in english[1]


def test_a_line_moved_by_its_vertices_and_an_unmoved_reshape():
    line = {"type": "LineString", "coordinates": [[0, 0], [10, 0]]}
    assert moved_metres(line, {"type": "LineString", "coordinates": [[0, 4], [10, 4]]}) == 4.0
    assert moved_metres(None, line) is None


def test_the_heading_is_in_the_citys_time():
    at = datetime(2026, 12, 3, 2, 30, tzinfo=UTC)
    assert heading("update", at, "editor1", "Asia/Shanghai", "zh") == "2026-12-03 10:30  editor1  修改"
    assert heading("delete", at, "editor1", "Asia/Shanghai", "en") == "2026-12-03 10:30  editor1  deleted"
