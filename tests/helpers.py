"""Small builders shared by the test tiers (no QGIS, no database)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

VALID_LIGHT = {
    "component_id": "44040201037000001",
    "name": "人民路路灯001",
    "competent_dept_code": "11440400MB2C10093Y",
    "competent_dept_name": "珠海市城市管理和综合执法局",
    "grid_code": "440402001001001",
    "status": "intact",
    "initial_date": "2020-05-01",
    "lamp_type": "LED",
    "lamp_power_w": 120,
    "pole_height_m": 10,
    "road_class": "arterial",
    "road_name": "人民路",
}
COMMON = {
    "name": "测试部件",
    "competent_dept_code": "11440400MB2C10093Y",
    "competent_dept_name": "珠海市城市管理和综合执法局",
    "grid_code": "440402001001001",
    "status": "intact",
    "initial_date": "2020-05-01",
}
ROAD_LINE = {"type": "LineString", "coordinates": [[452000, 2462000], [452500, 2462000]]}


def tree(**changes: Any) -> dict[str, Any]:
    return {
        **COMMON,
        "component_id": "44040204002000001",
        "species_zh": "细叶榕",
        "species_latin": "Ficus microcarpa",
        "protection_grade": "none",
        "vigour": "normal",
        "age_years": 40,
        **changes,
    }


def bridge(**changes: Any) -> dict[str, Any]:
    return {
        **COMMON,
        "component_id": "44040202009000001",
        "structure_type": "beam",
        "maintenance_class": "III",
        "built_year": 1998,
        "bci": 85,
        "bci_grade": "B",
        **changes,
    }


def road(**changes: Any) -> dict[str, Any]:
    return {
        **COMMON,
        "component_id": "44040200000000001",
        "road_name": "人民路",
        "road_class": "arterial",
        "pavement_type": "asphalt",
        "pci": 92,
        "condition_grade": "A",
        **changes,
    }


def park(**changes: Any) -> dict[str, Any]:
    return {**COMMON, "component_id": "44040204013000001", "park_kind": "community_park", **changes}


# a point inside 香洲区 in EPSG:4547
XIANGZHOU_XY = (452000.0, 2462000.0)


def square(x0: float, y0: float, width: float = 100.0, height: float | None = None) -> dict[str, Any]:
    """A GeoJSON polygon: the rectangle from (x0, y0), a square unless a height is given."""
    top = y0 + (width if height is None else height)
    ring = [[x0, y0], [x0 + width, y0], [x0 + width, top], [x0, top], [x0, y0]]
    return {"type": "Polygon", "coordinates": [ring]}


def light(**changes: Any) -> dict[str, Any]:
    properties = dict(VALID_LIGHT)
    for key, value in changes.items():
        if value is None:
            properties.pop(key, None)
        else:
            properties[key] = value
    return properties


def write_geojson(path: Path, features: list[tuple[dict[str, Any], Any]], epsg: int | None = 4547) -> Path:
    """Write features given as (properties, (x, y) | GeoJSON geometry | None)."""
    collection: dict[str, Any] = {"type": "FeatureCollection", "features": []}
    if epsg is not None:
        collection["crs"] = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{epsg}"}}
    for properties, geometry in features:
        if isinstance(geometry, tuple):
            geometry = {"type": "Point", "coordinates": list(geometry)}
        collection["features"].append({"type": "Feature", "properties": properties, "geometry": geometry})
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return path


def numbered_lights(count: int, start: int = 1, **changes: Any) -> list[tuple[dict[str, Any], tuple]]:
    features = []
    for serial in range(start, start + count):
        properties = light(component_id=f"44040201037{serial:06d}", **changes)
        features.append((properties, (XIANGZHOU_XY[0] + serial * 30.0, XIANGZHOU_XY[1])))
    return features


def shared_file(*parts: str) -> Path:
    """A file of ../shared (reference data, real deliveries), found beside the checkout."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent.joinpath("shared", *parts)
        if candidate.exists():
            return candidate
    pytest.skip(f"shared/{'/'.join(parts)} is not beside this checkout")


def edit_json(path: Path, change: Any) -> None:
    """Change a JSON file of a standard in place: ``change`` gets the parsed body and edits it."""
    body = json.loads(path.read_text(encoding="utf-8"))
    change(body)
    path.write_text(json.dumps(body, ensure_ascii=False, indent=2), encoding="utf-8")


def next_standard(root: Path) -> Path:
    """A copy of the published versions under ``root`` and a version 1.2 that is 1.1 renumbered, for a
    test to change (edit_json) and read with ``Standard("1.2", root=root)``; returns the 1.2 folder."""
    from asset_registry.paths import standards_dir

    for version in ("1.0", "1.1"):
        shutil.copytree(standards_dir() / version, root / version)
    target = root / "1.2"
    shutil.copytree(standards_dir() / "1.1", target)
    edit_json(target / "standard.json", lambda body: body.update(version="1.2"))
    return target
