"""Writes the standard's example deliveries: one valid and one invalid GeoJSON per family.

    .venv/bin/python scripts/make_examples.py

standards/1.1/examples/<family>.valid.geojson passes with no finding; <family>.invalid.geojson
trips the rules expected.json names for it (checked with the Zhuhai profile). The files are
committed; tests/unit/test_deliveries.py holds them to that.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers import COMMON, ROAD_LINE, XIANGZHOU_XY, bridge, light, park, road, square, tree, write_geojson  # noqa: E402

OUT = ROOT / "standards" / "1.1" / "examples"
X, Y = XIANGZHOU_XY
BOWTIE = {"type": "Polygon", "coordinates": [[[X, Y], [X + 100, Y + 100], [X + 100, Y], [X, Y + 100], [X, Y]]]}


def line(dy: float) -> dict:
    return {"type": "LineString", "coordinates": [[X, Y + dy], [X + 500, Y + dy]]}


def facility(**changes) -> dict:
    return {**COMMON, "component_id": "44040201046000001", "name": "人民公园座椅001", **changes}


def cabinet(**changes) -> dict:
    attributes = {"mounting": "ground", "rated_capacity_kva": 50, "circuit_count": 4, "control_mode": "time_light"}
    return {**COMMON, "component_id": "44040201060000001", "name": "人民路配电箱01", **attributes, **changes}


EXAMPLES = {
    "streetlight": (
        [(light(), (X, Y)), (light(component_id="44040201037000002", name="人民路路灯002"), (X + 30, Y))],
        [
            (light(lamp_type="钠灯X"), (X, Y)),
            (light(component_id="44040201037000002", pole_height_m=41), (X + 0.3, Y)),
            # a circuit means something only within its cabinet (a circuit beyond its cabinet's needs the cabinet
            # in the same delivery: tests/unit/test_circuit_rules.py)
            (light(component_id="44040201037000003", circuit_id="HL02"), (X + 60, Y)),
        ],
        ["crossfield.circuit_without_cabinet", "record.same_spot", "schema.codelist", "schema.range"],
    ),
    "road_segment": (
        [(road(), ROAD_LINE), (road(component_id="44040200000000002", road_name="凤凰路"), line(50))],
        [(road(pci=75), ROAD_LINE), (road(component_id="44040200000000002"), (X, Y + 50))],
        ["crossfield.pci_grade", "geometry.wrong_type"],
    ),
    "bridge": (
        [(bridge(), (X, Y)), (bridge(component_id="44040202009000002"), (X + 300, Y))],
        [(bridge(bci=62), (X, Y)), (bridge(component_id="44040202009000002", built_year="1998年"), (X + 300, Y))],
        ["crossfield.bci_grade", "schema.type"],
    ),
    "tree": (
        [(tree(), (X, Y)), (tree(component_id="44040204002000002"), (X + 8, Y))],
        [
            (tree(age_years=320, protection_grade="grade_3"), (X, Y)),
            (tree(component_id="44040204002000002"), (X + 250_000, Y)),
        ],
        ["crossfield.protection_grade_age", "geometry.outside_extent"],
    ),
    "park": (
        [(park(), square(X, Y)), (park(component_id="44040204013000002", name="海滨公园"), square(X + 500, Y))],
        [
            (park(), BOWTIE),
            (park(component_id="44040204013000002", park_kind="大公园"), square(X + 500, Y)),
            (park(component_id="44040204013000003"), square(X + 500.2, Y)),
        ],
        ["geometry.invalid", "record.same_geometry", "schema.codelist"],
    ),
    "park_facility": (
        [(facility(), (X, Y)), (facility(component_id="44040201046000002", name="人民公园座椅002"), (X + 5, Y))],
        [
            (facility(component_id="44040202009000001"), (X, Y)),
            (facility(initial_date="2019-02-30"), (X + 5, Y)),
            (facility(name="人民公园座椅003"), (X + 10, Y)),
        ],
        ["identifier.class_code", "record.duplicate_id", "schema.date_format"],
    ),
    "lighting_cabinet": (
        [(cabinet(), (X, Y)), (cabinet(component_id="44040201060000002", name="人民路配电箱02"), (X + 400, Y))],
        [
            (cabinet(component_id="44040201037000001"), (X, Y)),
            (cabinet(component_id="44040201060000002", circuit_count=0), (X + 400, Y)),
            (cabinet(component_id="44040201060000003", control_mode="声控"), (X + 800, Y)),
        ],
        ["identifier.class_code", "schema.codelist", "schema.range"],
    ),
}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    expected = {}
    for family, (valid, invalid, rules) in EXAMPLES.items():
        write_geojson(OUT / f"{family}.valid.geojson", valid)
        write_geojson(OUT / f"{family}.invalid.geojson", invalid)
        expected[family] = {"valid": f"{family}.valid.geojson", "invalid": f"{family}.invalid.geojson", "rules": rules}
    body = {
        "description": "Example deliveries of standard 1.1 (EPSG:4547, checked with the Zhuhai profile): each family's "
        "valid file gives no finding, its invalid file exactly the rules listed. Written by scripts/make_examples.py.",
        "examples": expected,
    }
    (OUT / "expected.json").write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
